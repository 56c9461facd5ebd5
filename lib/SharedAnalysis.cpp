//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "SharedAnalysis.h"
#include "ExprHelpers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

#include <mutex>
#include <vector>

namespace clang::tidy::dbsession {

namespace {

struct Entry {
  const ASTContext *Ctx;
  const ApiModel *Model;
  unsigned Budget;
  std::weak_ptr<SharedAnalysis> Analysis;
};

std::mutex RegistryMutex;
std::vector<Entry> Registry;

/// Collects UnitDecls. Declarations in system headers are not walked at
/// all: testing every declaration of every library header costs more than
/// the analysis itself.
class UnitWalker : public RecursiveASTVisitor<UnitWalker> {
public:
  UnitWalker(const SourceManager &SM, UnitDecls &Out) : SM(SM), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    if (!isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
        SM.isInSystemHeader(D->getLocation()))
      return true;
    if (D->hasAttr<AnnotateAttr>())
      Out.Annotated.push_back(D);
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->isThisDeclarationADefinition() && !FD->isImplicit())
      Out.Functions.push_back(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    Out.Functions.push_back(L->getCallOperator());
    return true;
  }

private:
  const SourceManager &SM;
  UnitDecls &Out;
};

} // namespace

std::shared_ptr<SharedAnalysis>
SharedAnalysis::get(ASTContext &Ctx, std::shared_ptr<ApiModel> Model,
                    const AnalysisLimits &Limits) {
  std::lock_guard<std::mutex> Lock(RegistryMutex);
  // Forget analyses nobody holds any more (their contexts may be gone, and
  // a later AST may get the same address).
  llvm::erase_if(Registry, [](const Entry &E) { return E.Analysis.expired(); });
  for (const Entry &E : Registry)
    if (E.Ctx == &Ctx && E.Model == Model.get() && E.Budget == Limits.Budget)
      if (std::shared_ptr<SharedAnalysis> A = E.Analysis.lock())
        return A;
  auto A = std::make_shared<SharedAnalysis>(Ctx, Model, Limits);
  Registry.push_back({&Ctx, Model.get(), Limits.Budget, A});
  return A;
}

SharedAnalysis::SharedAnalysis(ASTContext &Ctx,
                               std::shared_ptr<ApiModel> Model,
                               const AnalysisLimits &Limits)
    : Ctx(Ctx), Model(std::move(Model)), Limits(Limits),
      Summaries(Ctx, *this->Model, Limits) {
  Summaries.setFactsSource(
      [this](const FunctionDecl *FD) { return factsOf(FD); });
}

SharedAnalysis::~SharedAnalysis() = default;

std::shared_ptr<const FunctionFacts>
SharedAnalysis::factsOf(const FunctionDecl *FD) {
  auto It = Facts.find(FD);
  if (It != Facts.end())
    return It->second;
  std::shared_ptr<const FunctionFacts> Built =
      FunctionFacts::build(FD, Ctx, *Model, Limits);
  ++FactsBuilt;
  // Given up, unless it has errors: those are the compiler's to report.
  if (!Built && FD->doesThisDeclarationHaveABody() &&
      !FD->isDependentContext() && !hasErrors(FD))
    Skipped.insert(FD);
  // Library functions are only summarised, once: keeping their CFGs would
  // cost memory for nothing.
  if (!Ctx.getSourceManager().isInSystemHeader(FD->getLocation()))
    Facts[FD] = Built;
  return Built;
}

const UnitDecls &SharedAnalysis::unitDecls() {
  if (!Decls) {
    Decls.emplace();
    UnitWalker(Ctx.getSourceManager(), *Decls)
        .TraverseDecl(Ctx.getTranslationUnitDecl());
  }
  return *Decls;
}

const FunctionFlow &SharedAnalysis::flow(const FunctionDecl *FD) {
  const FunctionDecl *Def = definitionOf(FD);
  if (!Def)
    Def = FD;
  auto It = Flows.find(Def);
  if (It != Flows.end())
    return *It->second;
  std::unique_ptr<FunctionFlow> Flow;
  std::shared_ptr<const FunctionFacts> F = definitionOf(Def) ? factsOf(Def)
                                                             : nullptr;
  if (!F) {
    Flow = FunctionFlow::skipped(Def);
  } else {
    Flow = std::make_unique<FunctionFlow>(F, Summaries, Limits);
    if (!F->Handles.empty())
      ++FlowsSolved;
    if (Flow->isSkipped())
      Skipped.insert(Def);
  }
  return *(Flows[Def] = std::move(Flow));
}

} // namespace clang::tidy::dbsession
