//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What a piece of SQL text does, from its first keyword: enough to tell a
/// write from a read where the text is a literal in the call.
///
/// Leading whitespace, `--` and `/* */` comments and opening parentheses
/// are skipped; the keyword is compared without regard to case. A `WITH`
/// query may do either and is Unknown, as is anything not a literal.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_SQLTEXT_H
#define DBSESSION_TIDY_LIB_SQLTEXT_H

#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::dbsession {

enum class SqlVerb : unsigned char {
  Unknown,  ///< not a literal, or a keyword that may do either
  Read,     ///< SELECT, SHOW, EXPLAIN, VALUES, TABLE, DESCRIBE, PRAGMA
  Write,    ///< INSERT, UPDATE, DELETE, MERGE, UPSERT, REPLACE, CREATE,
            ///< ALTER, DROP, TRUNCATE
  Begin,    ///< BEGIN, START TRANSACTION
  Commit,   ///< COMMIT, END
  Rollback, ///< ROLLBACK, ABORT
};

/// The verb of SQL text.
SqlVerb classifySql(llvm::StringRef Text);

/// The verb of the SQL text an argument passes, when it is a string literal
/// (possibly converted: a `std::string`, a `QString`, a `pqxx::zview`
/// built from one).
SqlVerb sqlVerbOf(const Expr *Arg);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_SQLTEXT_H
