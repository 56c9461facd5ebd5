//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "SqlText.h"
#include "ExprHelpers.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::dbsession {

namespace {

llvm::StringRef skipNoise(llvm::StringRef T) {
  while (true) {
    T = T.ltrim();
    if (T.consume_front("--")) {
      size_t End = T.find('\n');
      T = End == llvm::StringRef::npos ? llvm::StringRef() : T.substr(End);
    } else if (T.consume_front("/*")) {
      size_t End = T.find("*/");
      T = End == llvm::StringRef::npos ? llvm::StringRef() : T.substr(End + 2);
    } else if (T.consume_front("(")) {
      continue;
    } else {
      return T;
    }
  }
}

llvm::StringRef firstWord(llvm::StringRef T) {
  size_t End = 0;
  while (End < T.size() && (llvm::isAlpha(T[End]) || T[End] == '_'))
    ++End;
  return T.substr(0, End);
}

/// The string literal an argument starts with, looking through
/// conversions, single-argument constructions, the left operand of `+`
/// (`"SELECT ... '" + name + "'"`) and the initialiser of a local variable
/// holding the text.
const StringLiteral *literalOf(const Expr *E) {
  for (unsigned Depth = 0; E && Depth != 16; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *S = dyn_cast<StringLiteral>(E))
      return S;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      E = Op->getOperator() == OO_Plus && Op->getNumArgs() == 2
              ? Op->getArg(0)
              : nullptr;
      continue;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      // `sql.c_str()`, or a string converted to a string_view.
      const CXXMethodDecl *MD = MC->getMethodDecl();
      bool SameText = MD && (isa<CXXConversionDecl>(MD) ||
                             (MD->getDeclName().isIdentifier() &&
                              (MD->getName() == "c_str" ||
                               MD->getName() == "data")));
      E = SameText ? MC->getImplicitObjectArgument() : nullptr;
      continue;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      E = VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD)
              ? VD->getInit()
              : nullptr;
      continue;
    }
    E = throughConversion(E);
  }
  return nullptr;
}

} // namespace

SqlVerb classifySql(llvm::StringRef Text) {
  llvm::StringRef T = skipNoise(Text);
  std::string Word = firstWord(T).lower();
  if (Word == "start") {
    llvm::StringRef Rest = skipNoise(T.substr(5));
    return firstWord(Rest).lower() == "transaction" ? SqlVerb::Begin
                                                    : SqlVerb::Unknown;
  }
  static const struct {
    llvm::StringLiteral Word;
    SqlVerb Verb;
  } Verbs[] = {
      {"select", SqlVerb::Read},      {"show", SqlVerb::Read},
      {"explain", SqlVerb::Read},     {"values", SqlVerb::Read},
      {"table", SqlVerb::Read},       {"describe", SqlVerb::Read},
      {"pragma", SqlVerb::Read},      {"insert", SqlVerb::Write},
      {"update", SqlVerb::Write},     {"delete", SqlVerb::Write},
      {"merge", SqlVerb::Write},      {"upsert", SqlVerb::Write},
      {"replace", SqlVerb::Write},    {"create", SqlVerb::Write},
      {"alter", SqlVerb::Write},      {"drop", SqlVerb::Write},
      {"truncate", SqlVerb::Write},   {"begin", SqlVerb::Begin},
      {"commit", SqlVerb::Commit},    {"end", SqlVerb::Commit},
      {"rollback", SqlVerb::Rollback}, {"abort", SqlVerb::Rollback},
  };
  for (const auto &V : Verbs)
    if (Word == V.Word)
      return V.Verb;
  return SqlVerb::Unknown;
}

SqlVerb sqlVerbOf(const Expr *Arg) {
  const StringLiteral *S = literalOf(Arg);
  if (!S || S->getCharByteWidth() != 1)
    return SqlVerb::Unknown;
  return classifySql(S->getString());
}

} // namespace clang::tidy::dbsession
