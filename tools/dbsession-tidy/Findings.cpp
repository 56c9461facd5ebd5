//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Findings.h"

#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLTraits.h"

#include <algorithm>

namespace clang::tidy::dbsession {

Place FindingSet::placeOf(const std::string &File, unsigned Offset) {
  Place P;
  P.File = File;
  P.Offset = Offset;
  auto It = LineStarts.find(File);
  if (It == LineStarts.end()) {
    std::vector<unsigned> Starts{0};
    if (auto Buffer = llvm::MemoryBuffer::getFile(File)) {
      llvm::StringRef Text = (*Buffer)->getBuffer();
      for (size_t I = 0; I < Text.size(); ++I)
        if (Text[I] == '\n')
          Starts.push_back(I + 1);
    }
    It = LineStarts.try_emplace(File, std::move(Starts)).first;
  }
  const std::vector<unsigned> &Starts = It->second;
  auto Line = std::upper_bound(Starts.begin(), Starts.end(), Offset);
  P.Line = Line - Starts.begin();
  P.Column = Offset - *(Line - 1) + 1;
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
  for (const tooling::Diagnostic &D : Unit.Diagnostics) {
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
