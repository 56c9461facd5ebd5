//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_CHECKS_UNFINISHEDTRANSACTIONCHECK_H
#define DBSESSION_TIDY_CHECKS_UNFINISHEDTRANSACTIONCHECK_H

#include "FlowCheck.h"

namespace clang::tidy::dbsession {

/// Finds transactions that end without commit or rollback on some path (by
/// the library's destructor semantics), are committed or rolled back after
/// they finished, or begin while another is open on the same session.
class UnfinishedTransactionCheck : public FlowCheck {
public:
  UnfinishedTransactionCheck(llvm::StringRef Name, ClangTidyContext *Context)
      : FlowCheck(Name, Context, {"TransactionFinishingFunctions"}) {}

private:
  void checkFunction(const FunctionFlow &Flow) override;
};

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_CHECKS_UNFINISHEDTRANSACTIONCHECK_H
