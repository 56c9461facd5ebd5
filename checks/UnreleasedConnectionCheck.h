//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_CHECKS_UNRELEASEDCONNECTIONCHECK_H
#define DBSESSION_TIDY_CHECKS_UNRELEASEDCONNECTIONCHECK_H

#include "FlowCheck.h"

namespace clang::tidy::dbsession {

/// Finds database connections that need an explicit release (a raw
/// `PGconn *`, a `new`ed session, a manual pool checkout) and reach an exit
/// of the function on some path without being released or handed over.
class UnreleasedConnectionCheck : public FlowCheck {
public:
  UnreleasedConnectionCheck(llvm::StringRef Name, ClangTidyContext *Context)
      : FlowCheck(Name, Context, {"OwnershipTakingFunctions"}) {}

private:
  void checkFunction(const FunctionFlow &Flow) override;
};

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_CHECKS_UNRELEASEDCONNECTIONCHECK_H
