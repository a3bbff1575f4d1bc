# Debian packages, one per install component (cpack -G DEB, scripts/package.sh):
#   ferry                 the CLI and the local transports (dir, oci, oci-archive)
#   ferry-plugin-NAME     every other transport, each alone, depending on ferry
#   ferry-sdk             headers, CMake package, pkg-config file, manifest tool, example
# Dependencies on system libraries come from dpkg-shlibdeps, so installing
# ferry alone pulls none of the libraries only a registry or a store needs.

set(FERRY_PACKAGE_MAINTAINER "ferry maintainers <maintainers@ferry.example>" CACHE STRING
    "The Maintainer field of the Debian packages")

get_property(plugin_packages GLOBAL PROPERTY FERRY_PLUGIN_PACKAGES)
list(REMOVE_DUPLICATES plugin_packages)
list(REMOVE_ITEM plugin_packages ferry)
set(packages ferry ${plugin_packages} ferry-sdk)

# Each package carries its copyright file and changelog, as Debian policy asks;
# they are not part of a plain `cmake --install`.
string(TIMESTAMP FERRY_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(${PROJECT_SOURCE_DIR}/packaging/debian/changelog.in ${CMAKE_BINARY_DIR}/packaging/changelog @ONLY)
execute_process(COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/packaging/changelog)
foreach(package IN LISTS packages)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/debian/copyright ${CMAKE_BINARY_DIR}/packaging/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${package} EXCLUDE_FROM_ALL)
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ferry)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Empty, so that each package's description starts with its own summary.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGE_CONTACT "${FERRY_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL ${packages})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_PACKAGE_SOURCE ferry)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

# ferry_package(PACKAGE SUMMARY LINE...): one package's name, its dependency
# on ferry (plugins), and its description: the summary, then the lines of the
# long description (Debian's control format wants them under 80 columns).
function(ferry_package package summary)
  string(TOUPPER "${package}" P)
  set(CPACK_DEBIAN_${P}_PACKAGE_NAME ${package} PARENT_SCOPE)
  list(JOIN ARGN "\n" long)
  set(CPACK_DEBIAN_${P}_DESCRIPTION "${summary}\n${long}" PARENT_SCOPE)
  if(package MATCHES "^ferry-plugin-")
    set(CPACK_COMPONENT_${P}_DEPENDS ferry PARENT_SCOPE)
  endif()
endfunction()

ferry_package(ferry "copies container images between registries, layouts and archives"
  "ferry moves container images between the places where images live, without"
  "a daemon and without privileges, with skopeo's command line."
  "This package holds the CLI and the local transports (oci:, oci-archive:"
  "and dir:). Each further transport comes in a package of its own,"
  "ferry-plugin-NAME.")
foreach(package IN LISTS plugin_packages)
  string(REPLACE "ferry-plugin-" "" transport ${package})
  ferry_package(${package} "${transport}: transport for ferry"
    "The ${transport}: transport plugin for ferry, which loads it at run time"
    "when a command names an image of this transport.")
endforeach()
ferry_package(ferry-sdk "SDK for writing ferry transport plugins"
  "The C ABI header and its C++ layer, the CMake package"
  "(ferry_sdk_add_plugin), the pkg-config file, the tool that writes a"
  "plugin's manifest, and an example plugin.")
set(CPACK_DEBIAN_FERRY-SDK_PACKAGE_SECTION devel)
# Plugins build against the SDK alone; they are for the ferry installed beside it.
set(CPACK_DEBIAN_FERRY-SDK_PACKAGE_RECOMMENDS ferry)
# Programs a plugin runs rather than links (dpkg-shlibdeps cannot see them):
# sif: reads a SIF image's squashfs through unsquashfs, under fakeroot, into tar
# (tar is essential).
if("ferry-plugin-sif" IN_LIST plugin_packages)
  set(CPACK_DEBIAN_FERRY-PLUGIN-SIF_PACKAGE_RECOMMENDS "squashfs-tools, fakeroot")
endif()

include(CPack)
