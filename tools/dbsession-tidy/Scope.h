//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Which part of a codebase a run checks: the files or lines changed since
/// a git revision (for pull requests and commit hooks), and one shard of
/// the translation units (for a CI matrix).
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_TOOLS_SCOPE_H
#define DBSESSION_TIDY_TOOLS_SCOPE_H

#include "Findings.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace clang::tidy::dbsession {

/// Runs git in \p Dir; its standard output, or false with \p Error set.
bool runGit(llvm::StringRef Dir, const std::vector<std::string> &Args,
            std::string &Out, std::string &Error);

/// The top level of the git work tree holding the current directory, or
/// the current directory outside one; canonical.
std::string defaultSourceRoot();

/// What changed since a revision: per file (canonical path), the ranges of
/// lines (1-based, inclusive) that are new or edited in the work tree.
/// Files git does not track yet count as changed everywhere.
class Changes {
public:
  bool read(llvm::StringRef Root, llvm::StringRef Revision,
            std::string &Error);

  bool fileChanged(const std::string &File) const {
    return Lines.count(File) != 0;
  }
  bool lineChanged(const std::string &File, unsigned Line) const;
  /// A finding counts when its line, or any of its notes' lines, changed;
  /// or, with \p WholeFiles, any line of those files.
  bool touches(const Finding &F, bool WholeFiles) const;
  const std::map<std::string, std::vector<std::pair<unsigned, unsigned>>> &
  files() const {
    return Lines;
  }

private:
  std::map<std::string, std::vector<std::pair<unsigned, unsigned>>> Lines;
};

/// Which translation units check a set of files.
struct UnitsForFiles {
  /// Each file the compile database lists, and for each header the first
  /// unit that includes it by name; each once, in the order of the files.
  std::vector<std::string> Units;
  /// Headers no unit includes by name (included through another header,
  /// or not at all): not checked.
  std::vector<std::string> Uncovered;
  /// Other files the compile database does not list (a new source file, a
  /// document), as given.
  std::vector<std::string> Unlisted;
};

/// The units of \p Units (the compile database's) that check \p Files.
UnitsForFiles unitsForFiles(const std::vector<std::string> &Files,
                            const std::vector<std::string> &Units,
                            SourceFiles &Sources);

/// The units to check for \p C: unitsForFiles of the changed files.
std::vector<std::string> changedUnits(const std::vector<std::string> &Units,
                                      const Changes &C, SourceFiles &Sources);

/// Shard \p Index (1-based) of \p Count: every Count-th unit in path order.
std::vector<std::string> shardOf(std::vector<std::string> Units,
                                 unsigned Index, unsigned Count);

/// Reads `i/n`; false unless 1 <= i <= n.
bool parseShard(llvm::StringRef Text, unsigned &Index, unsigned &Count);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_TOOLS_SCOPE_H
