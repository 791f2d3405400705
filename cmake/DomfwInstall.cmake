# `cmake --install` and `cpack -G DEB` for the domfw command (docs/install.md). libdomfw's own
# install() rules (headers, library, pkg-config file, CMake package) live with src/capi; the
# package takes whatever every install() rule installs.
include(GNUInstallDirs)
# Every rule here without a COMPONENT belongs to the command's package, domfw (the `bin` component);
# libdomfw's rules name theirs (`lib`, `dev`).
set(CMAKE_INSTALL_DEFAULT_COMPONENT_NAME bin)

install(TARGETS domfw RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The loader is a guest image (32-bit freestanding PVH ELF), not a host program: not executable.
# It goes where src/plan/loader_file.cpp looks, PREFIX/lib/domfw with PREFIX the directory above
# the installed command's: a fixed "lib", not CMAKE_INSTALL_LIBDIR (lib/x86_64-linux-gnu on
# Debian), which the command cannot know at run time.
set(DOMFW_INSTALL_LOADERDIR lib/domfw)
install(FILES $<TARGET_FILE:domfw_loader_elf> DESTINATION ${DOMFW_INSTALL_LOADERDIR}
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

# Man pages for domfw and each of its commands, generated from their --help texts by
# tools/gen-man each time the command is relinked, so they never drift. Off by default in the
# sanitizer builds, where the command starts slowly and nobody installs (-DDOMFW_MAN=ON builds them).
find_program(DOMFW_HELP2MAN help2man)
if(DOMFW_SANITIZE OR DOMFW_FUZZ OR NOT DOMFW_HELP2MAN)
  set(man_default OFF)
else()
  set(man_default ON)
endif()
option(DOMFW_MAN "Generate and install the man pages (needs help2man)" ${man_default})
if(DOMFW_MAN)
  if(NOT DOMFW_HELP2MAN)
    message(FATAL_ERROR "DOMFW_MAN needs help2man (apt-get install help2man, or -DDOMFW_MAN=OFF)")
  endif()
  set(man_dir ${PROJECT_BINARY_DIR}/man/man1)
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/man/stamp
    COMMAND ${PROJECT_SOURCE_DIR}/tools/gen-man $<TARGET_FILE:domfw> ${PROJECT_VERSION} ${man_dir}
    COMMAND ${CMAKE_COMMAND} -E touch ${PROJECT_BINARY_DIR}/man/stamp
    DEPENDS domfw ${PROJECT_SOURCE_DIR}/tools/gen-man
    COMMENT "Man pages from domfw's --help texts")
  add_custom_target(domfw_man ALL DEPENDS ${PROJECT_BINARY_DIR}/man/stamp)
  install(DIRECTORY ${man_dir} DESTINATION ${CMAKE_INSTALL_MANDIR})
elseif(CMAKE_BUILD_TYPE STREQUAL "Release")
  message(WARNING "No man pages: help2man not found (scripts/setup installs it)")
endif()

# The user guides, the copyright file (Debian reads it at /usr/share/doc/PACKAGE/copyright) and
# the bash completion.
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# docs/ keeps its name, so README.md's links (docs/x.md) and docs/README.md stay as they are.
install(DIRECTORY docs DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING PATTERN "*.md")
install(FILES packaging/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES packaging/domfw.bash-completion DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME domfw)
# The lintian tags this package carries on purpose, each with its reason (docs/install.md).
install(FILES packaging/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME domfw)
# Each of libdomfw's packages carries its own copyright file and overrides (Debian Policy 12.5).
install(FILES packaging/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/libdomfw0 COMPONENT lib)
install(FILES packaging/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/libdomfw-dev COMPONENT dev)
install(FILES packaging/libdomfw0.lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        RENAME libdomfw0 COMPONENT lib)
install(FILES packaging/libdomfw-dev.lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        RENAME libdomfw-dev COMPONENT dev)

# cpack -G DEB (from the release preset): three packages, as Debian Policy 8 asks of a library
# (the shared library in a package named after its SONAME, what only building against it needs in
# -dev), each PACKAGE_VERSION_ARCH.deb with Depends computed by dpkg-shlibdeps from its ELF files:
#   domfw         the command, its loader, man pages, docs (component bin)
#   libdomfw0     libdomfw.so.0 (component lib)
#   libdomfw-dev  libdomfw.so, libdomfw.a, headers, domfw.pc, the CMake package (component dev)
set(DOMFW_PACKAGE_MAINTAINER "domfw developers <domfw@localhost>" CACHE STRING
    "The Maintainer field of the Debian package (a distributor sets their own)")
set(CPACK_PACKAGE_NAME domfw)
set(CPACK_PACKAGE_VENDOR domfw)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Xen guest boot configuration and firmware modules")
# The first line (the synopsis) comes from the summary; lines under 80 characters for dpkg.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "domfw reads and checks xl.cfg files exactly as Xen's libxlutil does,
with compiler-style errors; reads the host's SMBIOS structures and ACPI
tables, selects and scrubs what a guest should see, and packs them into
checksummed firmware modules with a guest memory plan; and writes what
stock Xen consumes (smbios_firmware, acpi_firmware, xenstore keys,
hvm_info_table), with a PVH loader that lays out the guest's firmware.")
set(CPACK_PACKAGE_CONTACT "${DOMFW_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${DOMFW_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL bin lib dev)
set(CPACK_DEBIAN_BIN_PACKAGE_NAME domfw)
set(CPACK_DEBIAN_LIB_PACKAGE_NAME libdomfw0)
set(CPACK_DEBIAN_LIB_PACKAGE_SECTION libs)
# The ldconfig trigger Debian asks of a shared library package (CPack 3.25 writes none).
set(CPACK_DEBIAN_LIB_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/packaging/libdomfw0/triggers)
# The synopsis line is the summary above for all three (CPack has one); the text says which is which.
set(CPACK_DEBIAN_LIB_DESCRIPTION "libdomfw, domfw's C library (docs/library.md): the same readers, checks
and writers for programs, behind the C API of domfw/domfw.h.

This package holds the shared library, libdomfw.so.0.")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libdomfw-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libdomfw0 (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_DEV_DESCRIPTION "libdomfw, domfw's C library (docs/library.md): the same readers, checks
and writers for programs, behind the C API of domfw/domfw.h.

This package holds what building against it needs: the header domfw/domfw.h,
libdomfw.so, the static libdomfw.a, the pkg-config file domfw.pc and the
CMake package (find_package(domfw)).")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libdomfw.so.0 (src/capi): a shlibs file, so packages built against it depend on this one, and
# the ldconfig trigger that lintian asks of a package shipping a shared library.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
# `domfw run` boots guests under QEMU or hands them to xl; neither is needed for the rest.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qemu-system-x86, ovmf, xen-utils-common")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
include(CPack)

# `domfw_product`: everything the rules above install, and nothing else (no tests, no benchmarks).
# README command (1), scripts/demo, builds this target of the release preset: a user who wants the
# tool does not need the test programs, and at -O3 they are most of the build's time.
add_custom_target(domfw_product)
add_dependencies(domfw_product domfw domfw_loader_elf domfw_shared domfw_static)
if(DOMFW_MAN)
  add_dependencies(domfw_product domfw_man)
endif()
