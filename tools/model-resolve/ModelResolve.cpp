//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// model-resolve: checks that every name in a model file is a real
/// declaration in the library's own headers.
///
/// A name that matches nothing is silently ignored at analysis time (headers
/// differ between versions), so a misspelt built-in name would quietly turn a
/// check off. This tool parses one translation unit that includes the file's
/// `headers` and looks every type, function, pool and blocking name up the
/// way the model matches them (the file is read, and validated, by the
/// module's own loader): component by component through namespaces
/// (inline ones included), classes, class templates and aliases of classes;
/// the last component may be a class, a function, a function template, a
/// method or a constructor (`Class::Class`). Methods must be named with the
/// class that declares them: base classes are not searched.
///
/// Usage:
///   model-resolve [--expect=<file>] [--verbose] <model.json>
///                 [-- <compiler flags>]
///
/// The expectations file says what this machine's headers lack, one entry a
/// line (`#` starts a comment):
///   optional <header> <prefix>...   the header may be missing; if it is,
///                                   names starting with a prefix are skipped
///   missing <name>                  the name is known to be absent here (a
///                                   newer or older version has it); it is
///                                   reported, not failed, and fails once it
///                                   resolves, so that the list stays true
///
/// Exit status: 0 when every checked name resolves, 1 when one does not,
/// 2 on usage or input errors.
///
//===----------------------------------------------------------------------===//

#include "ModelData.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/Basic/OperatorKinds.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <set>
#include <string>
#include <vector>

using namespace clang;

namespace {

/// What a name in the model must resolve to.
enum class NameKind { Type, Function };

/// One name to resolve, with where it came from in the model file.
struct ModelName {
  std::string Name;
  NameKind Kind;
  std::string Where;              ///< JSON path, e.g. "/types/3/name"
  std::vector<std::string> Params; ///< `params` of a function entry
};

/// A header the model file lists. One the expectations call optional may be
/// missing; the names it covers (by prefix) are then skipped.
struct ModelHeader {
  std::string Header;
  std::vector<std::string> Covers;
  bool Optional = false;
  bool Available = true;
};

struct ModelFile {
  std::string Library;
  std::vector<ModelHeader> Headers;
  std::vector<ModelName> Names;
};

bool startsWith(const std::string &S, const std::string &Prefix) {
  return S.compare(0, Prefix.size(), Prefix) == 0;
}

std::string withoutSpaces(std::string S) {
  S.erase(std::remove(S.begin(), S.end(), ' '), S.end());
  return S;
}

/// Splits `a::b<c::d>::e` at top-level `::` (never inside template
/// arguments or parentheses, so `operator()` and `operator<<` survive).
std::vector<std::string> splitQualified(const std::string &Name) {
  std::vector<std::string> Parts;
  std::string Cur;
  int Depth = 0;
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    bool InOperator = Cur.rfind("operator", 0) == 0;
    if (!InOperator && (C == '<' || C == '('))
      ++Depth;
    if (!InOperator && (C == '>' || C == ')'))
      --Depth;
    if (Depth == 0 && C == ':' && I + 1 < Name.size() && Name[I + 1] == ':') {
      Parts.push_back(Cur);
      Cur.clear();
      ++I;
      continue;
    }
    Cur += C;
  }
  Parts.push_back(Cur);
  return Parts;
}

/// Reads and validates a model file with the module's own loader, so that a
/// file this tool accepts is one the checks accept too.
bool readModel(const std::string &Path, ModelFile &Out) {
  namespace model = clang::tidy::dbsession::model;
  model::ModelFile File;
  if (!model::loadModelFile(Path, File, std::cerr))
    return false;
  Out.Library = File.Library;
  for (const std::string &H : File.Headers)
    Out.Headers.push_back({H, {}, false, true});
  for (model::NameEntry &N : model::listedNames(File)) {
    Out.Names.push_back({N.Name,
                         N.IsType ? NameKind::Type : NameKind::Function,
                         N.JsonPath,
                         {}});
    if (N.Params)
      Out.Names.back().Params = *N.Params;
  }
  return true;
}

/// Walks the AST by qualified name.
class Resolver {
public:
  explicit Resolver(ASTContext &Ctx) : Ctx(Ctx) {}

  /// The declarations \p Name denotes, of the wanted kind.
  std::vector<const NamedDecl *> resolve(const std::string &Name,
                                         NameKind Kind) {
    std::vector<std::string> Parts = splitQualified(Name);
    std::vector<const DeclContext *> Scopes = {Ctx.getTranslationUnitDecl()};
    for (size_t I = 0; I + 1 < Parts.size(); ++I) {
      std::vector<const DeclContext *> Next;
      for (const DeclContext *DC : Scopes)
        for (const NamedDecl *ND : lookup(DC, Parts[I]))
          if (const DeclContext *Inner = asScope(ND))
            Next.push_back(Inner);
      Scopes = std::move(Next);
      if (Scopes.empty())
        return {};
    }
    std::vector<const NamedDecl *> Found;
    for (const DeclContext *DC : Scopes)
      for (const NamedDecl *ND : lookup(DC, Parts.back()))
        if (const NamedDecl *Final = asFinal(ND, Kind))
          Found.push_back(Final);
    return Found;
  }

  /// True if one of \p Decls is a function whose parameter types are
  /// spelled \p Params: the canonical spelling, as the model format asks.
  bool matchesParams(const std::vector<const NamedDecl *> &Decls,
                     const std::vector<std::string> &Params) {
    PrintingPolicy Policy(Ctx.getLangOpts());
    for (const NamedDecl *ND : Decls) {
      const FunctionDecl *FD = ND->getAsFunction();
      if (!FD || FD->getNumParams() != Params.size())
        continue;
      bool All = true;
      for (unsigned I = 0; I < Params.size() && All; ++I) {
        QualType T = FD->getParamDecl(I)->getType();
        std::string Want = withoutSpaces(Params[I]);
        All = Want == withoutSpaces(T.getCanonicalType().getAsString(Policy));
      }
      if (All)
        return true;
    }
    return false;
  }

  /// Every parameter list of \p Decls, for the error message.
  std::string describeOverloads(const std::vector<const NamedDecl *> &Decls) {
    PrintingPolicy Policy(Ctx.getLangOpts());
    std::string Out;
    for (const NamedDecl *ND : Decls) {
      const FunctionDecl *FD = ND->getAsFunction();
      if (!FD)
        continue;
      std::string Written, Canonical;
      for (unsigned I = 0; I < FD->getNumParams(); ++I) {
        QualType T = FD->getParamDecl(I)->getType();
        Written += (I ? ", " : "") +
                   TypeName::getFullyQualifiedName(T, Ctx, Policy, false);
        Canonical +=
            (I ? ", " : "") + T.getCanonicalType().getAsString(Policy);
      }
      Out += "\n    (" + Written + ")";
      if (Canonical != Written)
        Out += "  canonical: (" + Canonical + ")";
    }
    return Out;
  }

private:
  /// Declarations named \p Component directly in \p DC, also those in
  /// inline namespaces and those brought in by using-declarations.
  std::vector<const NamedDecl *> lookup(const DeclContext *DC,
                                        const std::string &Component) {
    std::vector<const NamedDecl *> Out;
    std::set<const DeclContext *> Seen;
    lookupIn(DC, Component, Out, Seen);
    return Out;
  }

  void lookupIn(const DeclContext *DC, const std::string &Component,
                std::vector<const NamedDecl *> &Out,
                std::set<const DeclContext *> &Seen) {
    DC = DC->getPrimaryContext();
    if (!Seen.insert(DC).second)
      return;
    const auto *Record = dyn_cast<CXXRecordDecl>(DC);
    if (Record && Component == Record->getName()) {
      // `Class::Class` names the constructors.
      for (const Decl *D : Record->decls())
        if (const FunctionDecl *FD = D->getAsFunction())
          if (isa<CXXConstructorDecl>(FD))
            Out.push_back(cast<NamedDecl>(D));
      return;
    }
    std::vector<DeclarationName> Names = declarationNames(Component);
    for (const DeclarationName &N : Names)
      for (NamedDecl *ND : DC->lookup(N))
        Out.push_back(ND);
    // Inline namespaces are transparent for the model's names.
    if (isa<NamespaceDecl>(DC) || isa<TranslationUnitDecl>(DC)) {
      SmallVector<DeclContext *, 4> Contexts;
      const_cast<DeclContext *>(DC)->collectAllContexts(Contexts);
      for (const DeclContext *Part : Contexts)
        for (const Decl *D : Part->decls())
          if (const auto *NS = dyn_cast<NamespaceDecl>(D))
            if (NS->isInline())
              lookupIn(NS, Component, Out, Seen);
    }
  }

  /// The DeclarationNames a component may spell: an identifier, or an
  /// overloaded operator (`operator<<`, `operator()`).
  std::vector<DeclarationName> declarationNames(const std::string &C) {
    std::string Compact = withoutSpaces(C);
    if (startsWith(Compact, "operator")) {
      std::string Op = Compact.substr(8);
      for (int K = OO_None + 1; K < NUM_OVERLOADED_OPERATORS; ++K) {
        auto OK = static_cast<OverloadedOperatorKind>(K);
        if (Op == withoutSpaces(getOperatorSpelling(OK)))
          return {Ctx.DeclarationNames.getCXXOperatorName(OK)};
      }
      if (!Op.empty() && !std::isalnum(static_cast<unsigned char>(Op[0])) &&
          Op[0] != '_')
        return {};
    }
    return {DeclarationName(&Ctx.Idents.get(C))};
  }

  /// The record an alias or a specialisation names: its template's pattern
  /// when it is a specialisation.
  static const CXXRecordDecl *recordOf(QualType T) {
    const CXXRecordDecl *RD = T.getCanonicalType()->getAsCXXRecordDecl();
    if (!RD) {
      if (const auto *TST =
              T.getCanonicalType()->getAs<TemplateSpecializationType>())
        if (const auto *TD = dyn_cast_or_null<ClassTemplateDecl>(
                TST->getTemplateName().getAsTemplateDecl()))
          RD = TD->getTemplatedDecl();
    }
    if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD))
      if (Spec->getSpecializationKind() != TSK_ExplicitSpecialization)
        RD = Spec->getSpecializedTemplate()->getTemplatedDecl();
    return RD;
  }

  static const NamedDecl *stripUsing(const NamedDecl *ND) {
    if (const auto *Shadow = dyn_cast<UsingShadowDecl>(ND))
      return Shadow->getTargetDecl();
    return ND;
  }

  /// The scope a component opens, or null if it does not name one.
  static const DeclContext *asScope(const NamedDecl *ND) {
    ND = stripUsing(ND);
    if (const auto *NS = dyn_cast<NamespaceDecl>(ND))
      return NS;
    if (const auto *Alias = dyn_cast<NamespaceAliasDecl>(ND))
      return Alias->getNamespace();
    if (const auto *CTD = dyn_cast<ClassTemplateDecl>(ND))
      ND = CTD->getTemplatedDecl();
    if (const auto *TD = dyn_cast<TypedefNameDecl>(ND))
      ND = recordOf(TD->getUnderlyingType());
    if (const auto *ATD = dyn_cast_or_null<TypeAliasTemplateDecl>(ND))
      ND = recordOf(ATD->getTemplatedDecl()->getUnderlyingType());
    if (const auto *RD = dyn_cast_or_null<CXXRecordDecl>(ND))
      return RD->getDefinition() ? RD->getDefinition() : RD;
    return nullptr;
  }

  /// The declaration the last component denotes, if of the wanted kind.
  static const NamedDecl *asFinal(const NamedDecl *ND, NameKind Kind) {
    ND = stripUsing(ND);
    if (Kind == NameKind::Function)
      return ND->getAsFunction() ? ND : nullptr;
    if (isa<RecordDecl>(ND) || isa<ClassTemplateDecl>(ND))
      return ND;
    if (const auto *TD = dyn_cast<TypedefNameDecl>(ND))
      return recordOf(TD->getUnderlyingType()) ? ND : nullptr;
    if (const auto *ATD = dyn_cast<TypeAliasTemplateDecl>(ND))
      return recordOf(ATD->getTemplatedDecl()->getUnderlyingType()) ? ND
                                                                    : nullptr;
    return nullptr;
  }

  ASTContext &Ctx;
};

/// The translation unit: required headers are included, optional ones only
/// if present; a marker variable records which ones were.
std::string buildSource(const ModelFile &M) {
  std::string Src;
  for (size_t I = 0; I < M.Headers.size(); ++I) {
    const ModelHeader &H = M.Headers[I];
    if (!H.Optional) {
      Src += "#include <" + H.Header + ">\n";
      continue;
    }
    Src += "#if __has_include(<" + H.Header + ">)\n#include <" + H.Header +
           ">\nnamespace dbsession_model_resolve { int header_" +
           std::to_string(I) + "; }\n#endif\n";
  }
  return Src;
}

/// What this machine's headers are known to lack (see the file comment).
struct Expectations {
  std::map<std::string, std::vector<std::string>> Optional;
  std::set<std::string> Missing;
};

bool readExpectations(const std::string &Path, Expectations &Out,
                      std::string &Error) {
  std::ifstream In(Path);
  if (!In) {
    Error = "cannot open " + Path;
    return false;
  }
  std::string Line;
  for (unsigned LineNo = 1; std::getline(In, Line); ++LineNo) {
    std::istringstream Words(Line.substr(0, Line.find('#')));
    std::string Keyword, Arg;
    if (!(Words >> Keyword))
      continue;
    if (!(Words >> Arg)) {
      Error = Path + ":" + std::to_string(LineNo) + ": missing argument";
      return false;
    }
    if (Keyword == "missing") {
      Out.Missing.insert(Arg);
    } else if (Keyword == "optional") {
      std::vector<std::string> &Prefixes = Out.Optional[Arg];
      for (std::string P; Words >> P;)
        Prefixes.push_back(P);
    } else {
      Error = Path + ":" + std::to_string(LineNo) + ": unknown keyword '" +
              Keyword + "'";
      return false;
    }
  }
  return true;
}

int usage() {
  llvm::errs() << "usage: model-resolve [--expect=<file>] [--verbose] "
                  "<model.json> [-- <compiler flags>]\n";
  return 2;
}

} // namespace

int main(int Argc, char **Argv) {
  std::string ModelPath;
  Expectations Expect;
  bool Verbose = false;
  std::vector<std::string> Flags = {"-xc++", "-std=c++17", "-fsyntax-only",
                                    "-Wno-everything"};
#ifdef DBSESSION_CLANG_RESOURCE_DIR
  Flags.push_back("-resource-dir=" DBSESSION_CLANG_RESOURCE_DIR);
#endif
  int I = 1;
  for (; I < Argc; ++I) {
    std::string A = Argv[I];
    if (A == "--")
      break;
    if (startsWith(A, "--expect=")) {
      std::string Error;
      if (!readExpectations(A.substr(9), Expect, Error)) {
        llvm::errs() << "error: " << Error << "\n";
        return 2;
      }
    } else if (A == "--verbose")
      Verbose = true;
    else if (startsWith(A, "-") || !ModelPath.empty())
      return usage();
    else
      ModelPath = A;
  }
  for (++I; I < Argc; ++I)
    Flags.push_back(Argv[I]);
  if (ModelPath.empty())
    return usage();

  ModelFile Model;
  if (!readModel(ModelPath, Model))
    return 2;
  for (ModelHeader &MH : Model.Headers) {
    auto It = Expect.Optional.find(MH.Header);
    if (It != Expect.Optional.end()) {
      MH.Optional = true;
      MH.Covers = It->second;
    }
  }
  for (const auto &[Header, Prefixes] : Expect.Optional)
    if (std::none_of(Model.Headers.begin(), Model.Headers.end(),
                     [&](const ModelHeader &MH) { return MH.Header == Header; })) {
      llvm::errs() << "error: optional header " << Header
                   << " is not among the model's headers\n";
      return 2;
    }
  if (Model.Headers.empty()) {
    llvm::errs() << "error: " << ModelPath << ": no headers to resolve in\n";
    return 2;
  }

  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
      buildSource(Model), Flags, "model-resolve-input.cpp", "model-resolve");
  if (!AST) {
    llvm::errs() << "error: the headers of " << ModelPath
                 << " could not be parsed\n";
    return 2;
  }
  ASTContext &Ctx = AST->getASTContext();
  bool Failed = false;
  if (AST->getDiagnostics().hasErrorOccurred()) {
    llvm::errs() << "error: the headers of " << ModelPath
                 << " do not compile with these flags\n";
    Failed = true;
  }

  // Which optional headers were found.
  for (size_t H = 0; H < Model.Headers.size(); ++H) {
    ModelHeader &MH = Model.Headers[H];
    if (!MH.Optional)
      continue;
    MH.Available = false;
    for (NamedDecl *NS : Ctx.getTranslationUnitDecl()->lookup(
             DeclarationName(&Ctx.Idents.get("dbsession_model_resolve"))))
      if (const auto *DC = dyn_cast<DeclContext>(NS))
        MH.Available |= !DC->lookup(DeclarationName(&Ctx.Idents.get(
                                        "header_" + std::to_string(H))))
                             .empty();
    if (!MH.Available)
      llvm::outs() << "missing optional header: " << MH.Header << "\n";
  }

  Resolver R(Ctx);
  unsigned Resolved = 0, Unresolved = 0, Skipped = 0, Expected = 0;
  std::set<std::string> Listed;
  for (const ModelName &N : Model.Names) {
    Listed.insert(N.Name);
    const ModelHeader *Missing = nullptr;
    for (const ModelHeader &MH : Model.Headers)
      if (!MH.Available)
        for (const std::string &Prefix : MH.Covers)
          if (startsWith(N.Name, Prefix))
            Missing = &MH;
    if (Missing) {
      ++Skipped;
      if (Verbose)
        llvm::outs() << "skipped: " << N.Name << " (" << Missing->Header
                     << " not found)\n";
      continue;
    }
    std::vector<const NamedDecl *> Decls = R.resolve(N.Name, N.Kind);
    const char *Problem = nullptr;
    if (Decls.empty())
      Problem = N.Kind == NameKind::Type ? "no such type" : "no such function";
    else if (!N.Params.empty() && !R.matchesParams(Decls, N.Params))
      Problem = "no overload with these parameters";
    bool Known = Expect.Missing.count(N.Name) != 0;
    if (!Problem && Known) {
      ++Unresolved;
      llvm::outs() << "resolves but is listed as missing: " << N.Name << "\n";
      continue;
    }
    if (Problem && Known) {
      ++Expected;
      if (Verbose)
        llvm::outs() << "expected missing: " << N.Name << " (" << Problem
                     << ")\n";
      continue;
    }
    if (!Problem) {
      ++Resolved;
      if (Verbose)
        llvm::outs() << "resolved: " << N.Name << "\n";
      continue;
    }
    ++Unresolved;
    llvm::outs() << "unresolved: " << N.Name << " at " << N.Where << ": "
                 << Problem;
    if (!N.Params.empty() && !Decls.empty())
      llvm::outs() << "; overloads:" << R.describeOverloads(Decls);
    llvm::outs() << "\n";
  }
  for (const std::string &Name : Expect.Missing)
    if (!Listed.count(Name)) {
      ++Unresolved;
      llvm::outs() << "listed as missing but not in the model: " << Name
                   << "\n";
    }
  llvm::outs() << (Model.Library.empty() ? ModelPath : Model.Library) << ": "
               << Resolved << " resolved, " << Unresolved << " unresolved, "
               << Expected << " expected missing, " << Skipped
               << " skipped\n";
  return Failed || Unresolved ? 1 : 0;
}
