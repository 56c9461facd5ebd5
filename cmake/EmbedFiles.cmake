# Turns every file matching a pattern into a byte array in one generated C++
# file, with a function listing them (EmbeddedFile: name, data, size), so
# that what a program needs travels inside it and nothing is installed next
# to it: the built-in models (lib/models/*.json) and the check pages the
# runner's reports carry (docs/checks/*.md). Byte arrays, not string
# literals: a file may be larger than the string-literal limit of some
# compilers.
#
# Run as a script:
#   cmake -DDIR=<dir> -DPATTERN=<glob> -DOUTPUT=<file.cpp>
#         -DINCLUDE=<header declaring FUNCTION> -DFUNCTION=<name>
#         -P EmbedFiles.cmake

file(GLOB _files LIST_DIRECTORIES false "${DIR}/${PATTERN}")
list(SORT _files)

set(_arrays "")
set(_entries "")
set(_index 0)
foreach(_file IN LISTS _files)
  get_filename_component(_name "${_file}" NAME)
  file(READ "${_file}" _hex HEX)
  file(SIZE "${_file}" _size)
  # Sixteen bytes a line, then each byte as 0xNN.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _hex "${_hex}")
  string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n    " _hex
         "${_hex}")
  string(APPEND _arrays "// ${_name}\nconst unsigned char File${_index}[] = {\n"
         "    ${_hex}0x00};\n\n")
  string(APPEND _entries "      {\"${_name}\", "
         "reinterpret_cast<const char *>(File${_index}), ${_size}},\n")
  math(EXPR _index "${_index} + 1")
endforeach()

set(_text "// Generated from ${PATTERN} by cmake/EmbedFiles.cmake; do not edit.

#include \"${INCLUDE}\"

namespace clang::tidy::dbsession {
namespace {

${_arrays}} // namespace

std::vector<EmbeddedFile> ${FUNCTION}() {
  return {
${_entries}  };
}

} // namespace clang::tidy::dbsession
")

# Rewrite only on change, so an unchanged set does not rebuild.
set(_old "")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" _old)
endif()
if(NOT _old STREQUAL _text)
  file(WRITE "${OUTPUT}" "${_text}")
endif()
