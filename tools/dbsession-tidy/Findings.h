//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The findings of a run over many translation units, merged.
///
/// Each unit's clang-tidy writes its diagnostics as YAML (`--export-fixes`);
/// they are read here, given lines and columns, and merged: a finding in a
/// header that several units include is one finding. The order is
/// deterministic (file, line, column, check, message), whatever order the
/// units finished in.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_TOOLS_FINDINGS_H
#define DBSESSION_TIDY_TOOLS_FINDINGS_H

#include "SourceFiles.h"

#include "clang/Tooling/Core/Diagnostic.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace clang::tidy::dbsession {

/// A place in a file, as byte offset and as 1-based line and byte column.
/// The file's path is canonical: absolute, symbolic links resolved.
struct Place {
  std::string File;
  unsigned Offset = 0, Line = 0, Column = 0;
};

/// One diagnostic (a warning or an error) with its notes.
struct Finding {
  std::string Check;
  bool IsError = false;
  std::string Message;
  Place At;
  struct Note {
    std::string Message;
    Place At;
  };
  std::vector<Note> Notes;
  /// The diagnostic as clang-tidy exported it, fixes included.
  tooling::Diagnostic Original;

  /// Set by FindingSet::identify.
  std::string Function;       ///< The function it is in, or empty.
  std::string SemanticKey;    ///< See Fingerprints.h; `hex:n`.
  std::string LineHash;       ///< GitHub's primaryLocationLineHash.

  /// The message without the "; fix available" clang-tidy adds to it.
  std::string plainMessage() const;

  std::tuple<const std::string &, unsigned, const std::string &,
             const std::string &>
  key() const {
    return {At.File, At.Offset, Check, Message};
  }
};

class FindingSet {
public:
  /// Reads one unit's exported YAML. False (with \p Error set) if it is not
  /// a diagnostics file.
  bool addUnit(llvm::StringRef YamlPath, std::string &Error);

  /// Sorted, each once.
  const std::vector<Finding> &all();
  /// How many it has read, without sorting them (before keepIf).
  size_t size() const { return ByKey.size(); }

  /// Gives every finding its function and fingerprints.
  void identify();

  /// Keeps the findings \p Keep accepts.
  template <typename Pred> void keepIf(Pred Keep) {
    all();
    std::vector<Finding> Kept;
    for (Finding &F : Sorted)
      if (Keep(F))
        Kept.push_back(std::move(F));
    Sorted = std::move(Kept);
  }

  /// The text of the files the findings are in.
  SourceFiles &sources() { return Sources; }

  /// Findings of dbsession checks and of other checks (not errors).
  unsigned warnings();
  /// Compile errors and clang-tidy's own configuration errors.
  unsigned errors();

  /// `file:line:col: warning: message [check]`, then its notes.
  void printText(llvm::raw_ostream &OS);
  /// One YAML file of every finding, for clang-apply-replacements.
  bool writeFixes(llvm::StringRef Path, std::string &Error);

private:
  Place placeOf(const std::string &File, unsigned Offset);
  SourceFiles Sources;
  llvm::StringMap<std::vector<std::string>> LineHashes;
  std::map<std::tuple<std::string, unsigned, std::string, std::string>,
           Finding>
      ByKey;
  std::vector<Finding> Sorted;
  bool Dirty = true;
};

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_TOOLS_FINDINGS_H
