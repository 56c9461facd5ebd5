//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Misspelt method names in a project's model files, found while checking.
///
/// A name that matches no declaration is ignored (a library's headers differ
/// between versions), so `app::Pool::GetConnn` would quietly check less.
/// One case is certain within a translation unit: the name's qualifier is a
/// class defined there, and that class declares no member by the name (a
/// class, unlike a namespace, is closed). That is reported, with the
/// closest member name, or the base class that declares it (the model
/// matches a method by the class that declares it).
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_MEMBERNAMES_H
#define DBSESSION_TIDY_LIB_MEMBERNAMES_H

#include "ApiModel.h"

#include <vector>

namespace clang {
class ASTContext;
} // namespace clang

namespace clang::tidy::dbsession {

/// The project's names of members that the classes \p Ctx defines do not
/// declare, as problems at their place in the model file.
std::vector<ModelDiagnostic> misspeltMemberNames(const ApiModel &Model,
                                                 ASTContext &Ctx);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_MEMBERNAMES_H
