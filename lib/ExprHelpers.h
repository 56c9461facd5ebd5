//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Small questions about expressions and declarations that the fact
/// collector and the checks share: which object an expression denotes once
/// parentheses, casts and temporaries are looked through, what `std::move`
/// moves, and how a diagnostic names a function.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_EXPRHELPERS_H
#define DBSESSION_TIDY_LIB_EXPRHELPERS_H

#include "ApiModel.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <string>

namespace clang::tidy::dbsession {

/// The kinds of handles that are held (the others are bound objects,
/// entities and pools).
bool isHeldKind(HandleKind K);

/// Strips what does not change which object an expression denotes.
const Expr *strip(const Expr *E);

/// One step through a conversion that keeps the value: a materialised or
/// bound temporary, a functional or explicit cast, a construction from one
/// argument (`std::string("...")`, `QLatin1String("...")`); null for
/// anything else.
const Expr *throughConversion(const Expr *E);

/// `std::move(x)`, `std::forward<T>(x)` or `static_cast<T &&>(x)`: x.
const Expr *movedFrom(const Expr *E);

bool isSmartPointer(Wrapper W);

/// A `try` with a `catch (...)` handler.
bool isCatchAll(const CXXTryStmt *Try);

bool isNoexcept(const FunctionDecl *FD);

/// The name a diagnostic uses for a function: qualified as the model spells
/// it, or plain (with its class for a method); "lambda" for a lambda.
std::string describeFunction(const FunctionDecl *FD, bool Qualified);

/// The same, quoted for a diagnostic: "'summarize'", or "the lambda".
std::string quotedFunction(const FunctionDecl *FD, bool Qualified);

/// How a diagnostic names the function called at \p Call:
/// "'app::summarize'", or "lambda 'wait'" for a lambda called through a
/// variable.
std::string describeCallee(const Expr *Call, const FunctionDecl *Callee);

/// The callee, implicit object and arguments of a call or construction;
/// false for anything else.
bool callShape(const Expr *E, const FunctionDecl *&Callee, const Expr *&Object,
               llvm::SmallVectorImpl<const Expr *> &Args);

struct HandleDesc;

/// The word for a kind of handle in a message: the model's spelling, but
/// for bound objects, which read better as what they mostly are
/// ("statement").
llvm::StringRef kindWord(HandleKind K);

/// How a message names a handle: "connection 'sql'", "transaction on
/// 'db'", "temporary session", "connection named 'name'".
std::string describeHandle(const HandleDesc &D);

/// The public, argument-less method of \p RD (or a public base) with
/// \p Role (`close`, `commit`), for spelling a fix.
const CXXMethodDecl *methodWithRole(const CXXRecordDecl *RD, CallRole Role,
                                    const ApiModel &Model);

/// The first expression inside \p E (itself included, lambdas' bodies
/// excluded) for which \p Pred holds, depth first; null if none.
const Expr *firstInside(const Expr *E,
                        llvm::function_ref<bool(const Expr *)> Pred);

/// The declaration \p E names, through what strip() looks through: a
/// variable or function (`x`), or a member (`this->db_`, `q.db`); null for
/// anything else.
const ValueDecl *namedDecl(const Expr *E);

/// The local whose storage a pointer computed by \p E points into: \p E is
/// a member call on a statement-like object (the model's `bound` kind), or
/// on a temporary of such a type made from one, down to a local
/// (`st.getColumn(0).getText()` is `st`). Null for anything else: a value
/// a free function computed (`strdup(...)`) is the caller's own.
const VarDecl *boundStorageOwner(const Expr *E, const ApiModel &Model);

/// True if \p S names one of \p Decls anywhere inside it.
bool refersTo(const Stmt *S, llvm::ArrayRef<const ValueDecl *> Decls);

/// True if the local \p V names storage another owner holds: a reference,
/// or a pointer initialised with an address (`&pool.at(i)`). Opening a
/// session through it does not make the function its owner.
bool namesOthersStorage(const VarDecl *V);

/// True if \p FD's own definition holds an error: it is invalid, or its
/// body or constructor initializers contain an expression with errors or
/// an invalid declaration. Such a function is neither analysed nor
/// summarised (its callers see an unknown function); the other functions of
/// a file that does not compile still are. Cheap when the file compiles.
bool hasErrors(const FunctionDecl *FD);

/// True if \p Body assigns to a member, a global or an element of one the
/// value of one of \p Decls or of the call \p Call (may be null): that
/// value itself, something read off it (`db.connectionName()`), a copy (also
/// by `new`), or a concatenation with it; not a value a call computed from
/// it (`rows = count(db)`). The object or the program then keeps it.
bool storesIntoOwner(const Stmt *Body, llvm::ArrayRef<const ValueDecl *> Decls,
                     const Expr *Call);

/// The text to insert before \p Loc so that \p Statement (without its
/// `;`) runs first, keeping the indentation when \p Loc starts its line;
/// empty when \p Loc is in a macro.
std::string insertionBefore(SourceLocation Loc, const SourceManager &SM,
                            llvm::StringRef Statement);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_EXPRHELPERS_H
