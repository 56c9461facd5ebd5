//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "ModelAccess.h"
#include "MemberNames.h"

#include "Compat.h"

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/AST/Attr.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <mutex>
#include <set>

namespace clang::tidy::dbsession {

namespace {

/// Messages already shown in this process: clang-tidy builds every check
/// anew for each file, and all checks share one model.
bool firstTimeInProcess(const std::string &Message) {
  static std::mutex Mutex;
  static std::set<std::string> Seen;
  std::lock_guard<std::mutex> Lock(Mutex);
  return Seen.insert(Message).second;
}

/// Model-file problems found but not shown yet.
std::mutex PendingMutex;
std::vector<std::string> Pending;

} // namespace

std::string modelBaseDirectory(llvm::StringRef MainFile) {
  return model::findModelBaseDirectory(MainFile.str());
}

void storeSharedOptions(const ClangTidyCheck::OptionsView &Options,
                        ClangTidyOptions::OptionMap &Opts) {
  // OptionsView::store() would prefix the check's name; the shared option
  // is global, so it is written directly.
  Opts[ModelFilesOption] = ClangTidyOptions::ClangTidyValue(
      compat::toStdString(Options.getLocalOrGlobal(ModelFilesOption, "")));
}

std::shared_ptr<ApiModel> modelFor(ClangTidyContext *Context,
                                   const ClangTidyCheck::OptionsView &Options,
                                   const ModelOptions &Lists) {
  ModelOptions Opts = Lists;
  Opts.ModelFiles =
      compat::toStdString(Options.getLocalOrGlobal(ModelFilesOption, ""));
  if (!model::splitList(Opts.ModelFiles).empty())
    Opts.BaseDirectory = modelBaseDirectory(Context->getCurrentFile());

  std::vector<ModelDiagnostic> Diags;
  std::shared_ptr<ApiModel> Model = ApiModel::get(Opts, Diags);
  std::lock_guard<std::mutex> Lock(PendingMutex);
  for (const ModelDiagnostic &D : Diags) {
    std::string Text = D.format();
    if (firstTimeInProcess(Text))
      Pending.push_back(std::move(Text));
  }
  return Model;
}

void ModelReporter::reportModelFiles() {
  std::vector<std::string> Problems;
  {
    std::lock_guard<std::mutex> Lock(PendingMutex);
    Problems.swap(Pending);
  }
  for (const std::string &Text : Problems)
    Context->configurationDiag(Text, DiagnosticIDs::Error);
}

void ModelReporter::checkMemberNames(ASTContext &Ctx) {
  if (Model->projectMemberNames().empty())
    return;
  // A warning, not an error: a name kept for another version of a library
  // may be missing from the one this unit sees.
  for (const ModelDiagnostic &D : misspeltMemberNames(*Model, Ctx))
    if (std::string Text = D.format(); firstTimeInProcess(Text))
      Context->configurationDiag(Text, DiagnosticIDs::Warning);
}

void ModelReporter::checkDecl(const Decl *D) {
  if (D->hasAttr<AnnotateAttr>())
    Model->checkAnnotations(D);
}

void ModelReporter::endOfTranslationUnit(const SourceManager &SM) {
  for (const ModelDiagnostic &D : Model->takeAnnotationDiagnostics()) {
    // The model already keeps each location to one report.
    if (D.Loc.isInvalid())
      continue;
    SourceLocation Loc = SM.getFileLoc(D.Loc);
    if (SM.isInMainFile(Loc)) {
      Check.diag(D.Loc, D.Message);
      continue;
    }
    PresumedLoc P = SM.getPresumedLoc(Loc);
    std::string Where = P.isValid() ? std::string(P.getFilename()) + ":" +
                                          std::to_string(P.getLine()) + ":" +
                                          std::to_string(P.getColumn()) + ": "
                                    : std::string();
    Context->configurationDiag(Where + D.Message, DiagnosticIDs::Error);
  }
}

} // namespace clang::tidy::dbsession
