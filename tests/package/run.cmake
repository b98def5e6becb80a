# Installs hsc into a scratch prefix, then configures, builds and runs examples/consumer against it
# with find_package, as a downstream project would. Run with cmake -P; see tests/CMakeLists.txt.
set(prefix ${HSC_WORK_DIR}/prefix)
file(REMOVE_RECURSE ${HSC_WORK_DIR})

function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "package test step failed (${result}): ${ARGN}")
  endif()
endfunction()

step(${CMAKE_COMMAND} -S ${HSC_SOURCE_DIR} -B ${HSC_WORK_DIR}/hsc-build
     -DCMAKE_CXX_COMPILER=${HSC_CXX_COMPILER} -DCMAKE_INSTALL_PREFIX=${prefix}
     -DHSC_BUILD_TESTS=OFF -DHSC_BUILD_BENCHMARKS=OFF -DHSC_BUILD_EXAMPLES=OFF -DHSC_INSTALL=ON)
step(${CMAKE_COMMAND} --install ${HSC_WORK_DIR}/hsc-build)
step(${CMAKE_COMMAND} -S ${HSC_SOURCE_DIR}/examples/consumer -B ${HSC_WORK_DIR}/consumer-build
     -DCMAKE_CXX_COMPILER=${HSC_CXX_COMPILER} -DCMAKE_PREFIX_PATH=${prefix})
step(${CMAKE_COMMAND} --build ${HSC_WORK_DIR}/consumer-build)
step(${HSC_WORK_DIR}/consumer-build/hsc_consumer)
