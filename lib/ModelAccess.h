//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// How a check obtains the API model, and how model problems are reported.
///
/// Every check calls modelFor() once, from its constructor:
///
/// \code
///   Model(modelFor(Context, Options, Lists))
/// \endcode
///
/// The model files come from one option shared by all checks,
/// `dbsession.ModelFiles` (read with `getLocalOrGlobal`, so the global key
/// `dbsession.ModelFiles` in `CheckOptions` is what users write). Relative
/// paths are resolved against the directory of the nearest `.clang-tidy`
/// above the main file whose text mentions `dbsession.ModelFiles`; when there
/// is none (the option came from `--config`), against the working directory.
/// clang-tidy does not tell a check which file an option came from, so this
/// search stands in for it.
///
/// A problem in a model file is reported once per process, as a
/// configuration error naming the file, line, column and JSON pointer; the
/// checks go on with the built-ins.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_MODELACCESS_H
#define DBSESSION_TIDY_LIB_MODELACCESS_H

#include "ApiModel.h"

#include "clang-tidy/ClangTidyCheck.h"

#include <memory>
#include <string>

namespace clang::tidy::dbsession {

/// The option naming the project's model files (`;`-separated).
inline constexpr llvm::StringLiteral ModelFilesOption = "dbsession.ModelFiles";

/// Returns the model for the options in force for the current main file,
/// loading and caching it on first use, and reports problems in the model
/// files once per process, through the ModelReporter of the first check
/// that registers its matchers. The name lists of \p Lists (a check's list
/// options) are merged after the model files; its other fields are
/// ignored. Never returns null.
std::shared_ptr<ApiModel> modelFor(ClangTidyContext *Context,
                                   const ClangTidyCheck::OptionsView &Options,
                                   const ModelOptions &Lists = {});

/// Writes the options shared by every check (`dbsession.ModelFiles`) into
/// \p Opts under their global names, with the value in force, so that
/// `--dump-config` lists them. Every check calls it from storeOptions().
void storeSharedOptions(const ClangTidyCheck::OptionsView &Options,
                        ClangTidyOptions::OptionMap &Opts);

/// The directory relative model file names are resolved against: that of
/// the nearest `.clang-tidy` above \p MainFile mentioning
/// `dbsession.ModelFiles`, else the working directory.
std::string modelBaseDirectory(llvm::StringRef MainFile);

/// Reports the model's problems: those of the model files (queued by
/// modelFor(), shown once per process) and misspelt or misplaced
/// `dbsession::` annotations (once per process: at its location in the
/// main file, as a configuration error naming it in a header). A
/// check owns one and calls reportModelFiles() from its own
/// registerMatchers(): only then, inside a translation unit, can clang-tidy
/// show a diagnostic (a check is also built for --dump-config and
/// --list-checks, where clang-tidy 14 crashes on one). It passes every
/// annotated declaration it meets to checkDecl(), and calls
/// endOfTranslationUnit() to report what was found.
class ModelReporter {
public:
  ModelReporter(ClangTidyCheck &Check, ClangTidyContext *Context,
                std::shared_ptr<ApiModel> Model)
      : Check(Check), Context(Context), Model(std::move(Model)) {}

  void reportModelFiles();
  void checkDecl(const Decl *D);
  /// Reports the annotation problems found in this unit: at their place
  /// in the main file; one in a header, where the header filter could hide
  /// it, as a configuration error that names its place.
  void endOfTranslationUnit(const SourceManager &SM);
  /// Reports, once per process, the project's model names of members that
  /// a class defined in \p Ctx does not declare (MemberNames.h).
  void checkMemberNames(ASTContext &Ctx);

private:
  ClangTidyCheck &Check;
  ClangTidyContext *Context;
  std::shared_ptr<ApiModel> Model;
};

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_MODELACCESS_H
