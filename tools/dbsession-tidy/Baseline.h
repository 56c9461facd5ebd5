//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Baselines: the findings a codebase had when it adopted the checks, so
/// that a run fails only on new ones.
///
/// A finding is known when the baseline has its semantic key (check, file
/// name, function, message; Fingerprints.h): reformatting the code or
/// inserting lines above a known finding leaves it known. A baseline entry
/// no finding matches any more has been fixed.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_TOOLS_BASELINE_H
#define DBSESSION_TIDY_TOOLS_BASELINE_H

#include "Findings.h"

#include <string>
#include <vector>

namespace clang::tidy::dbsession {

/// Writes the baseline of \p Found (warnings only) to \p Path; files are
/// named relative to \p Root.
bool writeBaseline(FindingSet &Found, llvm::StringRef Root,
                   llvm::StringRef Path, std::string &Error);

/// One entry of a baseline file.
struct BaselineEntry {
  std::string Key, Check, File, Message;
  unsigned Line = 0;
};

/// Reads a baseline; false with \p Error naming the place of a problem.
bool readBaseline(llvm::StringRef Path, std::vector<BaselineEntry> &Out,
                  std::string &Error);

/// Removes the findings \p Baseline knows from \p Found; returns the
/// entries that matched nothing (fixed since).
std::vector<BaselineEntry> applyBaseline(FindingSet &Found,
                                         std::vector<BaselineEntry> Baseline,
                                         unsigned &Known);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_TOOLS_BASELINE_H
