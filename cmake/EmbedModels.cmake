# Turns every lib/models/*.json into a byte array in one generated C++ file,
# so that the built-in models travel inside the module and nothing needs to
# be installed next to it. Byte arrays, not string literals: a model may be
# larger than the string-literal limit of some compilers.
#
# Run as a script: cmake -DMODELS_DIR=<dir> -DOUTPUT=<file.cpp> -P EmbedModels.cmake

file(GLOB _models LIST_DIRECTORIES false "${MODELS_DIR}/*.json")
list(SORT _models)

set(_arrays "")
set(_entries "")
set(_index 0)
foreach(_model IN LISTS _models)
  get_filename_component(_name "${_model}" NAME)
  file(READ "${_model}" _hex HEX)
  file(SIZE "${_model}" _size)
  # Sixteen bytes a line, then each byte as 0xNN.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _hex "${_hex}")
  string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n    " _hex
         "${_hex}")
  string(APPEND _arrays
         "// ${_name}\nconst char Model${_index}[] = {\n    ${_hex}0x00};\n\n")
  string(APPEND _entries
         "      {\"${_name}\", Model${_index}, ${_size}},\n")
  math(EXPR _index "${_index} + 1")
endforeach()

set(_text "// Generated from lib/models/*.json by cmake/EmbedModels.cmake; do not edit.

#include \"ModelData.h\"

namespace clang::tidy::dbsession {
namespace {

${_arrays}} // namespace

std::vector<EmbeddedModelFile> builtinModelFiles() {
  return {
${_entries}  };
}

} // namespace clang::tidy::dbsession
")

# Rewrite only on change, so an unchanged model set does not rebuild.
set(_old "")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" _old)
endif()
if(NOT _old STREQUAL _text)
  file(WRITE "${OUTPUT}" "${_text}")
endif()
