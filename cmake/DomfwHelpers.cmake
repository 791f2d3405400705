# domfw_library(NAME SOURCES... DEPS...): a static library of one layer, src/<layer>.
# It exposes only its own headers: callers include "<layer>/x.hpp" through a directory that holds
# nothing but a link to src/<layer>, so a folder can include a header only of a library it links
# (directly or through its dependencies), which DEPS keep to DESIGN.md's layer table. Only core
# exposes include/ (the abi headers); everything above it gets them through core.
function(domfw_library name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${A_SOURCES})
  get_filename_component(layer ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  set(exposed ${PROJECT_BINARY_DIR}/layer-include/${layer})
  file(MAKE_DIRECTORY ${exposed})
  file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${exposed}/${layer} SYMBOLIC)
  target_include_directories(${name} PUBLIC ${exposed})
  if(layer STREQUAL "core")
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/include)
  endif()
  target_link_libraries(${name} PUBLIC ${A_DEPS} PRIVATE domfw_warnings)
endfunction()

# domfw_gtest(NAME SOURCES... DEPS... LABELS...): a GoogleTest program registered with CTest.
function(domfw_gtest name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE ${A_DEPS} GTest::gtest GTest::gtest_main GTest::gmock domfw_warnings)
  target_compile_definitions(${name} PRIVATE
    DOMFW_SOURCE_DIR="${PROJECT_SOURCE_DIR}" DOMFW_SHARED_DIR="${DOMFW_SHARED_DIR}"
    DOMFW_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT A_LABELS)
    set(A_LABELS unit)
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${A_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()

# domfw_fuzzer(NAME SOURCE DEPS...): a libFuzzer target, run by CTest for DOMFW_FUZZ_SECONDS
# against its seed corpus folder (tests/fuzz/corpus/NAME, if present). Only with DOMFW_FUZZ.
function(domfw_fuzzer name source)
  if(NOT DOMFW_FUZZ)
    return()
  endif()
  add_executable(${name} ${source})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${name} PRIVATE ${ARGN} domfw_warnings)
  set(seeds ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/${name})
  set(work ${PROJECT_BINARY_DIR}/fuzz-work/${name})
  file(MAKE_DIRECTORY ${work})
  set(args -max_total_time=${DOMFW_FUZZ_SECONDS} -print_final_stats=1 -timeout=10 -rss_limit_mb=4096 ${work})
  if(EXISTS ${seeds})
    list(APPEND args ${seeds})
  endif()
  if(DEFINED DOMFW_FUZZ_STACK_KB_${name})
    # Under a smaller stack than the usual 8 MiB (ulimit -s), for targets about recursion depth.
    add_test(NAME fuzz.${name} COMMAND sh -c "ulimit -s ${DOMFW_FUZZ_STACK_KB_${name}} && exec \"$0\" \"$@\""
                                       $<TARGET_FILE:${name}> ${args})
  else()
    add_test(NAME fuzz.${name} COMMAND ${name} ${args})
  endif()
  set_tests_properties(fuzz.${name} PROPERTIES LABELS fuzz TIMEOUT 900)
endfunction()

# domfw_benchmark(NAME SOURCES... DEPS...): a Google Benchmark program; CTest runs it briefly
# (label bench-smoke) so it cannot rot. Real measurements: bench/run.sh.
function(domfw_benchmark name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE ${A_DEPS} benchmark::benchmark domfw_warnings)
  target_compile_definitions(${name} PRIVATE
    DOMFW_SOURCE_DIR="${PROJECT_SOURCE_DIR}" DOMFW_SHARED_DIR="${DOMFW_SHARED_DIR}")
  if(DOMFW_TESTS)
    add_test(NAME bench.${name} COMMAND ${name} --benchmark_min_time=0.01)
    set_tests_properties(bench.${name} PROPERTIES LABELS bench-smoke TIMEOUT 300)
  endif()
endfunction()
