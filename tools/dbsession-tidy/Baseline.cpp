//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Baseline.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <nlohmann/json.hpp>

#include <map>

namespace clang::tidy::dbsession {

using Json = nlohmann::ordered_json;

namespace {
constexpr int FormatVersion = 1;
} // namespace

bool writeBaseline(FindingSet &Found, llvm::StringRef Root,
                   llvm::StringRef Path, std::string &Error) {
  Json Entries = Json::array();
  for (const Finding &F : Found.all()) {
    if (F.IsError || F.At.File.empty())
      continue;
    std::string File = relativeTo(F.At.File, Root);
    Entries.push_back(Json{{"key", F.SemanticKey},
                           {"check", F.Check},
                           {"file", File.empty() ? F.At.File : File},
                           {"line", F.At.Line},
                           {"function", F.Function},
                           {"message", F.plainMessage()}});
  }
  Json Doc = {{"dbsession-tidy-baseline", FormatVersion},
              {"findings", std::move(Entries)}};
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_None);
  if (EC) {
    Error = EC.message();
    return false;
  }
  OS << Doc.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  return true;
}

bool readBaseline(llvm::StringRef Path, std::vector<BaselineEntry> &Out,
                  std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    Error = Path.str() + ": " + Buffer.getError().message();
    return false;
  }
  Json Doc;
  try {
    Doc = Json::parse((*Buffer)->getBuffer().begin(),
                      (*Buffer)->getBuffer().end());
  } catch (const Json::parse_error &E) {
    Error = Path.str() + ": not JSON: " + E.what();
    return false;
  }
  if (!Doc.is_object() || Doc.value("dbsession-tidy-baseline", 0) !=
                              FormatVersion ||
      !Doc.contains("findings") || !Doc["findings"].is_array()) {
    Error = Path.str() + ": not a dbsession-tidy baseline (version " +
            std::to_string(FormatVersion) +
            "); make one with --baseline-create";
    return false;
  }
  unsigned Index = 0;
  for (const Json &E : Doc["findings"]) {
    std::string Where =
        Path.str() + ": findings[" + std::to_string(Index++) + "]: ";
    BaselineEntry B;
    if (!E.is_object() || !E.contains("key") || !E["key"].is_string()) {
      Error = Where + "no \"key\" string";
      return false;
    }
    try {
      B.Key = E["key"];
      B.Check = E.value("check", "");
      B.File = E.value("file", "");
      B.Message = E.value("message", "");
      B.Line = E.value("line", 0u);
    } catch (const Json::exception &X) {
      Error = Where + X.what();
      return false;
    }
    Out.push_back(std::move(B));
  }
  return true;
}

std::vector<BaselineEntry> applyBaseline(FindingSet &Found,
                                         std::vector<BaselineEntry> Baseline,
                                         unsigned &Known) {
  std::multimap<std::string, size_t> ByKey;
  for (size_t I = 0; I < Baseline.size(); ++I)
    ByKey.emplace(Baseline[I].Key, I);
  std::vector<bool> Matched(Baseline.size());
  Known = 0;
  Found.keepIf([&](const Finding &F) {
    if (F.IsError || F.At.File.empty())
      return true;
    auto It = ByKey.find(F.SemanticKey);
    if (It == ByKey.end())
      return true;
    Matched[It->second] = true;
    ByKey.erase(It);
    ++Known;
    return false;
  });
  std::vector<BaselineEntry> Fixed;
  for (size_t I = 0; I < Baseline.size(); ++I)
    if (!Matched[I])
      Fixed.push_back(std::move(Baseline[I]));
  return Fixed;
}

} // namespace clang::tidy::dbsession
