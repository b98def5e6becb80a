# A synthetic session written with --write-data and read back with --data gives the same figures:
# the CSV keeps every sample bit for bit and the draw is the same. Variables: PROGRAM (with its
# arguments, a list), OUT (a folder).
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${PROGRAM} --write-data ${OUT}/concentration.csv RESULT_VARIABLE rc OUTPUT_VARIABLE generated
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "--write-data failed (${rc}): ${err}")
endif()
list(FIND PROGRAM --session at)
list(REMOVE_AT PROGRAM ${at})
list(REMOVE_AT PROGRAM ${at}) # and its value: a CSV run has no synthetic session
execute_process(COMMAND ${PROGRAM} --data ${OUT}/concentration.csv RESULT_VARIABLE rc OUTPUT_VARIABLE read
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "--data failed (${rc}): ${err}")
endif()
string(REPLACE "\"sensors\": \"authors\"" "\"sensors\": \"csv\"" generated "${generated}")
if(NOT generated STREQUAL read OR read STREQUAL "")
  message(FATAL_ERROR "the CSV run differs from the synthetic one:\n${generated}\n---\n${read}")
endif()
