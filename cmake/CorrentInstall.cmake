# Install the framework and an exported CMake package, so that code outside the tree can
# find_package(corrent) and link corrent::framework.
include(CMakePackageConfigHelpers)

install(TARGETS corrent_framework EXPORT correntTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/framework/include/corrent
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/framework/include/corrent/core/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/corrent/core)
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
