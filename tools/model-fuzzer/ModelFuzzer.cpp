//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A libFuzzer target for the model loader: any text is read as a model file
/// and, when accepted, merged over the built-in models. It must never crash,
/// leak or hang, and every rejection must be a positioned problem on one
/// line: the same promise the loader makes to a user whose file is broken.
///
//===----------------------------------------------------------------------===//

#include "ModelData.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

using namespace clang::tidy::dbsession;

namespace {

const std::vector<model::ModelFile> &builtins() {
  static const std::vector<model::ModelFile> Files = [] {
    std::vector<model::ModelFile> Out;
    for (const EmbeddedModelFile &E : builtinModelFiles()) {
      model::ModelFile F;
      std::vector<model::Problem> Problems;
      if (!model::parseModelFile(std::string_view(E.Data, E.Size),
                                 std::string("lib/models/") + E.Name, F,
                                 Problems)) {
        std::fprintf(stderr, "built-in model %s does not load\n", E.Name);
        std::abort();
      }
      Out.push_back(std::move(F));
    }
    return Out;
  }();
  return Files;
}

[[noreturn]] void fail(const char *What, const model::Problem &P) {
  std::fprintf(stderr, "%s: %s\n", What, P.format().c_str());
  std::abort();
}

/// A problem the user can act on: in the file, positioned, one line.
void checkProblem(const model::Problem &P, const std::string &File) {
  if (P.File != File)
    fail("problem names another file", P);
  if (P.Line == 0 || P.Column == 0)
    fail("problem without a position", P);
  if (P.Message.empty() || P.Message.find('\n') != std::string::npos ||
      P.JsonPath.find('\n') != std::string::npos)
    fail("problem not on one line", P);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *Data,
                                      std::size_t Size) {
  const std::string File = "fuzz.json";
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  model::ModelFile Parsed;
  std::vector<model::Problem> Problems;
  bool Accepted = model::parseModelFile(Text, File, Parsed, Problems);
  if (Problems.size() > model::MaxProblemsPerFile)
    fail("more problems than the bound", Problems.back());
  if (!Accepted) {
    if (Problems.empty()) {
      std::fprintf(stderr, "rejected without a problem\n");
      std::abort();
    }
    for (const model::Problem &P : Problems)
      checkProblem(P, File);
    return 0;
  }
  // An accepted file merges; what it names wrongly is positioned too.
  std::vector<model::Problem> MergeProblems;
  model::mergeModels(builtins(), {Parsed}, model::OptionLists(),
                     MergeProblems);
  for (const model::Problem &P : MergeProblems)
    checkProblem(P, File);
  return 0;
}
