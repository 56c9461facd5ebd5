# Runs model-resolve on a fixture that must fail, and checks that it does and
# that it names each expected unresolved name.
#   -DTOOL=<model-resolve> -DMODEL=<file.json> -DEXPECT="name;name"
execute_process(COMMAND "${TOOL}" "${MODEL}"
                RESULT_VARIABLE Result OUTPUT_VARIABLE Output
                ERROR_VARIABLE Output)
message("${Output}")
if(NOT Result EQUAL 1)
  message(FATAL_ERROR "model-resolve exited with '${Result}', expected 1")
endif()
foreach(Name IN LISTS EXPECT)
  string(FIND "${Output}" "unresolved: ${Name} " At)
  if(At EQUAL -1)
    message(FATAL_ERROR "model-resolve did not report ${Name}")
  endif()
endforeach()
