# One cache option per in-tree transport plugin: OFF, BUILTIN (linked into the
# ferry binary) or MODULE (a shared object loaded at run time, the default).
# FERRY_MINIMAL="oci;dir" turns every plugin not named there OFF.

set(FERRY_KNOWN_PLUGINS dir oci oci-archive docker docker-archive docker-daemon containers-storage
  tarball sif ostree)
set(FERRY_MINIMAL "" CACHE STRING "Build only these plugins (a ;-list); empty builds all")
# A typo would otherwise build a ferry without the transport its builder asked for.
foreach(p IN LISTS FERRY_MINIMAL)
  if(NOT p IN_LIST FERRY_KNOWN_PLUGINS)
    string(REPLACE ";" ", " known "${FERRY_KNOWN_PLUGINS}")
    message(FATAL_ERROR "FERRY_MINIMAL names '${p}', which is not a ferry plugin; they are: ${known}")
  endif()
endforeach()

foreach(p IN LISTS FERRY_KNOWN_PLUGINS)
  string(TOUPPER "${p}" P)
  string(REPLACE "-" "_" P "${P}")
  set(FERRY_PLUGIN_${P} MODULE CACHE STRING "How to build the ${p} transport: OFF, BUILTIN or MODULE")
  set_property(CACHE FERRY_PLUGIN_${P} PROPERTY STRINGS OFF BUILTIN MODULE)
  if(FERRY_MINIMAL AND NOT p IN_LIST FERRY_MINIMAL)
    set(FERRY_PLUGIN_${P} OFF)
  endif()
endforeach()

# ostree: is built on libostree; without it (pkg-config ostree-1) the transport is left out.
if(FERRY_PLUGIN_OSTREE)
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(OSTREE IMPORTED_TARGET ostree-1)
  endif()
  if(NOT OSTREE_FOUND)
    message(STATUS "ostree transport: libostree (pkg-config ostree-1) not found, not built")
    set(FERRY_PLUGIN_OSTREE OFF)
  endif()
endif()

# The package a plugin ships in (cmake/FerryPackaging.cmake): the local
# transports with the CLI, each other one in a package of its own, so that a
# minimal install pulls only the libraries of the transports it has.
set(FERRY_PLUGINS_IN_CLI_PACKAGE dir oci oci-archive)
function(ferry_plugin_package name out)
  if(name IN_LIST FERRY_PLUGINS_IN_CLI_PACKAGE)
    set(${out} ferry PARENT_SCOPE)
  else()
    set(${out} ferry-plugin-${name} PARENT_SCOPE)
  endif()
endfunction()

set_property(GLOBAL PROPERTY FERRY_BUILTIN_PLUGINS "")
set_property(GLOBAL PROPERTY FERRY_MODULE_PLUGINS "")
set_property(GLOBAL PROPERTY FERRY_PLUGIN_PACKAGES "")

# ferry_add_plugin(NAME TRANSPORTS t1 [t2...] SOURCES ... [LIBRARIES ...])
# Builds one plugin as its cache option says. The same sources build either way.
function(ferry_add_plugin name)
  cmake_parse_arguments(ARG "" "" "TRANSPORTS;SOURCES;LIBRARIES" ${ARGN})
  string(TOUPPER "${name}" P)
  string(REPLACE "-" "_" P "${P}")
  set(mode ${FERRY_PLUGIN_${P}})
  if(NOT mode OR mode STREQUAL "OFF")
    return()
  endif()
  string(REPLACE "-" "_" cname "${name}")
  set(target ferry-plugin-${name})
  if(mode STREQUAL "BUILTIN")
    add_library(${target} STATIC ${ARG_SOURCES})
    target_compile_definitions(${target} PRIVATE FERRY_BUILTIN_ENTRY=ferry_builtin_entry_${cname})
    set_property(GLOBAL APPEND PROPERTY FERRY_BUILTIN_PLUGINS "${name}|${cname}|${ARG_TRANSPORTS}")
  elseif(mode STREQUAL "MODULE")
    add_library(${target} MODULE ${ARG_SOURCES})
    set_target_properties(${target} PROPERTIES
      PREFIX "" OUTPUT_NAME "ferry-${name}"
      LIBRARY_OUTPUT_DIRECTORY ${FERRY_PLUGIN_BUILD_DIR}
      C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
    # Exactly one exported symbol: the entry point.
    target_link_options(${target} PRIVATE -Wl,--version-script=${PROJECT_SOURCE_DIR}/sdk/ferry-plugin.map)
    # Every symbol resolved at link time, except in a clang sanitizer build:
    # its runtime lives in the executable that loads the plugin.
    if(NOT (CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND CMAKE_CXX_FLAGS MATCHES "-fsanitize="))
      target_link_options(${target} PRIVATE -Wl,--no-undefined)
    endif()
    set_property(GLOBAL APPEND PROPERTY FERRY_MODULE_PLUGINS ${target})
    # The manifest beside the module, written from its own tables once built.
    add_dependencies(${target} ferry-plugin-manifest)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ferry-plugin-manifest $<TARGET_FILE:${target}> ${FERRY_PLUGIN_BUILD_DIR}/ferry-${name}.plugin
      VERBATIM)
    ferry_plugin_package(${name} package)
    install(TARGETS ${target} LIBRARY DESTINATION ${FERRY_PLUGIN_SUBDIR} COMPONENT ${package})
    install(FILES ${FERRY_PLUGIN_BUILD_DIR}/ferry-${name}.plugin DESTINATION ${FERRY_PLUGIN_SUBDIR}
            COMPONENT ${package})
    set_property(GLOBAL APPEND PROPERTY FERRY_PLUGIN_PACKAGES ${package})
  else()
    message(FATAL_ERROR "FERRY_PLUGIN_${P} must be OFF, BUILTIN or MODULE, not '${mode}'")
  endif()
  target_link_libraries(${target} PRIVATE ferry::sdk ${ARG_LIBRARIES})
endfunction()
