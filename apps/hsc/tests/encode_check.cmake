# Runs `hsc encode IMAGE --bank-file <BANK bank> ${ENCODE_ARGS} --codes --input-out`, then
#  - if SPARSENESS and PSNR are given (SPORCO's values from tests/data/natural/REFERENCE.md), checks
#    the reported figures within ±0.0003 and ±0.15 dB;
#  - always: check_codes rebuilds the written input from the written codes with plain loops and
#    must find the reported PSNR.
# Variables: HSC, CHECK, IMAGE, BANK (heterogeneous|homogeneous), ENCODE_ARGS (;-list), OUT,
# optional SPARSENESS and PSNR.
file(MAKE_DIRECTORY ${OUT})
set(bank_file ${OUT}/${BANK}.npy)
execute_process(COMMAND ${HSC} bank --kind ${BANK} --out ${bank_file} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hsc bank failed")
endif()
execute_process(COMMAND ${HSC} encode ${IMAGE} --bank-file ${bank_file} ${ENCODE_ARGS}
                        --codes ${OUT}/codes.npy --input-out ${OUT}/input.npy
                RESULT_VARIABLE rc OUTPUT_VARIABLE json ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hsc encode failed: ${err}")
endif()
message(STATUS "${json}")
string(REGEX MATCH "\"sparseness\": ([0-9.]+)" _ "${json}")
set(sparseness ${CMAKE_MATCH_1})
string(REGEX MATCH "\"psnr_db\": ([0-9.]+)" _ "${json}")
set(psnr ${CMAKE_MATCH_1})
if(NOT psnr)
  message(FATAL_ERROR "no psnr_db in: ${json}")
endif()
# |got − want| <= tolerance, compared in fixed point with 6 decimals (cmake has no floating point).
function(check_close name got want tolerance)
  foreach(var IN ITEMS got want tolerance)
    string(REGEX MATCH "^([0-9]*)\\.?([0-9]*)$" _ "${${var}}")
    set(frac "${CMAKE_MATCH_2}000000")
    string(SUBSTRING "${frac}" 0 6 frac)
    math(EXPR ${var}_int "${CMAKE_MATCH_1}0 / 10 * 1000000 + 1${frac} - 1000000")
  endforeach()
  math(EXPR diff "${got_int} - ${want_int}")
  if(diff LESS 0)
    math(EXPR diff "-${diff}")
  endif()
  if(diff GREATER tolerance_int)
    message(FATAL_ERROR "${name} ${got} differs from SPORCO's ${want} by more than ${tolerance}")
  endif()
  message(STATUS "${name}: hsc ${got}, SPORCO ${want} (tolerance ${tolerance})")
endfunction()
if(DEFINED SPARSENESS AND DEFINED PSNR)
  check_close(sparseness ${sparseness} ${SPARSENESS} 0.0003)
  check_close(psnr ${psnr} ${PSNR} 0.15)
endif()
execute_process(COMMAND ${CHECK} ${OUT}/codes.npy ${OUT}/input.npy ${bank_file} ${psnr} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the codes do not rebuild the input at the reported PSNR")
endif()
