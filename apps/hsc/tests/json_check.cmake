# The JSON line of `hsc encode` is valid whatever the input: a file name with quotes, a backslash
# and spaces, and an all-zero image (nothing to code: its PSNR is undefined, written as null with a
# note). The line is parsed with CMake's own JSON reader. Variables: HSC, OUT.
file(MAKE_DIRECTORY ${OUT})
set(image "${OUT}/we\"ird \\ name.pgm")
string(REPEAT "0 " 256 pixels) # 16×16 black pixels, plain PGM
file(WRITE "${image}" "P2\n16 16\n255\n${pixels}\n")
execute_process(COMMAND ${HSC} encode "${image}" --bank heterogeneous --solver=mp --atoms=50 --preprocess none
                RESULT_VARIABLE rc OUTPUT_VARIABLE line ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hsc encode failed (${rc}): ${err}")
endif()
string(JSON path ERROR_VARIABLE json_error GET "${line}" image)
if(json_error)
  message(FATAL_ERROR "not valid JSON: ${json_error}\n${line}")
endif()
if(NOT path STREQUAL image)
  message(FATAL_ERROR "the image path came back as '${path}', not '${image}'")
endif()
string(JSON psnr_type TYPE "${line}" psnr_db)
string(JSON note GET "${line}" psnr_db_note)
if(NOT psnr_type STREQUAL "NULL" OR NOT note MATCHES "constant")
  message(FATAL_ERROR "a constant image's PSNR must be null with a note: ${line}")
endif()
message(STATUS "${line}")
