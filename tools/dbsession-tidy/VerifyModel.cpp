//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "VerifyModel.h"
#include "ApiModel.h"
#include "ModelData.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace clang::tidy::dbsession {

namespace {

/// One name of a model file, where it is written, and what matched it.
struct Entry : model::NameEntry {
  std::string File;
  /// The first declaration that carries the name, as `file:line:col`.
  std::string MatchedAt;
};

/// The names of one model file, with their places in it.
bool readEntries(const std::string &Path, std::vector<Entry> &Out) {
  model::ModelFile File;
  if (!model::loadModelFile(Path, File, std::cerr))
    return false;
  for (model::NameEntry &N : model::listedNames(File)) {
    Entry E;
    static_cast<model::NameEntry &>(E) = std::move(N);
    E.File = Path;
    Out.push_back(std::move(E));
  }
  return true;
}

std::string qualifierOf(llvm::StringRef Name) {
  size_t Sep = Name.rfind("::");
  if (Sep == llvm::StringRef::npos)
    return {};
  return Name.take_front(Sep).str();
}

/// What the translation units declare, as far as the entries care.
class Index {
public:
  explicit Index(std::vector<Entry> &Entries) : Entries(Entries) {
    for (size_t I = 0; I < Entries.size(); ++I) {
      (Entries[I].IsType ? Types : Functions)[Entries[I].Name].push_back(I);
      Qualifiers.insert(qualifierOf(Entries[I].Name));
    }
  }

  void declaration(const NamedDecl *D) {
    if (!D->getDeclName().isIdentifier() && !isa<CXXConstructorDecl>(D) &&
        !isa<CXXDestructorDecl>(D) && !isa<FunctionDecl>(D))
      return;
    const auto *FD = dyn_cast<FunctionDecl>(D);
    const auto *RD = dyn_cast<RecordDecl>(D);
    if (!FD && !RD)
      return;
    std::string Name = ApiModel::modelName(D);
    if (Name.empty())
      return;
    std::string Qualifier = qualifierOf(Name);
    if (Qualifiers.count(Qualifier))
      Seen[Qualifier].insert(Name);
    if (RD && RD->isThisDeclarationADefinition() && Qualifiers.count(Name))
      Classes.insert(Name);
    auto &Map = FD ? Functions : Types;
    auto It = Map.find(Name);
    if (It == Map.end())
      return;
    for (size_t I : It->second) {
      Entry &E = Entries[I];
      if (!E.MatchedAt.empty() ||
          (FD && E.Params && !ApiModel::paramsMatch(FD, *E.Params)))
        continue;
      const SourceManager &SM = D->getASTContext().getSourceManager();
      PresumedLoc P = SM.getPresumedLoc(SM.getSpellingLoc(D->getLocation()));
      E.MatchedAt = P.isValid() ? std::string(P.getFilename()) + ":" +
                                      std::to_string(P.getLine()) + ":" +
                                      std::to_string(P.getColumn())
                                : "<unknown>";
    }
  }

  /// The seen name closest to \p E's, with the same qualifier, if one is
  /// close enough to be a misspelling.
  std::string closest(const Entry &E) const {
    auto It = Seen.find(qualifierOf(E.Name));
    if (It == Seen.end())
      return {};
    std::string Best;
    // As close as a misspelling of the last component would be.
    size_t Last = E.Name.size() - qualifierOf(E.Name).size();
    unsigned BestDistance = std::max<unsigned>(2, Last / 4) + 1;
    for (const std::string &Name : It->second) {
      if (Name == E.Name)
        continue;
      unsigned D = llvm::StringRef(Name).edit_distance(
          E.Name, /*AllowReplacements=*/true, BestDistance);
      if (D < BestDistance) {
        BestDistance = D;
        Best = Name;
      }
    }
    return Best;
  }

  /// True if \p Name is a class defined in some translation unit read.
  bool isClass(const std::string &Name) const { return Classes.count(Name); }

  unsigned Units = 0, FailedUnits = 0;

private:
  std::vector<Entry> &Entries;
  std::map<std::string, std::vector<size_t>> Types, Functions;
  std::set<std::string> Qualifiers, Classes;
  std::map<std::string, std::set<std::string>> Seen;
};

class Visitor : public RecursiveASTVisitor<Visitor> {
public:
  explicit Visitor(Index &I) : I(I) {}
  bool VisitRecordDecl(RecordDecl *D) {
    I.declaration(D);
    return true;
  }
  bool VisitFunctionDecl(FunctionDecl *D) {
    I.declaration(D);
    return true;
  }

private:
  Index &I;
};

class Consumer : public ASTConsumer {
public:
  explicit Consumer(Index &I) : I(I) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    Visitor(I).TraverseDecl(Ctx.getTranslationUnitDecl());
  }

private:
  Index &I;
};

class Action : public ASTFrontendAction {
public:
  explicit Action(Index &I) : I(I) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 llvm::StringRef) override {
    return std::make_unique<Consumer>(I);
  }
  void EndSourceFileAction() override {
    ++I.Units;
    if (getCompilerInstance().getDiagnostics().hasErrorOccurred())
      ++I.FailedUnits;
  }

private:
  Index &I;
};

class ActionFactory : public tooling::FrontendActionFactory {
public:
  explicit ActionFactory(Index &I) : I(I) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<Action>(I);
  }

private:
  Index &I;
};

const char Overview[] =
    "Tells which names of the project's model files match a declaration in\n"
    "its sources. Every translation unit of the compile database (-p) is\n"
    "read, or only the source files given. Exit status: 0 when every name\n"
    "matched, 1 when one did not, 2 on a usage or input error.\n";

} // namespace

int verifyModelMain(int Argc, const char **Argv) {
  // Local: the program's other command has options of the same names.
  llvm::cl::OptionCategory Category("verify-model options");
  llvm::cl::list<std::string>
      ModelPaths("model", llvm::cl::desc("A model file to verify (repeatable)"),
                 llvm::cl::value_desc("file"), llvm::cl::cat(Category));
  llvm::cl::opt<std::string>
      BuildPath("p", llvm::cl::desc("The build directory holding "
                                    "compile_commands.json (default: found "
                                    "from the first file, or the current "
                                    "directory)"),
                llvm::cl::value_desc("dir"), llvm::cl::cat(Category));
  llvm::cl::list<std::string> SourcePaths(llvm::cl::Positional,
                                          llvm::cl::desc("[<file> ...]"),
                                          llvm::cl::cat(Category));
  llvm::cl::opt<bool>
      Verbose("verbose",
              llvm::cl::desc("Also list the names that matched, and where"),
              llvm::cl::cat(Category));
  llvm::cl::HideUnrelatedOptions(Category);
  if (!llvm::cl::ParseCommandLineOptions(Argc, Argv, Overview, &llvm::errs()))
    return 2;
  if (ModelPaths.empty()) {
    llvm::errs() << "error: no model file given (--model <file>)\n";
    return 2;
  }
  std::vector<Entry> Entries;
  bool ModelsRead = true;
  for (const std::string &Path : ModelPaths)
    ModelsRead &= readEntries(Path, Entries);
  if (!ModelsRead)
    return 2;

  std::string Error;
  std::unique_ptr<tooling::CompilationDatabase> Db;
  if (!BuildPath.empty())
    Db = tooling::CompilationDatabase::autoDetectFromDirectory(BuildPath,
                                                               Error);
  else if (!SourcePaths.empty())
    Db = tooling::CompilationDatabase::autoDetectFromSource(SourcePaths[0],
                                                            Error);
  else
    Db = tooling::CompilationDatabase::autoDetectFromDirectory(".", Error);
  if (!Db) {
    llvm::errs() << "error: no compile database: " << Error << "\n";
    return 2;
  }
  std::vector<std::string> Files(SourcePaths.begin(), SourcePaths.end());
  if (Files.empty())
    Files = Db->getAllFiles();
  if (Files.empty()) {
    llvm::errs() << "error: the compile database lists no files\n";
    return 2;
  }
  tooling::ClangTool Tool(*Db, Files);
  Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      {"-resource-dir", DBSESSION_CLANG_RESOURCE_DIR},
      tooling::ArgumentInsertPosition::BEGIN));
  IgnoringDiagConsumer Quiet;
  Tool.setDiagnosticConsumer(&Quiet);
  Index Idx(Entries);
  ActionFactory Factory(Idx);
  Tool.run(&Factory);

  unsigned Matched = 0;
  for (const Entry &E : Entries) {
    if (!E.MatchedAt.empty()) {
      ++Matched;
      if (Verbose)
        llvm::outs() << E.File << ":" << E.Line << ":" << E.Column << ": "
                     << E.JsonPath << ": '" << E.Name << "' matches "
                     << E.MatchedAt << "\n";
      continue;
    }
    llvm::outs() << "error: " << E.File << ":" << E.Line << ":" << E.Column
                 << ": " << E.JsonPath << ": '" << E.Name << "' matches no "
                 << (E.IsType ? "type" : "function") << " declared in the "
                 << Idx.Units << " translation unit"
                 << (Idx.Units == 1 ? "" : "s") << " read";
    if (E.Params)
      llvm::outs() << " (with these params)";
    std::string Near = Idx.closest(E);
    std::string Qualifier = qualifierOf(E.Name);
    if (!Near.empty())
      llvm::outs() << "; did you mean '" << Near << "'?";
    else if (!E.IsType && Idx.isClass(Qualifier))
      llvm::outs() << "; '" << Qualifier << "' declares no such member";
    llvm::outs() << "\n";
  }
  if (Idx.FailedUnits)
    llvm::outs() << "warning: " << Idx.FailedUnits << " of " << Idx.Units
                 << " translation units had compile errors; names they "
                    "declare after an error may be missed\n";
  llvm::outs() << Matched << " of " << Entries.size()
               << " names matched a declaration in " << Idx.Units
               << " translation unit" << (Idx.Units == 1 ? "" : "s") << "\n";
  return Matched == Entries.size() ? 0 : 1;
}

} // namespace clang::tidy::dbsession
