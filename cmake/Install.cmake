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

# A Debian package of the installation (cpack -G DEB in the build
# directory). Packages for different LLVM majors install the same files:
# each provides, conflicts with and replaces the virtual package
# dbsession-tidy, so one is installed at a time.
set(CPACK_PACKAGE_NAME "dbsession-tidy-llvm${LLVM_VERSION_MAJOR}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "clang-tidy checks for database session misuse (LLVM ${LLVM_VERSION_MAJOR})")
set(CPACK_PACKAGE_HOMEPAGE_URL "${DBSESSION_HOMEPAGE_URL}")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "dbsession-tidy developers")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "clang-tidy-${LLVM_VERSION_MAJOR}, libclang-cpp${LLVM_VERSION_MAJOR}, libllvm${LLVM_VERSION_MAJOR}")
set(CPACK_DEBIAN_PACKAGE_PROVIDES dbsession-tidy)
set(CPACK_DEBIAN_PACKAGE_CONFLICTS dbsession-tidy)
set(CPACK_DEBIAN_PACKAGE_REPLACES dbsession-tidy)
include(CPack)
