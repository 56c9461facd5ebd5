//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "MemberNames.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"

#include <string>

namespace clang::tidy::dbsession {

namespace {

/// The class \p Qualifier names (`app::SqlConnPool`), if this translation
/// unit defines it. Namespaces, classes and class templates are followed;
/// anything else (an alias, a specialisation) gives up.
const CXXRecordDecl *definedClass(ASTContext &Ctx, llvm::StringRef Qualifier) {
  const DeclContext *DC = Ctx.getTranslationUnitDecl();
  const CXXRecordDecl *Class = nullptr;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Qualifier.split(Parts, "::");
  for (llvm::StringRef Part : Parts) {
    if (!DC || Part.empty())
      return nullptr;
    const DeclContext *Next = nullptr;
    Class = nullptr;
    for (const NamedDecl *ND : DC->lookup(&Ctx.Idents.get(Part))) {
      if (const auto *NS = dyn_cast<NamespaceDecl>(ND))
        Next = NS;
      else if (const auto *CT = dyn_cast<ClassTemplateDecl>(ND))
        Class = CT->getTemplatedDecl();
      else if (const auto *RD = dyn_cast<CXXRecordDecl>(ND))
        Class = RD;
      if (Class) {
        Class = Class->getDefinition();
        Next = Class;
        break;
      }
    }
    DC = Next;
  }
  return Class;
}

/// The base of \p RD (at any depth) that declares a member \p Name.
const CXXRecordDecl *declaringBase(const CXXRecordDecl *RD,
                                   const DeclarationName &Name,
                                   unsigned Depth = 0) {
  if (Depth > 16)
    return nullptr;
  for (const CXXBaseSpecifier &B : RD->bases()) {
    const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl();
    if (!Base || !(Base = Base->getDefinition()))
      continue;
    if (!Base->lookup(Name).empty())
      return Base;
    if (const CXXRecordDecl *Deeper = declaringBase(Base, Name, Depth + 1))
      return Deeper;
  }
  return nullptr;
}

/// The member of \p RD whose name is closest to \p Name, if close enough to
/// be a misspelling.
std::string closestMember(const CXXRecordDecl *RD, llvm::StringRef Name) {
  std::string Best;
  unsigned Limit = std::max<unsigned>(2, Name.size() / 4) + 1;
  for (const Decl *D : RD->decls()) {
    const auto *ND = dyn_cast<NamedDecl>(D);
    if (!ND || !ND->getDeclName().isIdentifier())
      continue;
    unsigned Distance = ND->getName().edit_distance(Name, true, Limit);
    if (Distance < Limit) {
      Limit = Distance;
      Best = ND->getName().str();
    }
  }
  return Best;
}

} // namespace

std::vector<ModelDiagnostic> misspeltMemberNames(const ApiModel &Model,
                                                 ASTContext &Ctx) {
  std::vector<ModelDiagnostic> Result;
  for (const ModelNamePlace &P : Model.projectMemberNames()) {
    llvm::StringRef Name(P.Name);
    size_t Sep = Name.rfind("::");
    llvm::StringRef Qualifier = Name.take_front(Sep);
    llvm::StringRef Member = Name.drop_front(Sep + 2);
    // Constructors and destructors always exist; operators are spelt too
    // many ways to judge.
    if (Member.empty() || Member.front() == '~' ||
        Member.substr(0, 8) == "operator" ||
        Member == Qualifier.rsplit("::").second)
      continue;
    const CXXRecordDecl *Class = definedClass(Ctx, Qualifier);
    if (!Class)
      continue;
    DeclarationName DN(&Ctx.Idents.get(Member));
    if (!Class->lookup(DN).empty())
      continue;
    ModelDiagnostic D;
    D.File = P.File;
    D.Line = P.Line;
    D.Column = P.Column;
    D.JsonPath = P.JsonPath;
    D.Message = "'" + P.Name + "' matches nothing: '" + Qualifier.str() +
                "' declares no member '" + Member.str() + "'";
    if (const CXXRecordDecl *Base = declaringBase(Class, DN))
      D.Message += "; it inherits one from '" +
                   ApiModel::modelName(Base) +
                   "', and a method is named by the class that declares it";
    else if (std::string Near = closestMember(Class, Member); !Near.empty())
      D.Message += "; did you mean '" + Near + "'?";
    Result.push_back(std::move(D));
  }
  return Result;
}

} // namespace clang::tidy::dbsession
