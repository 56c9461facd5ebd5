//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Reports for code review: a SARIF 2.1.0 log as GitHub code scanning
/// reads it, a GitLab code quality report, and the merge of SARIF logs
/// written by shards of one run.
///
/// SARIF: one run; a rule for every check enabled or reported; each result
/// at the reported token, its notes as related locations and as a thread
/// (acquired, blocking call, released), its fixes, and two fingerprints
/// (Fingerprints.h). Files are named relative to the source root with the
/// base id `SRCROOT`, never by the absolute path of the machine that ran
/// the checks. Compile errors and clang-tidy's configuration errors are
/// notifications of the invocation, not results.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_TOOLS_SARIF_H
#define DBSESSION_TIDY_TOOLS_SARIF_H

#include "Findings.h"

#include <string>
#include <vector>

namespace clang::tidy::dbsession {

/// What a report says besides the findings.
struct ReportContext {
  std::string SourceRoot; ///< Canonical; reports name files relative to it.
  std::string Category;   ///< SARIF `automationDetails.id`.
  std::vector<std::string> EnabledChecks;
  /// Failures of the run itself (a unit clang-tidy failed on), each a
  /// sentence; the run did not check everything.
  std::vector<std::string> ToolFailures;
};

/// Writes the SARIF log of \p Found to \p Path. Findings in files outside
/// the source root cannot be shown by a code-review tool and are left out;
/// \p LeftOut counts them.
bool writeSarif(FindingSet &Found, const ReportContext &Context,
                llvm::StringRef Path, unsigned &LeftOut, std::string &Error);

/// Writes the findings as GitLab's code quality report (Code Climate
/// issues) to \p OS; \p LeftOut as for writeSarif.
void writeCodeClimate(FindingSet &Found, const ReportContext &Context,
                      llvm::raw_ostream &OS, unsigned &LeftOut);

/// `dbsession-tidy merge -o out.sarif a.sarif b.sarif ...`: one run of
/// the shards' logs, each result once.
int mergeMain(int Argc, const char **Argv);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_TOOLS_SARIF_H
