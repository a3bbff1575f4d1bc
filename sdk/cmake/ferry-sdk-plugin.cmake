# ferry_sdk_add_plugin(NAME SOURCES src... [LIBRARIES lib...])
# Builds ferry-NAME.so as ferry loads it: a module linked with the SDK, hidden
# symbols, exactly one export (the entry point, by the SDK's version script),
# and the manifest ferry-NAME.plugin written beside it from the plugin's own
# tables, so ferry routes NAME: and lists its flags without loading it.
function(ferry_sdk_add_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "ferry_sdk_add_plugin(${name}): SOURCES is empty")
  endif()
  set(target ferry-${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_link_libraries(${target} PRIVATE ferry::sdk ${ARG_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX "" C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${target} PRIVATE -Wl,--version-script=${FERRY_SDK_PLUGIN_MAP})
  # Every symbol resolved at link time, except in a clang sanitizer build: its
  # runtime lives in the executable that loads the plugin.
  if(NOT (CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND CMAKE_CXX_FLAGS MATCHES "-fsanitize="))
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${FERRY_SDK_MANIFEST_TOOL} $<TARGET_FILE:${target}> $<TARGET_FILE_DIR:${target}>/${target}.plugin
    VERBATIM)
endfunction()
