//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `dbsession-tidy verify-model`: which entries of a project's model files
/// name a declaration in the project's sources.
///
/// The checks ignore a name that matches nothing (a library's headers differ
/// between versions), so a misspelt method in a project's model quietly
/// checks less. This command parses the project's translation units through
/// its compile database and, for every name in the given model files (types,
/// safe types, functions with their `params`, pools, blocking and ignored
/// calls), says whether a declaration carries it the way the checks match
/// names (`ApiModel::modelName`). A name that matches nothing is an error
/// at its place in the model file, with the closest name that was seen.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_TOOLS_VERIFYMODEL_H
#define DBSESSION_TIDY_TOOLS_VERIFYMODEL_H

namespace clang::tidy::dbsession {

/// Runs the command on its arguments (those after `verify-model`). Returns
/// 0 when every name matched, 1 when one did not, 2 on a usage or input
/// error (a malformed model file, no compile database).
int verifyModelMain(int Argc, const char **Argv);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_TOOLS_VERIFYMODEL_H
