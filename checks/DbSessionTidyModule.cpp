//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Compat.h"
#include "EntityEscapesSessionCheck.h"
#include "HeldAcrossBlockingCallCheck.h"
#include "UnfinishedTransactionCheck.h"
#include "UnreleasedConnectionCheck.h"
#include "clang-tidy/ClangTidyModule.h"

namespace clang::tidy {
namespace dbsession {

/// Checks for database sessions, connections and transactions that are held
/// too long, escape their scope or end without being released or finished.
class DbSessionModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &CheckFactories) override {
    // Sorted by check name; each check comes with its own tests and docs.
    CheckFactories.registerCheck<EntityEscapesSessionCheck>(
        "dbsession-entity-escapes-session");
    CheckFactories.registerCheck<HeldAcrossBlockingCallCheck>(
        "dbsession-held-across-blocking-call");
    CheckFactories.registerCheck<UnfinishedTransactionCheck>(
        "dbsession-unfinished-transaction");
    CheckFactories.registerCheck<UnreleasedConnectionCheck>(
        "dbsession-unreleased-connection");
  }
};

} // namespace dbsession

static ClangTidyModuleRegistry::Add<dbsession::DbSessionModule>
    X("dbsession-module", "Adds checks for database session misuse.");

} // namespace clang::tidy

// Referenced by our own clang-tidy and clangd binaries to force linking this
// module when it is built into them rather than loaded.
volatile int DbSessionModuleAnchorSource = 0;
