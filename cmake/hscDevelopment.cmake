# Flags for hsc's own programs (tests, benchmarks, the CLI); never applied to the hsc target.

set(HSC_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)

include(CheckCXXCompilerFlag)
check_cxx_compiler_flag(-march=native HSC_HAS_MARCH_NATIVE)

# The tests' sanitizer builds: the unit tests, the IDX tests and the tool the hostile-input suite
# runs against (tests/CMakeLists.txt, apps/hsc/CMakeLists.txt).
option(HSC_TEST_SANITIZERS "Also build and run the unit tests and the hostile-input suite under ASan and UBSan" ON)
# -g1 (line tables): reports keep file:line; full -g made the sanitized unit suite 2.3x slower to compile.
set(hsc_sanitizer_flags -O1 -g1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
    -UNDEBUG -DHSC_ENABLE_ASSERTS)

# hsc_program(target) — warnings on, linked to hsc.
function(hsc_program target)
  target_link_libraries(${target} PRIVATE hsc::hsc)
  target_compile_options(${target} PRIVATE ${HSC_WARNINGS})
endfunction()

# hsc_expect(NAME EXIT REGEX PROGRAM ARGS...): a test that runs PROGRAM (a target or a path) with
# ARGS and checks its exit code and that its output matches REGEX — how the tool and the study
# programs must succeed, and fail, as a user sees them.
function(hsc_expect name exit_code regex program)
  if(TARGET ${program})
    set(program $<TARGET_FILE:${program}>)
  endif()
  list(JOIN ARGN " " args)
  add_test(NAME ${name}
    COMMAND ${CMAKE_COMMAND} "-DCOMMAND=${program} ${args}" -DEXIT=${exit_code} "-DREGEX=${regex}"
            -P ${PROJECT_SOURCE_DIR}/cmake/hscExpect.cmake)
endfunction()
