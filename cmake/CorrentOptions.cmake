# Compiler flags shared by every corrent target.
add_library(corrent_options INTERFACE)
target_compile_options(corrent_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wno-missing-field-initializers)

# clang 14 cannot emit UBSan's -fsanitize=function checks in coroutine functions ("Cannot
# represent a difference across sections"), so that one check is left out under clang.
set(_no_function_check "")
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  set(_no_function_check -fno-sanitize=function)
endif()

if(CORRENT_SANITIZE)
  set(_san -fsanitize=address,undefined ${_no_function_check} -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  add_compile_options(${_san})
  add_link_options(${_san})
endif()

if(CORRENT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CORRENT_FUZZ needs clang (configure with -DCMAKE_CXX_COMPILER=clang++)")
  endif()
  # Instrument everything for coverage; fuzz executables add -fsanitize=fuzzer at link.
  if(CORRENT_SANITIZE)
    # The sanitizers are already on. Repeating "undefined" here would turn the function
    # check back on: CMake drops the second -fno-sanitize=function as a duplicate option.
    add_compile_options(-fsanitize=fuzzer-no-link)
  else()
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined ${_no_function_check}
                        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined ${_no_function_check})
  endif()
endif()
