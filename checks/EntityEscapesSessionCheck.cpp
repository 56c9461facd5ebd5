//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "EntityEscapesSessionCheck.h"
#include "Compat.h"
#include "ExprHelpers.h"

#include "clang/AST/DeclCXX.h"

namespace clang::tidy::dbsession {

EntityEscapesSessionCheck::EntityEscapesSessionCheck(llvm::StringRef Name,
                                                     ClangTidyContext *Context)
    : FlowCheck(Name, Context, {}),
      AsyncFunctionList(compat::toStdString(
          Options.get("AsyncFunctions", DefaultAsyncFunctions))),
      Async(model::splitList(AsyncFunctionList)) {}

void EntityEscapesSessionCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AsyncFunctions", AsyncFunctionList);
  FlowCheck::storeOptions(Opts);
}

namespace {

/// How a message names a bound local: its class and name ("QSqlQuery 'q'",
/// "rowset 'rs'"); a smart pointer by what it points to.
std::string describeLocal(const VarDecl *V, const HandleTypeInfo *Info) {
  std::string Name = "'" + V->getNameAsString() + "'";
  QualType T = V->getType().getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  // std::unique_ptr<T> and std::shared_ptr<T>: T.
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T->getAsCXXRecordDecl());
      Spec && Spec->isInStdNamespace() &&
      Spec->getTemplateArgs().size() != 0 &&
      Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
    T = Spec->getTemplateArgs()[0].getAsType();
  if (const auto *RD = T->getAsCXXRecordDecl();
      RD && RD->getDeclName().isIdentifier() && !RD->isInStdNamespace())
    return RD->getName().str() + " " + Name;
  return (Info ? kindWord(Info->Kind).str() : std::string("object")) + " " +
         Name;
}

/// True for a pointer into a bound object's storage (a column's text).
bool isPointerInto(const EscapeFinding &X) { return !X.Info && X.Parent; }

/// How a message names the object.
std::string describeObject(const EscapeFinding &X) {
  if (X.Transaction)
    return describeHandle(*X.Transaction);
  if (isPointerInto(X))
    return X.Object ? "pointer '" + X.Object->getNameAsString() + "'"
                    : "a pointer into its storage";
  if (!X.Object)
    return X.ValueClass.empty() ? "a value bound to its session"
                                : "a " + X.ValueClass;
  return describeLocal(X.Object, X.Info);
}

/// How a message names what the object needs: its session, or for a
/// pointer the object it points into.
std::string describeSession(const EscapeFinding &X) {
  if (isPointerInto(X))
    return describeLocal(X.Parent, nullptr);
  if (X.Session)
    return describeHandle(*X.Session);
  if (!X.SessionName.empty())
    return X.SessionName;
  return X.Info && X.Info->Kind == HandleKind::Entity
             ? "the session it was loaded through"
             : "its connection";
}

/// "ends with the function", "is closed", ... (for a pointer: its owner is
/// destroyed).
const char *endPhrase(const EscapeFinding &X) {
  switch (X.End) {
  case SessionEnd::None:
    return "ends";
  case SessionEnd::WithFunction:
    return isPointerInto(X) ? "is destroyed when the function returns"
                            : "ends with the function";
  case SessionEnd::Closed:
    return "is closed";
  case SessionEnd::Committed:
    return "is committed";
  case SessionEnd::RolledBack:
    return "is rolled back";
  case SessionEnd::Removed:
    return "is removed";
  }
  return "ends";
}

} // namespace

void EntityEscapesSessionCheck::checkFunction(const FunctionFlow &Flow) {
  for (const EscapeFinding &X : findEscapes(Flow, model(), Async)) {
    if (!firstReport(X.Loc))
      continue;
    const std::string Object = describeObject(X);
    const std::string Session = describeSession(X);
    const char *Ends = endPhrase(X);
    switch (X.Kind) {
    case EscapeKind::Returned:
      diag(X.Loc, "%0 is returned but %1 %2%select{| before the return}3")
          << Object << Session << Ends
          << (X.End != SessionEnd::WithFunction);
      break;
    case EscapeKind::Stored:
      diag(X.Loc, "%0 is stored in %select{a member|a global|a static "
                  "variable|a container|the caller's object}1 that outlives "
                  "%2")
          << Object << static_cast<int>(X.Into) << Session;
      break;
    case EscapeKind::StaticLocal:
      diag(X.Loc, "%0 is a function-local static: it outlives %1 and is "
                  "shared by every call")
          << Object << Session;
      break;
    case EscapeKind::Captured:
      if (X.HandedTo)
        diag(X.Loc, "%0 is captured %select{by reference|as a shared "
                    "copy}1 by a lambda handed to %2")
            << Object << !X.ByRef << quotedFunction(X.HandedTo, true);
      else
        diag(X.Loc, "%0 is captured %select{by reference|as a shared "
                    "copy}1 by a lambda kept as a callback")
            << Object << !X.ByRef;
      break;
    case EscapeKind::HandedOver:
      diag(X.Loc, "%0 is handed %select{as a copy|by reference}1 to %2")
          << Object << X.ByRef << quotedFunction(X.HandedTo, true);
      break;
    case EscapeKind::UsedAfterEnd:
      diag(X.Loc, "%0 is used after %1 %2") << Object << Session << Ends;
      break;
    case EscapeKind::AliveAtRemoval:
      diag(X.Loc, "%0 is still alive when %1 is removed; every query on it "
                  "stops working")
          << Object << Session;
      break;
    case EscapeKind::AttachedTwice:
      diag(X.Loc, "%0 is passed to %1 of %2 while %3 is still open; the "
                  "object would be attached to two sessions")
          << Object << quotedFunction(X.Callee, false) << X.OtherSession
          << Session;
      break;
    }
    // Where it was bound comes first.
    if (X.BoundAt.isValid()) {
      if (isPointerInto(X))
        diag(X.BoundAt, "%select{it|'%1'}0 points into %2 here",
             DiagnosticIDs::Note)
            << (X.Object != nullptr)
            << (X.Object ? X.Object->getNameAsString() : std::string())
            << Session;
      else if (X.Transaction)
        diag(X.BoundAt, "%0 is opened on %1 here", DiagnosticIDs::Note)
            << Object << Session;
      else if (!X.Object)
        diag(X.BoundAt, "it is made on %0 here", DiagnosticIDs::Note)
            << Session;
      else
        diag(X.BoundAt, "%0 is bound to %1 here", DiagnosticIDs::Note)
            << Object << Session;
    }
    if (X.EndsAt.isValid() && X.EndsAt != X.Loc)
      diag(X.EndsAt, "%0 %1 here", DiagnosticIDs::Note) << Session << Ends;
    if (X.DestroyedAt.isValid())
      diag(X.DestroyedAt, "%0 is destroyed here, after the removal",
           DiagnosticIDs::Note)
          << Object;
    // Advice, never an edit: the fix changes types and callers.
    const bool Entity = X.Info && X.Info->Kind == HandleKind::Entity;
    switch (X.Kind) {
    case EscapeKind::Returned:
    case EscapeKind::Stored:
    case EscapeKind::HandedOver:
      if (X.Kind == EscapeKind::HandedOver && !Entity)
        diag(X.Loc, "hand the job ids or plain values and open a session "
                    "where it runs",
             DiagnosticIDs::Note);
      else if (isPointerInto(X))
        diag(X.Loc, "copy what it points to (into a std::string) while %0 "
                    "is alive",
             DiagnosticIDs::Note)
            << Session;
      else if (Entity && !X.Info->IdMember.empty() && X.Object)
        diag(X.Loc, "pass '%0.%1' instead and load the entity again where it "
                    "is needed",
             DiagnosticIDs::Note)
            << X.Object->getName() << X.Info->IdMember;
      else
        diag(X.Loc, "copy what is needed into plain values while %0 is open",
             DiagnosticIDs::Note)
            << Session;
      break;
    case EscapeKind::StaticLocal:
      diag(X.Loc, "make it a local, or a member of the object that owns the "
                  "connection",
           DiagnosticIDs::Note);
      break;
    case EscapeKind::Captured:
      diag(X.Loc, "hand the lambda ids or plain values%select{| and open a "
                  "session where it runs}0",
           DiagnosticIDs::Note)
          << (X.HandedTo != nullptr);
      break;
    case EscapeKind::UsedAfterEnd:
      if (X.EndsAt.isValid())
        diag(X.EndsAt, "copy what is needed from '%0' before this",
             DiagnosticIDs::Note)
            << X.Object->getName();
      break;
    case EscapeKind::AliveAtRemoval:
      diag(X.Loc, "end the scope of '%0' before the connection is removed",
           DiagnosticIDs::Note)
          << X.Object->getName();
      break;
    case EscapeKind::AttachedTwice:
      if (!X.Info->IdMember.empty())
        diag(X.Loc, "pass '%0.%1' and load the entity through %2, or close "
                    "%3 first",
             DiagnosticIDs::Note)
            << X.Object->getName() << X.Info->IdMember << X.OtherSession
            << Session;
      else
        diag(X.Loc, "load the entity again through %0, or close %1 first",
             DiagnosticIDs::Note)
            << X.OtherSession << Session;
      break;
    }
  }
}

} // namespace clang::tidy::dbsession
