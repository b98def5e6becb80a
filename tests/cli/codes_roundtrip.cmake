# hsc encode --codes/--input-out, then check_codes rebuilds the image from the written maps and
# must find the PSNR the JSON line reported. Variables: HSC, CHECK, IMAGE, OUT (a directory).
set(bank ${OUT}/roundtrip_bank.npy)
execute_process(COMMAND ${HSC} bank --kind heterogeneous --out ${bank} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hsc bank failed")
endif()
execute_process(COMMAND ${HSC} encode ${IMAGE} --bank-file ${bank} --solver mp --atoms 3000
                        --codes ${OUT}/codes.npy --input-out ${OUT}/input.npy
                RESULT_VARIABLE rc OUTPUT_VARIABLE json)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hsc encode failed: ${json}")
endif()
string(REGEX MATCH "\"psnr_db\": ([0-9.]+)" _ "${json}")
if(NOT CMAKE_MATCH_1)
  message(FATAL_ERROR "no psnr_db in: ${json}")
endif()
execute_process(COMMAND ${CHECK} ${OUT}/codes.npy ${OUT}/input.npy ${bank} ${CMAKE_MATCH_1} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "codes do not reconstruct the reported PSNR")
endif()
