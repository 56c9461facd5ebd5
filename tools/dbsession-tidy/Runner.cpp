//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Runner.h"
#include "Compat.h"
#include "Findings.h"

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
};

const char Overview[] =
    "Runs the dbsession-* checks (and any other clang-tidy checks the "
    "configuration enables) over the translation units of a compile "
    "database, or the files given, and prints what they found, each "
    "finding once. Exit status: 0 clean, 1 findings, 2 a tool or "
    "configuration failure.\n\n"
    "  dbsession-tidy verify-model --help   checks a model file's names "
    "against the sources\n"
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
  std::string Name = "clang-tidy-" + std::to_string(DBSESSION_LLVM_MAJOR);
  if (auto Found = llvm::sys::findProgramByName(Name))
    return *Found;
  std::string Path = "/usr/lib/llvm-" + std::to_string(DBSESSION_LLVM_MAJOR) +
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
                   const std::string &File, const std::string &Scratch) {
  Args.push_back("--list-checks");
  Args.push_back(File);
  std::string Out = Scratch + "/list.out", Err = Scratch + "/list.err";
  int Status = run(Program, Args, Out, Err);
  std::string Listed = readFile(Out), Errors = readFile(Err);
  bool Loaded = Status == 0 &&
                Errors.find("load request ignored") == std::string::npos;
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
  return true;
}

} // namespace

int runnerMain(int Argc, const char **Argv) {
  Options O;
  if (!parseOptions(Argc, Argv, O))
    return 2;

  std::string Error;
  std::string DbDir = O.BuildPath;
  std::unique_ptr<tooling::CompilationDatabase> Db;
  for (const char *Dir : {".", "build"}) {
    if (!DbDir.empty())
      break;
    if (llvm::sys::fs::exists(llvm::Twine(Dir) + "/compile_commands.json"))
      DbDir = Dir;
  }
  if (DbDir.empty())
    return fail("no compile_commands.json here or in build/; give -p <dir>");
  Db = tooling::CompilationDatabase::loadFromDirectory(DbDir, Error);
  if (!Db)
    return fail(Error);
  std::vector<std::string> Units = O.Files;
  if (Units.empty())
    Units = Db->getAllFiles();
  if (Units.empty())
    return fail("the compile database lists no files");

  std::string Program = findClangTidy(O);
  if (Program.empty())
    return fail((O.ClangTidy.empty()
                     ? "clang-tidy-" + std::to_string(DBSESSION_LLVM_MAJOR)
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
  int Status = 0;
  if (!moduleEnabled(Program, Common, Units.front(), std::string(Scratch)))
    Status = 2;

  FindingSet Found;
  std::mutex FoundMutex;
  std::atomic<bool> ToolFailed{false};
  if (Status == 0) {
    unsigned Workers =
        O.Jobs ? O.Jobs : std::thread::hardware_concurrency();
    Workers = std::max(1u, std::min<unsigned>(Workers, Units.size()));
    std::atomic<size_t> Next{0};
    Progress Bar(Units.size());
    auto Work = [&] {
      for (size_t I; (I = Next++) < Units.size();) {
        std::string Base = (Scratch + "/" + llvm::Twine(I)).str();
        std::vector<std::string> Args = Common;
        Args.push_back("--export-fixes=" + Base + ".yaml");
        Args.push_back(Units[I]);
        int Code = run(Program, Args, Base + ".out", Base + ".err");
        std::string Err;
        std::lock_guard<std::mutex> Lock(FoundMutex);
        size_t Before = Found.all().size();
        // 0: clean or warnings; 1: errors in the unit, which its
        // diagnostics file lists. Anything else is clang-tidy failing.
        // clang-tidy writes the file only when it has something to say.
        std::string Yaml = Base + ".yaml";
        if ((Code != 0 && Code != 1) ||
            (llvm::sys::fs::exists(Yaml) && !Found.addUnit(Yaml, Err))) {
          ToolFailed = true;
          llvm::errs() << "dbsession-tidy: clang-tidy failed on " << Units[I]
                       << " (exit status " << Code << ")\n"
                       << readFile(Base + ".err");
        }
        Bar.unitDone(Found.all().size() - Before);
      }
    };
    std::vector<std::thread> Pool;
    for (unsigned W = 0; W < Workers; ++W)
      Pool.emplace_back(Work);
    for (std::thread &T : Pool)
      T.join();
    Bar.finish();

    Found.printText(llvm::outs());
    llvm::outs().flush();
    if (!O.ExportFixes.empty() && !Found.writeFixes(O.ExportFixes, Error))
      ToolFailed = true, fail("cannot write " + O.ExportFixes + ": " + Error);
    unsigned Warnings = Found.warnings(), Errors = Found.errors();
    llvm::errs() << "dbsession-tidy: " << Units.size() << " translation unit"
                 << (Units.size() == 1 ? "" : "s") << ", " << Warnings
                 << " warning" << (Warnings == 1 ? "" : "s") << ", " << Errors
                 << " error" << (Errors == 1 ? "" : "s") << ", "
                 << llvm::format("%.1f", Bar.seconds()) << " s\n";
    Status = ToolFailed || Errors ? 2 : Warnings ? 1 : 0;
  }
  llvm::sys::fs::remove_directories(Scratch);
  return Status;
}

} // namespace clang::tidy::dbsession
