# Flags for hsc's own programs (tests, benchmarks, the CLI); never applied to the hsc target.

set(HSC_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)

include(CheckCXXCompilerFlag)
check_cxx_compiler_flag(-march=native HSC_HAS_MARCH_NATIVE)

# hsc_program(target) — warnings on, linked to hsc.
function(hsc_program target)
  target_link_libraries(${target} PRIVATE hsc::hsc)
  target_compile_options(${target} PRIVATE ${HSC_WARNINGS})
endfunction()
