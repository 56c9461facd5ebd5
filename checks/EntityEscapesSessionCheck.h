//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_CHECKS_ENTITYESCAPESSESSIONCHECK_H
#define DBSESSION_TIDY_CHECKS_ENTITYESCAPESSESSIONCHECK_H

#include "Escapes.h"
#include "FlowCheck.h"

#include <string>

namespace clang::tidy::dbsession {

/// Finds objects bound to a database session (statements, rowsets,
/// cursors, queries, entities loaded through it) that are returned, stored,
/// captured by another thread or a kept callback, or used after their
/// session ended.
class EntityEscapesSessionCheck : public FlowCheck {
public:
  EntityEscapesSessionCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  void checkFunction(const FunctionFlow &Flow) override;

  const std::string AsyncFunctionList;
  const AsyncFunctions Async;
};

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_CHECKS_ENTITYESCAPESSESSIONCHECK_H
