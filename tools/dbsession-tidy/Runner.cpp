//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Runner.h"
#include "Compat.h"
#include "Baseline.h"
#include "Findings.h"
#include "Sarif.h"
#include "Scope.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace clang::tidy::dbsession {

namespace {

/// What the command line asked for.
struct Options {
  std::string BuildPath, ClangTidy, Module, Checks, ConfigFile, HeaderFilter,
      ExportFixes;
  unsigned Jobs = 0;
  std::vector<std::string> Files;
  // Reports.
  std::string Sarif, Format, SourceRoot, Category;
  // Scope.
  std::string ChangedSince, ChangedLines, Shard;
  std::string Baseline, BaselineCreate;
};

const char Overview[] =
    "Runs the dbsession-* checks (and any other clang-tidy checks the "
    "configuration enables) over the translation units of a compile "
    "database, or the files given, and prints what they found, each "
    "finding once. Exit status: 0 clean, 1 findings, 2 a tool or "
    "configuration failure.\n\n"
    "  dbsession-tidy verify-model --help   checks a model file's names "
    "against the sources\n"
    "  dbsession-tidy merge --help          merges the SARIF logs of "
    "shards\n"
    "  dbsession-tidy --version             the version and the LLVM major\n";

int fail(const llvm::Twine &Message) {
  llvm::errs() << "dbsession-tidy: error: " << Message << "\n";
  return 2;
}

std::string findClangTidy(const Options &O) {
  if (!O.ClangTidy.empty()) {
    // A bare name is looked up on the PATH, as a shell would.
    if (O.ClangTidy.find('/') != std::string::npos)
      return O.ClangTidy;
    auto Found = llvm::sys::findProgramByName(O.ClangTidy);
    return Found ? *Found : std::string();
  }
  std::string Name = "clang-tidy-" + std::to_string(compat::LLVMMajor);
  if (auto Found = llvm::sys::findProgramByName(Name))
    return *Found;
  std::string Path = "/usr/lib/llvm-" + std::to_string(compat::LLVMMajor) +
                     "/bin/clang-tidy";
  return llvm::sys::fs::can_execute(Path) ? Path : std::string();
}

/// The module next to this program: `lib/` beside `bin/` in the build tree,
/// `lib/dbsession-tidy/` under an installation prefix.
std::string findModule(const Options &O, const char *Argv0) {
  if (!O.Module.empty())
    return O.Module;
  static int Anchor;
  std::string Self = llvm::sys::fs::getMainExecutable(Argv0, &Anchor);
  llvm::SmallString<256> Prefix(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(Self)));
  for (const char *Sub : {"lib/dbsession-tidy.so",
                          "lib/dbsession-tidy/dbsession-tidy.so"}) {
    llvm::SmallString<256> Path(Prefix);
    llvm::sys::path::append(Path, Sub);
    if (llvm::sys::fs::exists(Path))
      return std::string(Path);
  }
  return {};
}

/// The clang-tidy arguments every run shares (after the program name).
std::vector<std::string> commonArguments(const Options &O,
                                         const std::string &Plugin,
                                         const std::string &Db) {
  std::vector<std::string> Args = {"--load=" + Plugin, "-p", Db, "--quiet"};
  if (!O.Checks.empty())
    Args.push_back("--checks=" + O.Checks);
  if (!O.ConfigFile.empty())
    Args.push_back("--config-file=" + O.ConfigFile);
  if (!O.HeaderFilter.empty())
    Args.push_back("--header-filter=" + O.HeaderFilter);
  return Args;
}

/// Runs \p Program with \p Args; its output goes to \p Out and \p Err.
int run(const std::string &Program, const std::vector<std::string> &Args,
        llvm::StringRef Out, llvm::StringRef Err) {
  std::vector<llvm::StringRef> Refs = {Program};
  Refs.insert(Refs.end(), Args.begin(), Args.end());
  compat::RedirectPath Redirects[] = {llvm::StringRef(""), Out, Err};
  std::string Message;
  int Status = llvm::sys::ExecuteAndWait(Program, Refs, compat::TidyNone,
                                         Redirects, 0, 0, &Message);
  if (Status < 0)
    llvm::errs() << "dbsession-tidy: " << Program << ": " << Message << "\n";
  return Status;
}

std::string readFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  return Buffer ? (*Buffer)->getBuffer().str() : std::string();
}

/// Asks clang-tidy, with the module loaded and the user's configuration,
/// which checks are enabled for \p File: a module that did not load, or a
/// configuration that enables none of its checks, would check nothing.
bool moduleEnabled(const std::string &Program, std::vector<std::string> Args,
                   const std::string &File, const std::string &Scratch,
                   std::vector<std::string> &Enabled) {
  Args.push_back("--list-checks");
  Args.push_back(File);
  std::string Out = Scratch + "/list.out", Err = Scratch + "/list.err";
  int Status = run(Program, Args, Out, Err);
  std::string Listed = readFile(Out), Errors = readFile(Err);
  bool Loaded = Status == 0 &&
                Errors.find("load request ignored") == std::string::npos;
  // "Enabled checks:", then one indented name a line.
  for (llvm::StringRef Rest = Listed; !Rest.empty();) {
    llvm::StringRef Line;
    std::tie(Line, Rest) = Rest.split('\n');
    if (Line.substr(0, 4) == "    " && !Line.trim().empty())
      Enabled.push_back(Line.trim().str());
  }
  if (Loaded && Listed.find("dbsession-") != std::string::npos)
    return true;
  llvm::errs() << Errors;
  if (!Loaded)
    fail(Program + " could not load " + Args[0].substr(7));
  else
    fail("no dbsession-* check is enabled (see --checks and the "
         "configuration)");
  return false;
}

/// Shows how far a long run is, on a terminal only.
class Progress {
public:
  explicit Progress(size_t Total)
      : Total(Total), Shown(llvm::sys::Process::StandardErrIsDisplayed()),
        Start(std::chrono::steady_clock::now()) {}
  void unitDone(unsigned Found) {
    std::lock_guard<std::mutex> Lock(Mutex);
    ++Done;
    Findings += Found;
    if (Shown)
      llvm::errs() << "\r[" << Done << "/" << Total << "] " << Findings
                   << " diagnostics, " << llvm::format("%.0f", seconds())
                   << " s";
  }
  void finish() {
    if (Shown)
      llvm::errs() << "\r\x1b[K";
  }
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         Start)
        .count();
  }

private:
  std::mutex Mutex;
  size_t Total, Done = 0, Findings = 0;
  bool Shown;
  std::chrono::steady_clock::time_point Start;
};

/// Reads the command line; false on a usage error (already reported).
/// The options live only while it parses: the program's other command
/// has options of the same names.
bool parseOptions(int Argc, const char **Argv, Options &O) {
  llvm::cl::OptionCategory Category("dbsession-tidy options");
  llvm::cl::opt<std::string> BuildPath(
      "p", llvm::cl::desc("The build directory holding compile_commands.json "
                          "(default: the current directory, else build/)"),
      llvm::cl::value_desc("dir"), llvm::cl::cat(Category));
  llvm::cl::opt<unsigned>
      Jobs("j", llvm::cl::desc("Translation units checked at once (default: "
                               "the number of cores)"),
           llvm::cl::init(0), llvm::cl::cat(Category));
  llvm::cl::opt<std::string> ClangTidy(
      "clang-tidy",
      llvm::cl::desc("The clang-tidy to run (default: clang-tidy-N for the "
                     "LLVM major N the module is built for)"),
      llvm::cl::value_desc("path"), llvm::cl::cat(Category));
  llvm::cl::opt<std::string> Module(
      "load", llvm::cl::desc("The module to load (default: the one built or "
                             "installed with this program)"),
      llvm::cl::value_desc("path"), llvm::cl::cat(Category));
  llvm::cl::opt<std::string>
      Checks("checks", llvm::cl::desc("Passed to clang-tidy as --checks"),
             llvm::cl::cat(Category));
  llvm::cl::opt<std::string>
      ConfigFile("config-file",
                 llvm::cl::desc("Passed to clang-tidy as --config-file"),
                 llvm::cl::cat(Category));
  llvm::cl::opt<std::string>
      HeaderFilter("header-filter",
                   llvm::cl::desc("Passed to clang-tidy as --header-filter"),
                   llvm::cl::cat(Category));
  llvm::cl::opt<std::string> ExportFixes(
      "export-fixes",
      llvm::cl::desc("Write every finding, with its fixes, to this YAML file "
                     "(for clang-apply-replacements)"),
      llvm::cl::value_desc("file"), llvm::cl::cat(Category));
  llvm::cl::opt<std::string> Sarif(
      "sarif", llvm::cl::desc("Write a SARIF 2.1.0 log for code scanning"),
      llvm::cl::value_desc("file"), llvm::cl::cat(Category));
  llvm::cl::opt<std::string> Format(
      "format",
      llvm::cl::desc("What standard output shows: text (default) or "
                     "codeclimate (GitLab's code quality report)"),
      llvm::cl::init("text"), llvm::cl::cat(Category));
  llvm::cl::opt<std::string> SourceRoot(
      "source-root",
      llvm::cl::desc("Reports name files relative to this directory "
                     "(default: the git top level, else the current "
                     "directory)"),
      llvm::cl::value_desc("dir"), llvm::cl::cat(Category));
  llvm::cl::opt<std::string> CategoryId(
      "category",
      llvm::cl::desc("The SARIF run's automationDetails.id (default: "
                     "dbsession-tidy/)"),
      llvm::cl::init("dbsession-tidy/"), llvm::cl::cat(Category));
  llvm::cl::opt<std::string> ChangedSince(
      "changed-since",
      llvm::cl::desc("Check only the files changed since this git revision "
                     "(and a unit including each changed header)"),
      llvm::cl::value_desc("rev"), llvm::cl::cat(Category));
  llvm::cl::opt<std::string> ChangedLines(
      "changed-lines",
      llvm::cl::desc("As --changed-since, and keep only findings whose line "
                     "or a note's line changed"),
      llvm::cl::value_desc("rev"), llvm::cl::cat(Category));
  llvm::cl::opt<std::string> Shard(
      "shard",
      llvm::cl::desc("Check shard i of n of the translation units (merge "
                     "the shards' SARIF logs with `merge`)"),
      llvm::cl::value_desc("i/n"), llvm::cl::cat(Category));
  llvm::cl::opt<std::string> Baseline(
      "baseline",
      llvm::cl::desc("Report only findings this baseline does not know"),
      llvm::cl::value_desc("file"), llvm::cl::cat(Category));
  llvm::cl::opt<std::string> BaselineCreate(
      "baseline-create",
      llvm::cl::desc("Write every finding to this baseline file"),
      llvm::cl::value_desc("file"), llvm::cl::cat(Category));
  llvm::cl::list<std::string> Files(llvm::cl::Positional,
                                    llvm::cl::desc("[<file> ...]"),
                                    llvm::cl::cat(Category));
  llvm::cl::HideUnrelatedOptions(Category);
  if (!llvm::cl::ParseCommandLineOptions(Argc, Argv, Overview, &llvm::errs()))
    return false;
  O.BuildPath = BuildPath;
  O.Jobs = Jobs;
  O.ClangTidy = ClangTidy;
  O.Module = Module;
  O.Checks = Checks;
  O.ConfigFile = ConfigFile;
  O.HeaderFilter = HeaderFilter;
  O.ExportFixes = ExportFixes;
  O.Files.assign(Files.begin(), Files.end());
  O.Sarif = Sarif;
  O.Format = Format;
  O.SourceRoot = SourceRoot;
  O.Category = CategoryId;
  O.ChangedSince = ChangedSince;
  O.ChangedLines = ChangedLines;
  O.Shard = Shard;
  O.Baseline = Baseline;
  O.BaselineCreate = BaselineCreate;
  if (O.Format != "text" && O.Format != "codeclimate") {
    fail("--format must be text or codeclimate, not '" + O.Format + "'");
    return false;
  }
  if (!O.ChangedSince.empty() && !O.ChangedLines.empty()) {
    fail("give --changed-since or --changed-lines, not both");
    return false;
  }
  return true;
}

/// Runs clang-tidy on each of \p Units, \p Jobs at once, and collects what
/// they found into \p Found; false if clang-tidy failed on a unit (each
/// such failure is added to \p Failures and shown).
bool checkUnits(const std::string &Program,
                const std::vector<std::string> &Common,
                const std::vector<std::string> &Units, unsigned Jobs,
                const std::string &Scratch, FindingSet &Found,
                std::vector<std::string> &Failures, Progress &Bar) {
  std::mutex FoundMutex;
  unsigned Workers = Jobs ? Jobs : std::thread::hardware_concurrency();
  Workers = std::max(1u, std::min<unsigned>(Workers, Units.size()));
  std::atomic<size_t> Next{0};
  auto Work = [&] {
    for (size_t I; (I = Next++) < Units.size();) {
      std::string Base = Scratch + "/" + std::to_string(I);
      std::vector<std::string> Args = Common;
      Args.push_back("--export-fixes=" + Base + ".yaml");
      Args.push_back(Units[I]);
      int Code = run(Program, Args, Base + ".out", Base + ".err");
      std::string Err;
      std::lock_guard<std::mutex> Lock(FoundMutex);
      size_t Before = Found.size();
      // 0: clean or warnings; 1: errors in the unit, which its
      // diagnostics file lists. Anything else is clang-tidy failing.
      // clang-tidy writes the file only when it has something to say.
      std::string Yaml = Base + ".yaml";
      if ((Code != 0 && Code != 1) ||
          (llvm::sys::fs::exists(Yaml) && !Found.addUnit(Yaml, Err))) {
        Failures.push_back("clang-tidy failed on " + Units[I] +
                           " (exit status " + std::to_string(Code) + ")");
        llvm::errs() << "dbsession-tidy: " << Failures.back() << "\n"
                     << readFile(Base + ".err");
      }
      Bar.unitDone(Found.size() - Before);
    }
  };
  std::vector<std::thread> Pool;
  for (unsigned W = 0; W < Workers; ++W)
    Pool.emplace_back(Work);
  for (std::thread &T : Pool)
    T.join();
  Bar.finish();
  return Failures.empty();
}

std::string plural(size_t N, llvm::StringRef Word) {
  return std::to_string(N) + " " + Word.str() + (N == 1 ? "" : "s");
}

/// The units that check the files given on the command line: see
/// unitsForFiles. A file the compile database does not list and that is
/// not a header is checked as given (clang-tidy infers its command from a
/// neighbour); a header no unit includes is not checked, and is said so.
std::vector<std::string>
unitsForGivenFiles(const std::vector<std::string> &Files,
                   const std::vector<std::string> &All, SourceFiles &Sources) {
  UnitsForFiles Chosen = unitsForFiles(Files, All, Sources);
  for (const std::string &F : Chosen.Uncovered)
    llvm::errs() << "dbsession-tidy: warning: no translation unit of the "
                    "compile database includes "
                 << F << "; it is not checked\n";
  for (const std::string &F : Chosen.Unlisted)
    if (std::find(Chosen.Units.begin(), Chosen.Units.end(), F) ==
        Chosen.Units.end())
      Chosen.Units.push_back(F);
  return Chosen.Units;
}

/// Narrows \p Units to the shard and the changes asked for; false on a
/// usage error (reported). \p Scope describes what was chosen.
bool chooseUnits(const Options &O, const std::string &Root,
                 std::vector<std::string> &Units, Changes &Changed,
                 SourceFiles &Sources, std::string &Scope) {
  std::string Revision =
      O.ChangedLines.empty() ? O.ChangedSince : O.ChangedLines;
  if (!Revision.empty()) {
    std::string Error;
    if (!Changed.read(Root, Revision, Error)) {
      fail(Error);
      return false;
    }
    Units = changedUnits(Units, Changed, Sources);
    Scope = " changed since " + Revision;
  }
  if (!O.Shard.empty()) {
    unsigned Index, Count;
    if (!parseShard(O.Shard, Index, Count)) {
      fail("--shard must be i/n with 1 <= i <= n, not '" + O.Shard + "'");
      return false;
    }
    Units = shardOf(std::move(Units), Index, Count);
    Scope += " in shard " + O.Shard;
  }
  return true;
}

} // namespace

int runnerMain(int Argc, const char **Argv) {
  Options O;
  if (!parseOptions(Argc, Argv, O))
    return 2;

  std::string Error;
  std::string DbDir = O.BuildPath;
  for (const char *Dir : {".", "build"}) {
    if (!DbDir.empty())
      break;
    if (llvm::sys::fs::exists(llvm::Twine(Dir) + "/compile_commands.json"))
      DbDir = Dir;
  }
  if (DbDir.empty())
    return fail("no compile_commands.json here or in build/; give -p <dir>");
  std::unique_ptr<tooling::CompilationDatabase> Db =
      tooling::CompilationDatabase::loadFromDirectory(DbDir, Error);
  if (!Db)
    return fail(Error);
  std::vector<std::string> Units = Db->getAllFiles();
  if (Units.empty())
    return fail("the compile database lists no files");
  FindingSet Found;
  if (!O.Files.empty())
    Units = unitsForGivenFiles(O.Files, Units, Found.sources());

  std::string Root = O.SourceRoot.empty() ? defaultSourceRoot()
                                          : canonicalPath(O.SourceRoot, "");
  if (!llvm::sys::fs::is_directory(Root))
    return fail("the source root " + Root + " is not a directory");
  std::vector<BaselineEntry> Known;
  if (!O.Baseline.empty() && !readBaseline(O.Baseline, Known, Error))
    return fail(Error);

  Changes Changed;
  std::string Scope;
  if (!chooseUnits(O, Root, Units, Changed, Found.sources(), Scope))
    return 2;

  std::string Program = findClangTidy(O);
  if (Program.empty())
    return fail((O.ClangTidy.empty()
                     ? "clang-tidy-" + std::to_string(compat::LLVMMajor)
                     : O.ClangTidy) +
                " not found; install it or give --clang-tidy <path>");
  std::string Plugin = findModule(O, Argv[0]);
  if (Plugin.empty())
    return fail("the module dbsession-tidy.so was not found beside this "
                "program; give --load <path>");

  llvm::SmallString<128> Scratch;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueDirectory("dbsession-tidy", Scratch))
    return fail("cannot make a scratch directory: " + EC.message());
  std::vector<std::string> Common = commonArguments(O, Plugin, DbDir);
  ReportContext Context;
  Context.SourceRoot = Root;
  Context.Category = O.Category;
  // With nothing to check (no unit changed), there is no unit to ask.
  if (!Units.empty() && !moduleEnabled(Program, Common, Units.front(),
                                       std::string(Scratch),
                                       Context.EnabledChecks)) {
    llvm::sys::fs::remove_directories(Scratch);
    return 2;
  }

  Progress Bar(Units.size());
  bool ToolFailed = !checkUnits(Program, Common, Units, O.Jobs,
                                std::string(Scratch), Found,
                                Context.ToolFailures, Bar);
  llvm::sys::fs::remove_directories(Scratch);
  Found.identify();
  if (!O.ChangedLines.empty() || !O.ChangedSince.empty())
    Found.keepIf([&](const Finding &F) {
      return F.IsError || F.At.File.empty() ||
             Changed.touches(F, O.ChangedLines.empty());
    });

  auto Write = [&](const std::string &What, const std::string &Path,
                   bool Written) {
    if (!Written)
      ToolFailed = true, fail("cannot write " + What + " " + Path + ": " +
                              Error);
  };
  if (!O.BaselineCreate.empty())
    Write("the baseline", O.BaselineCreate,
          writeBaseline(Found, Root, O.BaselineCreate, Error));
  unsigned KnownCount = 0;
  std::vector<BaselineEntry> Fixed;
  if (!O.Baseline.empty())
    Fixed = applyBaseline(Found, std::move(Known), KnownCount);

  unsigned LeftOut = 0;
  if (O.Format == "codeclimate")
    writeCodeClimate(Found, Context, llvm::outs(), LeftOut);
  else
    Found.printText(llvm::outs());
  llvm::outs().flush();
  if (!O.Sarif.empty())
    Write("the SARIF log", O.Sarif,
          writeSarif(Found, Context, O.Sarif, LeftOut, Error));
  if (!O.ExportFixes.empty())
    Write("the fixes", O.ExportFixes, Found.writeFixes(O.ExportFixes, Error));

  // The summary, on standard error.
  bool Partial = !Scope.empty() || !O.Files.empty();
  for (const BaselineEntry &B : Fixed)
    if (!Partial)
      llvm::errs() << "dbsession-tidy: fixed since the baseline: " << B.File
                   << ":" << B.Line << ": " << B.Message << " [" << B.Check
                   << "]\n";
  unsigned Warnings = Found.warnings(), Errors = Found.errors();
  llvm::errs() << "dbsession-tidy: " << plural(Units.size(), "translation unit")
               << Scope << ", " << plural(Warnings, "warning") << ", "
               << plural(Errors, "error");
  if (!O.Baseline.empty()) {
    llvm::errs() << ", " << KnownCount << " known from the baseline";
    if (Partial)
      llvm::errs() << " (fixed ones are listed by a full run only)";
    else
      llvm::errs() << ", " << Fixed.size() << " fixed";
  }
  llvm::errs() << ", " << llvm::format("%.1f", Bar.seconds()) << " s\n";
  if (LeftOut)
    llvm::errs() << "dbsession-tidy: "
                 << plural(LeftOut, "finding") << " outside the source root "
                 << Root << " left out of the report\n";
  if (ToolFailed || Errors)
    return 2;
  // A baseline is made of the findings: making one is not a failure.
  return Warnings && O.BaselineCreate.empty() ? 1 : 0;
}

} // namespace clang::tidy::dbsession
