# Install the framework, the client library and every plugin, with an exported CMake
# package, so that code outside the tree can find_package(corrent) and link
# corrent::framework, corrent::client or corrent::plugin_<name>.
include(CMakePackageConfigHelpers)

# The plugins and the client are static: what they link privately (each other, Abseil,
# libsodium) is exported as LINK_ONLY and found again by correntConfig.cmake.
get_property(_corrent_plugins GLOBAL PROPERTY CORRENT_PLUGIN_TARGETS)
install(TARGETS corrent_framework corrent_client ${_corrent_plugins} EXPORT correntTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/framework/include/corrent
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/framework/include/corrent/core/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/corrent/core)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/client/include/corrent
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# Each plugin's public headers: its include/ (corrent_add_plugin), merged under corrent/plugins.
foreach(_plugin IN LISTS _corrent_plugins)
  get_target_property(_plugin_dir ${_plugin} SOURCE_DIR)
  install(DIRECTORY ${_plugin_dir}/include/corrent DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
install(EXPORT correntTargets NAMESPACE corrent::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/corrent)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/correntConfig.cmake.in
  ${PROJECT_BINARY_DIR}/correntConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/corrent)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/correntConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/correntConfig.cmake
  ${PROJECT_BINARY_DIR}/correntConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/corrent)
