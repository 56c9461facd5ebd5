//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_CHECKS_HELDACROSSBLOCKINGCALLCHECK_H
#define DBSESSION_TIDY_CHECKS_HELDACROSSBLOCKINGCALLCHECK_H

#include "FlowCheck.h"

#include <string>

namespace clang::tidy::dbsession {

/// Finds database connections, sessions, pool leases and open transactions
/// that are held across a blocking call (network, sleep, waiting), directly
/// or through helper functions.
class HeldAcrossBlockingCallCheck : public FlowCheck {
public:
  HeldAcrossBlockingCallCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  void checkFunction(const FunctionFlow &Flow) override;
  void reportUnmatchedGroups();

  const std::string BlockingGroups;
  const bool IncludeHelpers;
  const unsigned MaxChainDepth;
  BlockingPolicy Policy;
};

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_CHECKS_HELDACROSSBLOCKINGCALLCHECK_H
