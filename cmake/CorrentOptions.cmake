# Compiler flags shared by every corrent target.
add_library(corrent_options INTERFACE)
target_compile_options(corrent_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wno-missing-field-initializers)
# GCC 12 warns -Wmismatched-new-delete on some coroutines (KRPC messages, session
# settings in the frame): Asio's frame operator new/delete pair is matched, and the warning
# comes and goes with inlining (GCC's coroutine false positive, PR 109224). Turned off for
# the sources named, so a real mismatch elsewhere is still seen. (Older ones still warn:
# event_bus.cpp, session.cpp, engine_runner.cpp and some session tests.)
function(corrent_gcc_coroutine_false_positive)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # Source properties belong to the calling directory: call it where the target is made.
    set_source_files_properties(${ARGN} PROPERTIES COMPILE_OPTIONS -Wno-mismatched-new-delete)
  endif()
endfunction()

if(CORRENT_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "CORRENT_FUZZ needs clang (configure with -DCMAKE_CXX_COMPILER=clang++)")
endif()

# One set of sanitizer flags (CMake drops repeated options, so they must not be split).
# CORRENT_FUZZ instruments everything for libFuzzer's coverage as well; the fuzz
# executables add -fsanitize=fuzzer when they link.
set(_san_compile "")
set(_san_link "")
if(CORRENT_FUZZ)
  set(_san_compile -fsanitize=fuzzer-no-link,address,undefined)
  set(_san_link -fsanitize=address,undefined)
elseif(CORRENT_SANITIZE)
  set(_san_compile -fsanitize=address,undefined)
  set(_san_link -fsanitize=address,undefined)
endif()
if(_san_compile)
  list(APPEND _san_compile -fno-sanitize-recover=all -fno-omit-frame-pointer)
  # clang 14 cannot emit UBSan's -fsanitize=function checks in coroutine functions
  # ("Cannot represent a difference across sections"): leave that one check out.
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    list(APPEND _san_compile -fno-sanitize=function)
    list(APPEND _san_link -fno-sanitize=function)
  endif()
  add_compile_options(${_san_compile})
  add_link_options(${_san_link})
endif()

# What a project built against an instrumented corrent must pass too (tests/out_of_tree and
# tests/extension build such projects): the sanitizer runtimes, without libFuzzer's
# coverage, which the instrumented library's hooks find in the ASan runtime. One string, for
# CMAKE_CXX_FLAGS, which CMake passes to the compile and the link steps alike.
set(CORRENT_CONSUMER_CXX_FLAGS "")
if(_san_compile)
  set(CORRENT_CONSUMER_CXX_FLAGS "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer")
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    string(APPEND CORRENT_CONSUMER_CXX_FLAGS " -fno-sanitize=function")
  endif()
endif()
