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

/// The units to check for \p C: those changed, and for each changed file
/// that is not a unit (a header), the first unit that includes it by name.
std::vector<std::string> changedUnits(const std::vector<std::string> &Units,
                                      const Changes &C, SourceFiles &Sources);

/// Whether \p Path names a header (by its extension, or none).
bool isHeader(llvm::StringRef Path);

/// The first of \p Units whose text includes a file named as \p Header
/// (by its file name: `#include "dir/name.h"` or `<name.h>`); empty if
/// none does. Included through another header is not seen.
std::string includerOf(const std::string &Header,
                       const std::vector<std::string> &Units,
                       SourceFiles &Sources);

/// Shard \p Index (1-based) of \p Count: every Count-th unit in path order.
std::vector<std::string> shardOf(std::vector<std::string> Units,
                                 unsigned Index, unsigned Count);

/// Reads `i/n`; false unless 1 <= i <= n.
bool parseShard(llvm::StringRef Text, unsigned &Index, unsigned &Count);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_TOOLS_SCOPE_H
