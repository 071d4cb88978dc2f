# Build wiring of the sensitive-word engine's extras (issue 5), included from the top-level CMakeLists.txt
# after tests/CMakeLists.txt:
#   include(${CMAKE_SOURCE_DIR}/tests/bench/CMakeLists-wordfilter.cmake)
# The engine itself (server/src/domain/wordfilter.c, wordnorm.c and the committed generated table
# wordnorm_table.c) is picked up by the library's glob and needs nothing here.
#
# Targets, none built by default:
#   bench_wordfilter / run_bench_wordfilter  the benchmark (issue 5 targets); for meaningful figures
#                        configure a separate build dir without LG_SANITIZE, e.g.
#                        cmake -B build-bench -DCMAKE_BUILD_TYPE=Release -DLG_SANITIZE=OFF
#                        cmake --build build-bench --target run_bench_wordfilter
#   fuzz_wordfilter      the libFuzzer harness, only when the C compiler is clang (otherwise use
#                        tests/fuzz/run.sh, which calls clang itself)
#   wordnorm_table       regenerates server/src/domain/wordnorm_table.c (needs python3 and the Debian
#                        packages opencc + libopencc1.1), wordnorm_table_check compares it
# Tests: ctest test fuzz_wordfilter (label fuzz) is registered with the other harnesses in
# tests/CMakeLists.txt.

set(LG_WORDFILTER_SRC
    ${CMAKE_SOURCE_DIR}/server/src/domain/wordfilter.c
    ${CMAKE_SOURCE_DIR}/server/src/domain/wordnorm.c
    ${CMAKE_SOURCE_DIR}/server/src/domain/wordnorm_table.c)

add_executable(bench_wordfilter EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/tests/bench/wordfilter.c ${LG_WORDFILTER_SRC})
target_include_directories(bench_wordfilter PRIVATE ${CMAKE_SOURCE_DIR}/server/src)
target_compile_options(bench_wordfilter PRIVATE -O2)
target_link_libraries(bench_wordfilter PRIVATE Threads::Threads)
add_custom_target(run_bench_wordfilter COMMAND bench_wordfilter DEPENDS bench_wordfilter USES_TERMINAL)
if(LG_SANITIZE)
  message(STATUS "bench_wordfilter: built with sanitizers in this tree, configure without LG_SANITIZE to measure")
endif()

if(CMAKE_C_COMPILER_ID MATCHES "Clang")
  add_executable(fuzz_wordfilter EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_wordfilter.c
                 ${LG_WORDFILTER_SRC})
  target_include_directories(fuzz_wordfilter PRIVATE ${CMAKE_SOURCE_DIR}/server/src)
  target_compile_options(fuzz_wordfilter PRIVATE -g -O1 -fsanitize=fuzzer,address,undefined
                         -fno-sanitize-recover=undefined)
  target_link_options(fuzz_wordfilter PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(fuzz_wordfilter PRIVATE Threads::Threads)
endif()

find_program(LG_PYTHON3 python3)
if(LG_PYTHON3)
  add_custom_target(wordnorm_table
    COMMAND ${LG_PYTHON3} ${CMAKE_SOURCE_DIR}/tools/gen_wordnorm.py
    COMMENT "Regenerating server/src/domain/wordnorm_table.c from OpenCC and Unicode data" VERBATIM)
  add_custom_target(wordnorm_table_check
    COMMAND ${LG_PYTHON3} ${CMAKE_SOURCE_DIR}/tools/gen_wordnorm.py --check VERBATIM)
endif()
