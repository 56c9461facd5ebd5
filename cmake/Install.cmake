# cmake --install: the module (the guard and the checks it loads from its own
# directory), the runner, the annotations header, the documentation and a
# CMake package (find_package(DbSessionTidy)). One LLVM major per prefix.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(DBSESSION_INSTALL_MODULE_DIR "${CMAKE_INSTALL_LIBDIR}/dbsession-tidy")
set(DBSESSION_INSTALL_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/DbSessionTidy")

install(TARGETS dbsession-tidy dbsession-tidy-checks
  LIBRARY DESTINATION "${DBSESSION_INSTALL_MODULE_DIR}")
# The runner links the shared Clang and LLVM of its major.
set_target_properties(dbsession-tidy-cli PROPERTIES
  INSTALL_RPATH "${LLVM_LIBRARY_DIR}")
install(TARGETS dbsession-tidy-cli RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(FILES include/dbsession/annotations.h
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/dbsession")
install(FILES README.md DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(DIRECTORY docs/ DESTINATION "${CMAKE_INSTALL_DOCDIR}"
  FILES_MATCHING PATTERN "*.md")
install(FILES .pre-commit-hooks.yaml DESTINATION "${CMAKE_INSTALL_DOCDIR}")

configure_package_config_file(cmake/DbSessionTidyConfig.cmake.in
  "${CMAKE_BINARY_DIR}/DbSessionTidyConfig.cmake"
  INSTALL_DESTINATION "${DBSESSION_INSTALL_CMAKE_DIR}"
  PATH_VARS DBSESSION_INSTALL_MODULE_DIR CMAKE_INSTALL_BINDIR
            CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(
  "${CMAKE_BINARY_DIR}/DbSessionTidyConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_BINARY_DIR}/DbSessionTidyConfig.cmake"
              "${CMAKE_BINARY_DIR}/DbSessionTidyConfigVersion.cmake"
  DESTINATION "${DBSESSION_INSTALL_CMAKE_DIR}")
