# A study prints the same lines whatever its thread count: each job is scored on its own and the
# results are kept in job order. Variables: PROGRAM (with its arguments, a list).
foreach(threads IN ITEMS 1 2)
  execute_process(COMMAND ${PROGRAM} --threads ${threads} RESULT_VARIABLE rc OUTPUT_VARIABLE out_${threads}
                  ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} --threads ${threads} failed (${rc}): ${err}")
  endif()
endforeach()
if(NOT out_1 STREQUAL out_2 OR out_1 STREQUAL "")
  message(FATAL_ERROR "1 and 2 threads differ:\n${out_1}\n---\n${out_2}")
endif()
