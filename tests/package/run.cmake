# Builds and runs examples/consumer against hsc as a downstream project would take it:
#   HSC_CONSUME=find_package: installs the build under test (HSC_BUILD_DIR) into a scratch prefix,
#     checks what landed there (headers, CMake package, pkg-config file, the tool when it is built),
#     then find_package;
#   HSC_CONSUME=add_subdirectory or fetchcontent: the checkout at HSC_SOURCE_DIR itself.
# Run with cmake -P; see tests/CMakeLists.txt.
set(work ${HSC_WORK_DIR}/${HSC_CONSUME})
set(prefix ${work}/prefix)
file(REMOVE_RECURSE ${work})

function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "package test step failed (${result}): ${ARGN}")
  endif()
endfunction()

# Release, as a user builds: unoptimized, the consumer's bank and OMP run took 50 s of CPU each time.
set(consumer_args -DCMAKE_CXX_COMPILER=${HSC_CXX_COMPILER} -DHSC_CONSUME=${HSC_CONSUME} -DCMAKE_BUILD_TYPE=Release)
if(HSC_CONSUME STREQUAL "find_package")
  step(${CMAKE_COMMAND} --install ${HSC_BUILD_DIR} --prefix ${prefix})
  set(expected include/hsc/hsc.hpp include/hsc/encoder/encoder.hpp share/cmake/hsc/hscConfig.cmake
      share/cmake/hsc/hscConfigVersion.cmake share/cmake/hsc/hscTargets.cmake share/pkgconfig/hsc.pc)
  if(HSC_WITH_TOOL)
    list(APPEND expected bin/hsc)
  endif()
  foreach(file IN LISTS expected)
    if(NOT EXISTS ${prefix}/${file})
      message(FATAL_ERROR "cmake --install did not install ${file}")
    endif()
  endforeach()
  if(HSC_WITH_TOOL)
    step(${prefix}/bin/hsc --version)
  endif()
  # The Python package, imported from the prefix alone (not from the build tree).
  if(HSC_PYTHON)
    step(${CMAKE_COMMAND} -E env PYTHONPATH=${prefix}/${HSC_PYTHON_INSTALL_DIR} ${HSC_PYTHON} -c
         "import hsc, sys; assert hsc.__file__.startswith(sys.argv[1]), hsc.__file__; assert len(hsc.heterogeneous_bank()) == 144"
         ${prefix})
  endif()
  # The pkg-config file names the include directory and hsc's own dependencies.
  find_program(pkg_config pkg-config)
  if(pkg_config)
    execute_process(COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${prefix}/share/pkgconfig
                    ${pkg_config} --cflags hsc OUTPUT_VARIABLE flags RESULT_VARIABLE result)
    if(NOT result EQUAL 0 OR NOT flags MATCHES "-I[^ ]*/share/pkgconfig/../../include")
      message(FATAL_ERROR "pkg-config --cflags hsc gave '${flags}' (${result})")
    endif()
  endif()
  list(APPEND consumer_args -DCMAKE_PREFIX_PATH=${prefix})
else()
  list(APPEND consumer_args -DHSC_SOURCE_DIR=${HSC_SOURCE_DIR} -DFETCHCONTENT_SOURCE_DIR_HSC=${HSC_SOURCE_DIR})
endif()
step(${CMAKE_COMMAND} -S ${HSC_SOURCE_DIR}/examples/consumer -B ${work}/consumer-build ${consumer_args})
step(${CMAKE_COMMAND} --build ${work}/consumer-build)
step(${work}/consumer-build/hsc_consumer)
