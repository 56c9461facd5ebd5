//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Scope.h"
#include "Compat.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <algorithm>
#include <map>

namespace clang::tidy::dbsession {

bool runGit(llvm::StringRef Dir, const std::vector<std::string> &Args,
            std::string &Out, std::string &Error) {
  auto Git = llvm::sys::findProgramByName("git");
  if (!Git) {
    Error = "git not found on the PATH";
    return false;
  }
  llvm::SmallString<128> OutFile, ErrFile;
  llvm::sys::fs::createTemporaryFile("dbsession-git", "out", OutFile);
  llvm::sys::fs::createTemporaryFile("dbsession-git", "err", ErrFile);
  std::vector<std::string> Full = {"git", "-C", Dir.str(), "-c",
                                   "core.quotePath=false"};
  Full.insert(Full.end(), Args.begin(), Args.end());
  std::vector<llvm::StringRef> Refs(Full.begin(), Full.end());
  compat::RedirectPath Redirects[] = {llvm::StringRef(""),
                                      llvm::StringRef(OutFile),
                                      llvm::StringRef(ErrFile)};
  int Status = llvm::sys::ExecuteAndWait(*Git, Refs, compat::TidyNone,
                                         Redirects, 0, 0, &Error);
  auto Read = [](llvm::StringRef Path) {
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    return Buffer ? (*Buffer)->getBuffer().str() : std::string();
  };
  Out = Read(OutFile);
  if (Status != 0 && Error.empty())
    Error = llvm::StringRef(Read(ErrFile)).trim().str();
  llvm::sys::fs::remove(OutFile);
  llvm::sys::fs::remove(ErrFile);
  return Status == 0;
}

std::string defaultSourceRoot() {
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  std::string Top, Error;
  if (runGit(Cwd, {"rev-parse", "--show-toplevel"}, Top, Error))
    return canonicalPath(llvm::StringRef(Top).trim(), "");
  return canonicalPath(Cwd, "");
}

namespace {

/// A path as git prints it in a diff header, unquoted.
std::string unquote(llvm::StringRef Path) {
  if (Path.size() < 2 || Path.front() != '"')
    return Path.str();
  std::string Out;
  for (size_t I = 1; I + 1 < Path.size(); ++I) {
    char C = Path[I];
    if (C != '\\' || I + 2 >= Path.size()) {
      Out += C;
      continue;
    }
    char E = Path[++I];
    if (E >= '0' && E <= '7' && I + 2 < Path.size()) { // \ooo, one byte
      Out += static_cast<char>(((E - '0') << 6) | ((Path[I + 1] - '0') << 3) |
                               (Path[I + 2] - '0'));
      I += 2;
      continue;
    }
    Out += E == 'n' ? '\n' : E == 't' ? '\t' : E;
  }
  return Out;
}

} // namespace

bool Changes::read(llvm::StringRef Root, llvm::StringRef Revision,
                   std::string &Error) {
  std::string Diff;
  if (!runGit(Root,
              {"diff", "--no-color", "--no-ext-diff", "--no-renames", "-U0",
               Revision.str(), "--"},
              Diff, Error)) {
    Error = "git diff " + Revision.str() + " failed: " + Error;
    return false;
  }
  std::string File;
  for (llvm::StringRef Rest = Diff; !Rest.empty();) {
    llvm::StringRef Line;
    std::tie(Line, Rest) = Rest.split('\n');
    if (Line.consume_front("+++ ")) {
      File.clear();
      if (Line != "/dev/null") {
        std::string Path = unquote(Line.rtrim('\t'));
        File = canonicalPath(llvm::StringRef(Path).drop_front(2), Root);
        Lines[File];
      }
      continue;
    }
    // @@ -a[,b] +c[,d] @@: lines c .. c+d-1 of the new file.
    if (File.empty() || !Line.consume_front("@@ "))
      continue;
    llvm::StringRef New = Line.split(" +").second.split(' ').first;
    auto [Start, Count] = New.split(',');
    unsigned First = 0, Number = 1;
    if (Start.getAsInteger(10, First) ||
        (!Count.empty() && Count.getAsInteger(10, Number)))
      continue;
    if (Number)
      Lines[File].push_back({First, First + Number - 1});
  }
  std::string Untracked;
  if (!runGit(Root, {"ls-files", "--others", "--exclude-standard", "-z"},
              Untracked, Error))
    return false;
  for (llvm::StringRef Rest = Untracked; !Rest.empty();) {
    llvm::StringRef Path;
    std::tie(Path, Rest) = Rest.split('\0');
    if (!Path.empty())
      Lines[canonicalPath(Path, Root)].push_back({1, ~0u});
  }
  return true;
}

bool Changes::lineChanged(const std::string &File, unsigned Line) const {
  auto It = Lines.find(File);
  if (It == Lines.end())
    return false;
  return std::any_of(It->second.begin(), It->second.end(),
                     [&](const std::pair<unsigned, unsigned> &R) {
                       return R.first <= Line && Line <= R.second;
                     });
}

bool Changes::touches(const Finding &F, bool WholeFiles) const {
  auto Touched = [&](const Place &P) {
    return WholeFiles ? fileChanged(P.File) : lineChanged(P.File, P.Line);
  };
  if (Touched(F.At))
    return true;
  return std::any_of(F.Notes.begin(), F.Notes.end(),
                     [&](const Finding::Note &N) { return Touched(N.At); });
}

namespace {

bool isHeader(llvm::StringRef Path) {
  llvm::StringRef Ext = llvm::sys::path::extension(Path);
  return Ext.empty() || Ext == ".h" || Ext == ".hh" || Ext == ".hpp" ||
         Ext == ".hxx" || Ext == ".h++" || Ext == ".inc" || Ext == ".ipp" ||
         Ext == ".tcc" || Ext == ".inl";
}

/// Whether \p Text includes a file named \p Name (`#include "dir/name.h"`
/// or `<name.h>`).
bool includesByName(llvm::StringRef Text, llvm::StringRef Name) {
  for (size_t At = Text.find(Name); At != llvm::StringRef::npos;
       At = Text.find(Name, At + 1)) {
    size_t LineStart = Text.rfind('\n', At);
    LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
    llvm::StringRef Before = Text.slice(LineStart, At).trim();
    char After = At + Name.size() < Text.size() ? Text[At + Name.size()] : '\0';
    if (!Before.empty() && Before.front() == '#' &&
        Before.contains("include") && (After == '"' || After == '>') &&
        (Before.back() == '"' || Before.back() == '<' || Before.back() == '/'))
      return true;
  }
  return false;
}

} // namespace

UnitsForFiles unitsForFiles(const std::vector<std::string> &Files,
                            const std::vector<std::string> &Units,
                            SourceFiles &Sources) {
  // Each unit's canonical path, once.
  std::map<std::string, std::string> UnitOf;
  std::vector<std::string> Canonical;
  for (const std::string &U : Units) {
    Canonical.push_back(canonicalPath(U, ""));
    UnitOf.emplace(Canonical.back(), U);
  }
  UnitsForFiles Out;
  auto Add = [&](const std::string &U) {
    if (std::find(Out.Units.begin(), Out.Units.end(), U) == Out.Units.end())
      Out.Units.push_back(U);
  };
  for (const std::string &F : Files) {
    auto Listed = UnitOf.find(canonicalPath(F, ""));
    if (Listed != UnitOf.end()) {
      Add(Listed->second);
      continue;
    }
    if (!isHeader(F)) {
      Out.Unlisted.push_back(F);
      continue;
    }
    std::string Name = llvm::sys::path::filename(F).str();
    size_t I = 0;
    while (I < Units.size() &&
           !includesByName(Sources.get(Canonical[I]).Text, Name))
      ++I;
    if (I < Units.size())
      Add(Units[I]);
    else
      Out.Uncovered.push_back(F);
  }
  return Out;
}

std::vector<std::string> changedUnits(const std::vector<std::string> &Units,
                                      const Changes &C, SourceFiles &Sources) {
  std::vector<std::string> Changed;
  for (const auto &Entry : C.files())
    Changed.push_back(Entry.first);
  return unitsForFiles(Changed, Units, Sources).Units;
}

std::vector<std::string> shardOf(std::vector<std::string> Units,
                                 unsigned Index, unsigned Count) {
  std::sort(Units.begin(), Units.end());
  std::vector<std::string> Out;
  for (size_t I = Index - 1; I < Units.size(); I += Count)
    Out.push_back(Units[I]);
  return Out;
}

bool parseShard(llvm::StringRef Text, unsigned &Index, unsigned &Count) {
  auto [I, N] = Text.split('/');
  return !I.getAsInteger(10, Index) && !N.getAsInteger(10, Count) &&
         Index >= 1 && Index <= Count;
}

} // namespace clang::tidy::dbsession
