//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `dbsession-tidy [options] [files]`: runs the checks over a compile
/// database, in parallel, with the module loaded into the clang-tidy of the
/// major it was built for, and merges what each unit found.
///
/// clang-tidy exits 0 when a plugin fails to load and another check is on
/// ("-load request ignored"): the runner first asks that clang-tidy which
/// checks are enabled and refuses to go on unless a `dbsession-*` check is
/// among them. Exit status: 0 clean, 1 findings, 2 a tool or configuration
/// failure (the module did not load, clang-tidy crashed, a unit did not
/// compile, a configuration error).
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_TOOLS_RUNNER_H
#define DBSESSION_TIDY_TOOLS_RUNNER_H

namespace clang::tidy::dbsession {

/// Runs the checks; \p Argv[0] is the program, the rest its options.
int runnerMain(int Argc, const char **Argv);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_TOOLS_RUNNER_H
