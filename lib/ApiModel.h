//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The one table every check asks: what is this type or this call?
///
/// All knowledge about database libraries and blocking calls is data: the
/// built-in JSON models (lib/models/*.json, compiled into the module), the
/// project's own model files (option `dbsession.ModelFiles`) and source
/// annotations (`[[clang::annotate("dbsession::<kind>")]]`). This header is
/// the query side; the checks and the flow analysis never name a library.
///
/// Names are matched on canonical declarations: a typedef or alias
/// (`pqxx::work`) resolves to the class it names, a class derived from a
/// modelled class is that class, a template specialisation matches its
/// template, inline namespaces (`std::__1`) are transparent.
///
/// Checks obtain the shared instance through `modelFor()` (ModelAccess.h),
/// which also reports problems in model files. The files themselves are read
/// and merged by ModelData.h, which knows nothing about Clang.
///
/// Implementation: every answer is cached per declaration, in a cache per
/// ASTContext that is dropped when that context is destroyed (declaration
/// addresses are reused by later ASTs). Queries about different ASTs may run
/// on different threads; one AST is queried from one thread at a time.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_APIMODEL_H
#define DBSESSION_TIDY_LIB_APIMODEL_H

#include "ModelData.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::dbsession {

/// Facts about one modelled type.
struct HandleTypeInfo {
  HandleKind Kind = HandleKind::Connection;
  Ownership Own = Ownership::Unique;
  DestroyAction OnDestroy = DestroyAction::Release;
  /// Library id ("soci", "libpqxx", ...), a model file's library, or
  /// "annotation".
  std::string Library;
  /// Entities: the member holding the id to pass instead ("id", "getId").
  std::string IdMember;
  /// What messages call it, when not its kind's word ("nontransaction").
  std::string Noun;
  /// True when the library reports failure by throwing.
  bool Throws = false;
};

/// How a modelled type is wrapped where it was found.
enum class Wrapper {
  None,      ///< the object itself (or a reference to it)
  Pointer,   ///< T* (raw handles such as PGconn*, sql::Connection*)
  UniquePtr, ///< std::unique_ptr<T>
  SharedPtr, ///< std::shared_ptr<T>
};

/// The result of classifying a type.
struct TypeClass {
  const HandleTypeInfo *Info = nullptr;
  Wrapper Wrap = Wrapper::None;
  explicit operator bool() const { return Info != nullptr; }
};

/// Facts about one modelled function, method or constructor.
struct CallInfo {
  unsigned Roles = 0;
  /// For RoleBlocking: the group ("sleep", "network.http", ...).
  std::string BlockingGroup;
  /// For RoleAcquire: the kind of handle returned or constructed.
  HandleKind Acquires = HandleKind::Connection;
  /// For RoleAcquire via a pool (soci::session(pool&)): true.
  bool FromPool = false;
  /// Release/Begin/Commit/Rollback/Write of a free function: the index of the
  /// argument that is the handle. -1 means the implicit object (`this`).
  int HandleArg = -1;
  /// Acquires or releases a connection registered under a name: the index
  /// of the argument holding the name, or -1.
  int NameArg = -1;
  /// Parameters whose argument's ownership moves into the callee.
  llvm::SmallVector<unsigned, 2> TakesOwnershipOf;
  /// False when the call never throws (noexcept, return-code libraries).
  bool MayThrow = true;
  /// An API known only from annotations or the options says nothing about
  /// exceptions: whether it throws is left to its body, if the translation
  /// unit has it (MayThrow is then false).
  bool ThrowsUnknown = false;
  /// The library or model file the fact came from.
  std::string Library;

  bool has(CallRole R) const { return (Roles & R) != 0; }
};

/// A problem found while reading a model file or an annotation.
struct ModelDiagnostic {
  std::string File; ///< model file path (empty for annotations)
  unsigned Line = 0, Column = 0;
  std::string JsonPath; ///< e.g. "/types/3/kind"
  std::string Message;  ///< lower-case, no final period
  /// For annotations: where it was written.
  SourceLocation Loc;

  /// `file:line:col: /path: message` (annotations: just the message).
  std::string format() const;
};

/// A name of a function in one of the project's model files, and its place.
struct ModelNamePlace {
  std::string Name, File, JsonPath;
  unsigned Line = 0, Column = 0;
};

/// Options that select the model; shared by every check.
struct ModelOptions {
  /// `;`-separated model files, relative to BaseDirectory.
  std::string ModelFiles;
  /// The directory of the `.clang-tidy` that set ModelFiles.
  std::string BaseDirectory;
  /// `;`-separated qualified names of functions that block, added to the
  /// group "custom" (a check's option, merged after the model files).
  std::string ExtraBlockingFunctions;
  /// `;`-separated qualified names of functions never treated as blocking.
  std::string IgnoredFunctions;
  /// `;`-separated qualified names of functions that take over a handle
  /// passed to them as any argument (release it, keep it, give it back).
  std::string OwnershipTakingFunctions;
  /// `;`-separated qualified names of functions that finish the transaction
  /// open on the session or transaction passed to them; taken to commit.
  std::string TransactionFinishingFunctions;
};

/// The queryable table. Immutable once built, except for per-declaration
/// caches; one instance is shared by all checks with the same options.
class ApiModel {
public:
  /// Returns the model for these options, built once and cached. Problems in
  /// model files are appended to \p Diags; the built-ins are always present.
  static std::shared_ptr<ApiModel> get(const ModelOptions &Opts,
                                       std::vector<ModelDiagnostic> &Diags);

  /// Builds a fresh, uncached model from the given built-in files instead of
  /// the compiled-in ones (for tests and tools). Problems in \p Builtins are
  /// reported like problems in model files.
  static std::shared_ptr<ApiModel>
  create(const std::vector<EmbeddedModelFile> &Builtins,
         const ModelOptions &Opts, std::vector<ModelDiagnostic> &Diags);

  /// Classifies a type: references and cv-qualifiers are stripped, pointers
  /// and std::unique_ptr / std::shared_ptr are looked through (reported in
  /// Wrap), sugar is removed, derived classes match their modelled base.
  /// Types annotated `dbsession::<kind>` are recognised too.
  TypeClass classifyType(QualType T) const;

  /// Classifies a function, method or constructor by its canonical
  /// declaration (and the templated pattern of a specialisation), merging
  /// the built-ins, model files and annotations. Null if nothing is known.
  const CallInfo *classifyCall(const FunctionDecl *FD) const;

  /// True for types that are plain values safe to keep after the session is
  /// gone (pqxx::result, QSqlRecord, PGresult*).
  bool isSafeValueType(QualType T) const;

  /// True if \p FD is a pool's acquire call (Poco SessionPool::get).
  bool isPoolAcquire(const FunctionDecl *FD) const;

  /// Free functions of \p Library that release the handle passed as an
  /// argument (`PQfinish`), in the model's order.
  std::vector<std::string> releaseFunctions(llvm::StringRef Library) const;

  /// The function of \p Library (of any library if empty) that releases a
  /// connection by its name (`QSqlDatabase::removeDatabase`), or empty.
  std::string releaseByNameFunction(llvm::StringRef Library) const;

  /// Blocking groups that exist in the current model (after disabling).
  std::vector<std::string> blockingGroups() const;

  /// The qualified names (with `::`) of functions, methods and
  /// constructors in the project's model files, in file order.
  const std::vector<ModelNamePlace> &projectMemberNames() const;

  /// Annotation problems found so far (unknown kinds); each reported once.
  std::vector<ModelDiagnostic> takeAnnotationDiagnostics() const;

  /// Checks the `dbsession::` annotations of \p D (and of its parameters),
  /// recording problems for takeAnnotationDiagnostics(). Classification does
  /// this for every declaration it looks at; call it to cover the others.
  void checkAnnotations(const Decl *D) const;

  /// The canonical qualified name the model matches \p D by: inline
  /// namespaces are skipped, template arguments are left out, constructors
  /// are `Class::Class` (`std::__1::vector<int>::push_back` is
  /// `std::vector::push_back`).
  static std::string modelName(const NamedDecl *D);

  /// True if \p FD's parameter types are spelled \p Want, as a function
  /// entry's `params` are (normalised; as written or canonical).
  static bool paramsMatch(const FunctionDecl *FD,
                          const std::vector<std::string> &Want);

  ~ApiModel();

  class Impl;

private:
  explicit ApiModel(std::unique_ptr<Impl> I);
  std::unique_ptr<Impl> I;
};

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_APIMODEL_H
