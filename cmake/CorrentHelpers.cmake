# corrent_add_plugin(NAME <name> SOURCES ...): one static library per plugin, exported as
# corrent::plugin_<name>. Its public header lives in include/corrent/plugins/<name>.hpp.
function(corrent_add_plugin)
  cmake_parse_arguments(P "" "NAME" "SOURCES;DEPS" ${ARGN})
  set(target corrent_plugin_${P_NAME})
  add_library(${target} STATIC ${P_SOURCES})
  add_library(corrent::plugin_${P_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  # A static library's private deps are exported as LINK_ONLY: the warning flags stay in
  # this build (BUILD_INTERFACE); P_DEPS are found again by correntConfig.cmake.
  target_link_libraries(${target} PUBLIC corrent::framework PRIVATE $<BUILD_INTERFACE:corrent_options> ${P_DEPS})
  set_target_properties(${target} PROPERTIES EXPORT_NAME plugin_${P_NAME})
  set_property(GLOBAL APPEND PROPERTY CORRENT_PLUGIN_TARGETS ${target})
  set_property(GLOBAL APPEND PROPERTY CORRENT_PUBLIC_HEADER_DIRS ${CMAKE_CURRENT_SOURCE_DIR}/include)
endfunction()

