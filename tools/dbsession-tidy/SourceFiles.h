//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The text of the files findings are in, read once each: lines and
/// columns from clang-tidy's byte offsets, and the paths a report names.
///
/// Reports for code review name files relative to the source root (the
/// repository), never by the absolute path of the machine that ran the
/// checks: two checkouts in different directories give the same report.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_TOOLS_SOURCEFILES_H
#define DBSESSION_TIDY_TOOLS_SOURCEFILES_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang::tidy::dbsession {

/// One file's text and where its lines start.
struct SourceText {
  std::string Text;
  std::vector<unsigned> LineStarts{0};

  /// The 1-based line holding byte \p Offset.
  unsigned lineOf(unsigned Offset) const;
  /// Line \p Line (1-based) without its line end.
  llvm::StringRef line(unsigned Line) const;
  /// The 1-based column of byte \p Offset in UTF-16 code units, SARIF's
  /// default column kind.
  unsigned utf16Column(unsigned Offset) const;
  /// The end (exclusive) of the token starting at \p Offset: an
  /// identifier or number, else one character. A tight region for a
  /// location that clang-tidy gives as a point.
  unsigned tokenEnd(unsigned Offset) const;
};

/// Files read on demand, each once.
class SourceFiles {
public:
  /// The file's text; empty if it cannot be read.
  const SourceText &get(const std::string &Path);

private:
  llvm::StringMap<SourceText> Files;
};

/// \p Path absolute (relative to \p BaseDir if not), without `.` and `..`,
/// with symbolic links resolved where the file exists.
std::string canonicalPath(llvm::StringRef Path, llvm::StringRef BaseDir);

/// \p Path relative to the directory \p Root, with `/` separators; empty
/// if it is not under \p Root.
std::string relativeTo(llvm::StringRef Path, llvm::StringRef Root);

/// A relative path as a URI reference: every byte but the unreserved
/// characters, `/`, `+` and `@` percent-encoded (spaces, non-ASCII).
std::string uriOfPath(llvm::StringRef RelativePath);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_TOOLS_SOURCEFILES_H
