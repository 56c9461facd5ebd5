# Turns every docs/checks/*.md into a byte array in one generated C++ file:
# the runner's reports (SARIF rules) carry each check's page as its help,
# from the one text that documents it.
#
# Run as a script: cmake -DDOCS_DIR=<dir> -DOUTPUT=<file.cpp> -P EmbedCheckDocs.cmake

file(GLOB _pages LIST_DIRECTORIES false "${DOCS_DIR}/*.md")
list(SORT _pages)

set(_arrays "")
set(_entries "")
set(_index 0)
foreach(_page IN LISTS _pages)
  get_filename_component(_name "${_page}" NAME_WE)
  file(READ "${_page}" _hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _hex "${_hex}")
  string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n    " _hex
         "${_hex}")
  string(APPEND _arrays
         "// ${_name}.md\nconst unsigned char Page${_index}[] = {\n    ${_hex}0x00};\n\n")
  string(APPEND _entries "      {\"dbsession-${_name}\",\n       reinterpret_cast<const char *>(Page${_index})},\n")
  math(EXPR _index "${_index} + 1")
endforeach()

set(_text "// Generated from docs/checks/*.md by cmake/EmbedCheckDocs.cmake; do not edit.

#include \"Rules.h\"

namespace clang::tidy::dbsession {
namespace {

${_arrays}} // namespace

std::vector<std::pair<const char *, const char *>> checkDocPages() {
  return {
${_entries}  };
}

} // namespace clang::tidy::dbsession
")

set(_old "")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" _old)
endif()
if(NOT _old STREQUAL _text)
  file(WRITE "${OUTPUT}" "${_text}")
endif()
