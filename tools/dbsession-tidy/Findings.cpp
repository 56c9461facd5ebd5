//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Findings.h"
#include "Fingerprints.h"

#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"

#include <algorithm>

namespace clang::tidy::dbsession {

std::string Finding::plainMessage() const {
  llvm::StringRef M = Message;
  M.consume_back("; fix available");
  return M.str();
}

Place FindingSet::placeOf(const std::string &File, unsigned Offset) {
  const SourceText &Text = Sources.get(File);
  Place P;
  P.File = File;
  P.Offset = Offset;
  P.Line = Text.lineOf(Offset);
  P.Column = Offset - Text.LineStarts[P.Line - 1] + 1;
  return P;
}

bool FindingSet::addUnit(llvm::StringRef YamlPath, std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(YamlPath);
  if (!Buffer) {
    Error = Buffer.getError().message();
    return false;
  }
  tooling::TranslationUnitDiagnostics Unit;
  llvm::yaml::Input In((*Buffer)->getBuffer());
  In >> Unit;
  if (In.error()) {
    Error = "not a clang-tidy diagnostics file";
    return false;
  }
  for (tooling::Diagnostic D : Unit.Diagnostics) {
    // One file has one name, whichever way a unit reached it.
    auto Canonical = [&](std::string &Path) {
      if (!Path.empty())
        Path = canonicalPath(Path, D.BuildDirectory);
    };
    auto CanonicalMessage = [&](tooling::DiagnosticMessage &M) {
      Canonical(M.FilePath);
      llvm::StringMap<tooling::Replacements> Fix;
      for (auto &Entry : M.Fix) {
        std::string Path = Entry.first().str();
        Canonical(Path);
        tooling::Replacements &Moved = Fix[Path];
        for (const tooling::Replacement &R : Entry.second)
          llvm::consumeError(Moved.add(tooling::Replacement(
              Path, R.getOffset(), R.getLength(), R.getReplacementText())));
      }
      M.Fix = std::move(Fix);
    };
    CanonicalMessage(D.Message);
    for (tooling::DiagnosticMessage &N : D.Notes)
      CanonicalMessage(N);
    Finding F;
    F.Check = D.DiagnosticName;
    F.IsError = D.DiagLevel == tooling::Diagnostic::Error;
    F.Message = D.Message.Message;
    // A configuration problem has no file; its text names its place.
    if (!D.Message.FilePath.empty())
      F.At = placeOf(D.Message.FilePath, D.Message.FileOffset);
    for (const tooling::DiagnosticMessage &N : D.Notes) {
      Finding::Note Note;
      Note.Message = N.Message;
      if (!N.FilePath.empty())
        Note.At = placeOf(N.FilePath, N.FileOffset);
      F.Notes.push_back(std::move(Note));
    }
    F.Original = D;
    auto Key = std::make_tuple(F.At.File, F.At.Offset, F.Check, F.Message);
    ByKey.try_emplace(std::move(Key), std::move(F));
  }
  Dirty = true;
  return true;
}

const std::vector<Finding> &FindingSet::all() {
  if (Dirty) {
    Sorted.clear();
    for (auto &Entry : ByKey)
      Sorted.push_back(Entry.second);
    std::stable_sort(Sorted.begin(), Sorted.end(),
                     [](const Finding &A, const Finding &B) {
                       return std::tie(A.At.File, A.At.Line, A.At.Column,
                                       A.Check, A.Message) <
                              std::tie(B.At.File, B.At.Line, B.At.Column,
                                       B.Check, B.Message);
                     });
    Dirty = false;
  }
  return Sorted;
}

void FindingSet::identify() {
  llvm::StringMap<unsigned> Repeats;
  all();
  for (Finding &F : Sorted) {
    if (F.At.File.empty())
      continue;
    const SourceText &Text = Sources.get(F.At.File);
    F.Function = enclosingFunction(Text.Text, F.At.Offset);
    std::string Key = semanticKey(F.Check, llvm::sys::path::filename(F.At.File),
                                  F.Function, F.plainMessage());
    // Repeats are counted per file, in the order of lines.
    F.SemanticKey =
        Key + ":" + std::to_string(++Repeats[F.At.File + "\n" + Key]);
    auto Lines = LineHashes.find(F.At.File);
    if (Lines == LineHashes.end())
      Lines = LineHashes.try_emplace(F.At.File, lineHashes(Text.Text)).first;
    if (F.At.Line >= 1 && F.At.Line <= Lines->second.size())
      F.LineHash = Lines->second[F.At.Line - 1];
  }
}

unsigned FindingSet::warnings() {
  return llvm::count_if(all(), [](const Finding &F) { return !F.IsError; });
}

unsigned FindingSet::errors() {
  return llvm::count_if(all(), [](const Finding &F) { return F.IsError; });
}

static void printPlace(llvm::raw_ostream &OS, const Place &P) {
  if (!P.File.empty())
    OS << P.File << ":" << P.Line << ":" << P.Column << ": ";
}

void FindingSet::printText(llvm::raw_ostream &OS) {
  for (const Finding &F : all()) {
    printPlace(OS, F.At);
    OS << (F.IsError ? "error: " : "warning: ") << F.Message << " ["
       << F.Check << "]\n";
    for (const Finding::Note &N : F.Notes) {
      printPlace(OS, N.At);
      OS << "note: " << N.Message << "\n";
    }
  }
}

bool FindingSet::writeFixes(llvm::StringRef Path, std::string &Error) {
  tooling::TranslationUnitDiagnostics Out;
  for (const Finding &F : all())
    Out.Diagnostics.push_back(F.Original);
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    Error = EC.message();
    return false;
  }
  llvm::yaml::Output YAML(OS);
  YAML << Out;
  return true;
}

} // namespace clang::tidy::dbsession
