# `hsc encode A ARGS` and `hsc encode B ARGS` print the same figures (everything after the image
# name but the time). Variables: HSC, A, B, ARGS (;-list).
foreach(which A B)
  execute_process(COMMAND ${HSC} encode ${${which}} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE line ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "hsc encode ${${which}} failed: ${err}")
  endif()
  string(REGEX REPLACE "^.*\"height\"" "" line "${line}")
  string(REGEX REPLACE "\"seconds\": [0-9.e+-]+" "" line "${line}")
  set(figures_${which} "${line}")
endforeach()
if(NOT figures_A STREQUAL figures_B)
  message(FATAL_ERROR "different figures:\n${figures_A}\n${figures_B}")
endif()
