//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Sarif.h"
#include "Compat.h"
#include "Rules.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace clang::tidy::dbsession {

using Json = nlohmann::ordered_json;

namespace {

constexpr const char *SarifSchema =
    "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char *RootId = "SRCROOT";

std::string dump(const Json &J) {
  return J.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

bool writeText(llvm::StringRef Path, const std::string &Text,
               std::string &Error) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_None);
  if (EC) {
    Error = EC.message();
    return false;
  }
  OS << Text;
  return true;
}

/// Places in files, as a report names them.
class Locator {
public:
  Locator(SourceFiles &Sources, llvm::StringRef Root)
      : Sources(Sources), Root(Root) {}

  /// The file's path relative to the source root; empty outside it.
  std::string relative(const std::string &File) const {
    return relativeTo(File, Root);
  }

  Json region(const std::string &File, unsigned Begin, unsigned End) {
    const SourceText &Text = Sources.get(File);
    unsigned StartLine = Text.lineOf(Begin), EndLine = Text.lineOf(End);
    unsigned StartColumn = Text.utf16Column(Begin);
    unsigned EndColumn = Text.utf16Column(End);
    return Json{{"startLine", StartLine},
                {"startColumn", StartColumn},
                {"endLine", EndLine},
                {"endColumn", EndColumn}};
  }

  /// The token at \p P: a tight region on one line.
  Json location(const Place &P) {
    const SourceText &Text = Sources.get(P.File);
    unsigned End = std::max(Text.tokenEnd(P.Offset), P.Offset + 1);
    Json Region = region(P.File, P.Offset, End);
    if (Region["endLine"] != Region["startLine"]) { // at a line's end
      Region["endLine"] = Region["startLine"];
      Region["endColumn"] = Region["startColumn"].get<unsigned>() + 1;
    }
    return Json{{"physicalLocation",
                 {{"artifactLocation", artifact(P.File)},
                  {"region", std::move(Region)}}}};
  }

  Json artifact(const std::string &File) const {
    return Json{{"uri", uriOfPath(relative(File))}, {"uriBaseId", RootId}};
  }

private:
  SourceFiles &Sources;
  std::string Root;
};

Json message(const std::string &Text) { return Json{{"text", Text}}; }

Json ruleJson(const Rule &R) {
  Json Properties = {{"tags", R.Tags}};
  if (!R.Precision.empty())
    Properties["precision"] = R.Precision;
  Properties["problem.severity"] = "warning";
  return Json{
      {"id", R.Id},
      {"name", R.Name},
      {"shortDescription", message(R.ShortDescription)},
      {"fullDescription", message(R.FullDescription)},
      {"help", {{"text", R.HelpText}, {"markdown", R.HelpMarkdown}}},
      {"helpUri", R.HelpUri},
      {"defaultConfiguration", {{"level", "warning"}}},
      {"properties", std::move(Properties)}};
}

/// The fixes clang-tidy exported on the warning and on its notes, one
/// SARIF fix each.
Json fixesOf(const Finding &F, Locator &L) {
  Json Fixes = Json::array();
  auto Add = [&](const tooling::DiagnosticMessage &M,
                 const std::string &Description) {
    Json Changes = Json::array();
    std::map<std::string, Json> ByFile;
    for (const auto &Entry : M.Fix)
      for (const tooling::Replacement &R : Entry.second) {
        std::string File = R.getFilePath().str();
        if (L.relative(File).empty())
          return; // A fix outside the source root cannot be shown.
        ByFile[File].push_back(Json{
            {"deletedRegion",
             L.region(File, R.getOffset(), R.getOffset() + R.getLength())},
            {"insertedContent", message(R.getReplacementText().str())}});
      }
    for (auto &[File, Replacements] : ByFile)
      Changes.push_back(Json{{"artifactLocation", L.artifact(File)},
                             {"replacements", std::move(Replacements)}});
    if (!Changes.empty())
      Fixes.push_back(Json{{"description", message(Description)},
                           {"artifactChanges", std::move(Changes)}});
  };
  Add(F.Original.Message, F.plainMessage());
  for (const tooling::DiagnosticMessage &N : F.Original.Notes)
    Add(N, N.Message);
  return Fixes;
}

/// The finding's story in source order: where the handle was acquired,
/// the reported statement, where it is released. Notes at the reported
/// place (advice) are not steps of it.
Json threadOf(const Finding &F, Locator &L) {
  std::string Message = F.plainMessage();
  std::vector<std::pair<const Place *, const std::string *>> Steps = {
      {&F.At, &Message}};
  for (const Finding::Note &N : F.Notes)
    if (!N.At.File.empty() && !L.relative(N.At.File).empty() &&
        (N.At.File != F.At.File || N.At.Offset != F.At.Offset))
      Steps.push_back({&N.At, &N.Message});
  if (Steps.size() < 2)
    return nullptr;
  std::stable_sort(Steps.begin(), Steps.end(), [](auto &A, auto &B) {
    return std::tie(A.first->File, A.first->Offset) <
           std::tie(B.first->File, B.first->Offset);
  });
  Json Locations = Json::array();
  for (auto &[At, Text] : Steps) {
    Json Loc = L.location(*At);
    Loc["message"] = message(*Text);
    Locations.push_back(Json{{"location", std::move(Loc)}});
  }
  return Json::array(
      {Json{{"threadFlows", Json::array({Json{{"locations", Locations}}})}}});
}

Json resultOf(const Finding &F, unsigned RuleIndex, Locator &L) {
  Json Result = {{"ruleId", F.Check},
                 {"ruleIndex", RuleIndex},
                 {"level", "warning"},
                 {"message", message(F.plainMessage())},
                 {"locations", Json::array({L.location(F.At)})}};
  Json Related = Json::array();
  for (const Finding::Note &N : F.Notes) {
    if (N.At.File.empty() || L.relative(N.At.File).empty())
      continue;
    Json Loc = L.location(N.At);
    Loc["id"] = Related.size() + 1;
    Loc["message"] = message(N.Message);
    Related.push_back(std::move(Loc));
  }
  if (!Related.empty())
    Result["relatedLocations"] = std::move(Related);
  Json Flow = threadOf(F, L);
  if (!Flow.is_null())
    Result["codeFlows"] = std::move(Flow);
  Json Fixes = fixesOf(F, L);
  if (!Fixes.empty())
    Result["fixes"] = std::move(Fixes);
  Json Prints = Json::object();
  if (!F.LineHash.empty())
    Prints["primaryLocationLineHash"] = F.LineHash;
  Prints["dbsessionSemanticKey/v1"] = F.SemanticKey;
  Result["partialFingerprints"] = std::move(Prints);
  return Result;
}

/// Results in one order, whichever run or shard wrote them.
void sortResults(Json &Results) {
  auto Key = [](const Json &R) {
    const Json &P = R["locations"][0]["physicalLocation"];
    return std::make_tuple(P["artifactLocation"]["uri"].get<std::string>(),
                           P["region"]["startLine"].get<unsigned>(),
                           P["region"]["startColumn"].get<unsigned>(),
                           R["ruleId"].get<std::string>(),
                           R["message"]["text"].get<std::string>());
  };
  std::stable_sort(Results.begin(), Results.end(),
                   [&](const Json &A, const Json &B) {
                     return Key(A) < Key(B);
                   });
}

Json notification(const Finding &F, Locator &L) {
  Json N = {{"level", F.IsError ? "error" : "warning"},
            {"message", message(F.Message)}};
  if (!F.At.File.empty() && !L.relative(F.At.File).empty())
    N["locations"] = Json::array({L.location(F.At)});
  N["descriptor"] = Json{{"id", F.Check}};
  return N;
}

Json driver(Json Rules) {
  return Json{{"name", "dbsession-tidy"},
              {"version", DBSESSION_TIDY_VERSION},
              {"semanticVersion", DBSESSION_TIDY_VERSION},
              {"informationUri", homePage().str()},
              {"properties", {{"llvmMajor", compat::LLVMMajor}}},
              {"rules", std::move(Rules)}};
}

Json logOf(Json Run) {
  return Json{{"$schema", SarifSchema},
              {"version", "2.1.0"},
              {"runs", Json::array({std::move(Run)})}};
}

} // namespace

bool writeSarif(FindingSet &Found, const ReportContext &Context,
                llvm::StringRef Path, unsigned &LeftOut, std::string &Error) {
  Locator L(Found.sources(), Context.SourceRoot);
  std::set<std::string> RuleIds(Context.EnabledChecks.begin(),
                                Context.EnabledChecks.end());
  for (const Finding &F : Found.all())
    if (!F.IsError && !F.At.File.empty())
      RuleIds.insert(F.Check);
  Json Rules = Json::array();
  std::map<std::string, unsigned> RuleIndex;
  for (const std::string &Id : RuleIds) {
    RuleIndex[Id] = Rules.size();
    Rules.push_back(ruleJson(ruleFor(Id)));
  }

  Json Results = Json::array(), Execution = Json::array(),
       Configuration = Json::array();
  LeftOut = 0;
  for (const Finding &F : Found.all()) {
    if (F.IsError)
      Execution.push_back(notification(F, L));
    else if (F.At.File.empty())
      Configuration.push_back(notification(F, L));
    else if (L.relative(F.At.File).empty())
      ++LeftOut;
    else
      Results.push_back(resultOf(F, RuleIndex[F.Check], L));
  }
  for (const std::string &Failure : Context.ToolFailures)
    Execution.push_back(
        Json{{"level", "error"}, {"message", message(Failure)}});
  sortResults(Results);

  Json Invocation = {{"executionSuccessful", Execution.empty()}};
  if (!Execution.empty())
    Invocation["toolExecutionNotifications"] = std::move(Execution);
  if (!Configuration.empty())
    Invocation["toolConfigurationNotifications"] = std::move(Configuration);
  Json Run = {
      {"tool", {{"driver", driver(std::move(Rules))}}},
      {"automationDetails", {{"id", Context.Category}}},
      {"originalUriBaseIds",
       {{RootId,
         {{"description",
           message("The source root: the top level of the repository")}}}}},
      {"columnKind", "utf16CodeUnits"},
      {"invocations", Json::array({std::move(Invocation)})},
      {"results", std::move(Results)}};
  return writeText(Path, dump(logOf(std::move(Run))), Error);
}

void writeCodeClimate(FindingSet &Found, const ReportContext &Context,
                      llvm::raw_ostream &OS, unsigned &LeftOut) {
  Json Issues = Json::array();
  LeftOut = 0;
  for (const Finding &F : Found.all()) {
    if (F.IsError || F.At.File.empty())
      continue;
    std::string Path = relativeTo(F.At.File, Context.SourceRoot);
    if (Path.empty()) {
      ++LeftOut;
      continue;
    }
    std::string Description = F.plainMessage() + " [" + F.Check + "]";
    Issues.push_back(Json{
        {"type", "issue"},
        {"check_name", F.Check},
        {"description", Description},
        {"categories", Json::array({"Bug Risk"})},
        {"severity", "major"},
        {"fingerprint", F.SemanticKey},
        {"location",
         {{"path", Path}, {"lines", {{"begin", F.At.Line}}}}}});
  }
  OS << dump(Issues);
}

namespace {

/// The semantic key without its repeat count.
std::string keyBase(const Json &Result) {
  const Json &Prints = Result["partialFingerprints"];
  auto It = Prints.find("dbsessionSemanticKey/v1");
  if (It == Prints.end())
    return {};
  std::string Key = It->get<std::string>();
  return Key.substr(0, Key.rfind(':'));
}

bool readLog(llvm::StringRef Path, Json &Log, std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    Error = Buffer.getError().message();
    return false;
  }
  Log = Json::parse((*Buffer)->getBuffer().begin(),
                    (*Buffer)->getBuffer().end(), nullptr, false);
  if (Log.is_discarded() || !Log.is_object() || !Log.contains("runs") ||
      Log["runs"].size() != 1 || !Log["runs"][0].contains("results")) {
    Error = "not a SARIF log of one run";
    return false;
  }
  return true;
}

} // namespace

namespace {
int mergeLogs(const std::vector<std::string> &Inputs,
              const std::string &Output);
} // namespace

int mergeMain(int Argc, const char **Argv) {
  llvm::cl::OptionCategory Category("dbsession-tidy merge options");
  llvm::cl::opt<std::string> Output(
      "o", llvm::cl::desc("The merged SARIF log"), llvm::cl::Required,
      llvm::cl::value_desc("file"), llvm::cl::cat(Category));
  llvm::cl::list<std::string> Inputs(llvm::cl::Positional, llvm::cl::OneOrMore,
                                     llvm::cl::desc("<shard.sarif> ..."),
                                     llvm::cl::cat(Category));
  llvm::cl::HideUnrelatedOptions(Category);
  if (!llvm::cl::ParseCommandLineOptions(
          Argc, Argv,
          "Merges the SARIF logs of the shards of one run (--shard i/n) "
          "into one log of one run, each result once.\n",
          &llvm::errs()))
    return 2;
  try {
    return mergeLogs(Inputs, Output);
  } catch (const Json::exception &X) {
    llvm::errs() << "dbsession-tidy merge: error: an input is not a SARIF "
                    "log written by dbsession-tidy: "
                 << X.what() << "\n";
    return 2;
  }
}

namespace {

int mergeLogs(const std::vector<std::string> &Inputs,
              const std::string &Output) {
  Json Merged;
  std::map<std::string, Json> Rules;
  std::set<std::string> Seen;
  Json Results = Json::array(), Execution = Json::array(),
       Configuration = Json::array();
  bool Successful = true;
  for (const std::string &Input : Inputs) {
    Json Log;
    std::string Error;
    if (!readLog(Input, Log, Error)) {
      llvm::errs() << "dbsession-tidy merge: error: " << Input << ": "
                   << Error << "\n";
      return 2;
    }
    Json &Run = Log["runs"][0];
    try {
      sortResults(Run["results"]); // checks every result's location
    } catch (const Json::exception &X) {
      llvm::errs() << "dbsession-tidy merge: error: " << Input
                   << ": a result without a location or rule: " << X.what()
                   << "\n";
      return 2;
    }
    if (Merged.is_null())
      Merged = Run;
    else if (Run["automationDetails"] != Merged["automationDetails"]) {
      llvm::errs() << "dbsession-tidy merge: error: " << Input
                   << ": another category than " << Inputs.front()
                   << "; shards of one run share it\n";
      return 2;
    }
    for (const Json &R : Run["tool"]["driver"]["rules"])
      Rules.emplace(R["id"].get<std::string>(), R);
    for (const Json &Invocation : Run.value("invocations", Json::array())) {
      Successful &= Invocation.value("executionSuccessful", true);
      for (const Json &N :
           Invocation.value("toolExecutionNotifications", Json::array()))
        if (Seen.insert("x" + N.dump()).second)
          Execution.push_back(N);
      for (const Json &N :
           Invocation.value("toolConfigurationNotifications", Json::array()))
        if (Seen.insert("c" + N.dump()).second)
          Configuration.push_back(N);
    }
    for (Json &R : Run["results"]) {
      // A header's finding, reported by a unit of each shard, is one.
      Json Identity = {R["ruleId"], R["message"], R["locations"]};
      if (Seen.insert("r" + Identity.dump()).second)
        Results.push_back(std::move(R));
    }
  }

  Json RuleList = Json::array();
  std::map<std::string, unsigned> RuleIndex;
  for (auto &[Id, R] : Rules) {
    RuleIndex[Id] = RuleList.size();
    RuleList.push_back(R);
  }
  sortResults(Results);
  std::map<std::string, unsigned> Repeats;
  for (Json &R : Results) {
    R["ruleIndex"] = RuleIndex[R["ruleId"].get<std::string>()];
    std::string Base = keyBase(R);
    std::string File =
        R["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    if (!Base.empty())
      R["partialFingerprints"]["dbsessionSemanticKey/v1"] =
          Base + ":" + std::to_string(++Repeats[File + "\n" + Base]);
  }
  Merged["tool"]["driver"]["rules"] = std::move(RuleList);
  Json Invocation = {{"executionSuccessful", Successful}};
  if (!Execution.empty())
    Invocation["toolExecutionNotifications"] = std::move(Execution);
  if (!Configuration.empty())
    Invocation["toolConfigurationNotifications"] = std::move(Configuration);
  Merged["invocations"] = Json::array({std::move(Invocation)});
  Merged["results"] = std::move(Results);

  std::string Error;
  if (!writeText(Output, dump(logOf(std::move(Merged))), Error)) {
    llvm::errs() << "dbsession-tidy merge: error: cannot write " << Output
                 << ": " << Error << "\n";
    return 2;
  }
  return Successful ? 0 : 2;
}

} // namespace

} // namespace clang::tidy::dbsession
