//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The Clang side of the API model: matching declarations against the merged
// table of ModelData and against source annotations.
//
// Every answer is cached per declaration. Declarations belong to one
// ASTContext, and a process (clang-tidy on several files, clangd) destroys
// ASTs and may reuse their addresses, so the caches are kept per ASTContext
// and dropped by a deallocation callback registered with that context.
//
//===----------------------------------------------------------------------===//

#include "ApiModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace clang::tidy::dbsession {

std::string ModelDiagnostic::format() const {
  if (File.empty())
    return Message;
  model::Problem P{File, Line, Column, JsonPath, Message};
  return P.format();
}

namespace {

constexpr llvm::StringLiteral AnnotationPrefix = "dbsession::";

/// What a `dbsession::` annotation says, after parsing its text.
struct Annotation {
  enum Target { ForClass, ForFunction, ForParam, ForMember, Unknown } Where =
      Unknown;
  HandleKind Kind = HandleKind::Connection; // ForClass
  unsigned Roles = 0;                       // ForFunction
  std::string Group;                        // RoleBlocking
  bool TakesOwnership = false;              // ForFunction, ForParam
};

Annotation parseAnnotation(llvm::StringRef Text) {
  Annotation A;
  HandleKind K;
  if (parseHandleKind(Text, K)) {
    A.Where = Annotation::ForClass;
    A.Kind = K;
    return A;
  }
  if (Text == "takes_ownership") {
    A.Where = Annotation::ForParam; // also valid on a function
    A.TakesOwnership = true;
    return A;
  }
  if (Text == "id") {
    A.Where = Annotation::ForMember; // a data member or a method
    return A;
  }
  if (Text.consume_front("blocking:")) {
    // "blocking:" with no group is what DBSESSION_BLOCKING() spells.
    A.Where = Annotation::ForFunction;
    A.Roles = RoleBlocking;
    A.Group = Text.empty() ? DefaultBlockingGroup : Text.str();
    return A;
  }
  CallRole R;
  if (parseCallRole(Text, R)) {
    A.Where = Annotation::ForFunction;
    A.Roles = R;
    if (R == RoleBlocking)
      A.Group = DefaultBlockingGroup;
  }
  return A;
}

bool isSmartPointerName(llvm::StringRef Name, Wrapper &W) {
  if (Name == "std::unique_ptr") {
    W = Wrapper::UniquePtr;
    return true;
  }
  if (Name == "std::shared_ptr") {
    W = Wrapper::SharedPtr;
    return true;
  }
  return false;
}

void appendScope(const DeclContext *DC, std::string &Out) {
  if (!DC || DC->isTranslationUnit())
    return;
  if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
    appendScope(NS->getParent(), Out);
    if (NS->isInline())
      return;
    if (NS->isAnonymousNamespace())
      Out += "(anonymous namespace)";
    else
      Out += NS->getName();
    Out += "::";
    return;
  }
  if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
    appendScope(RD->getParent(), Out);
    if (!RD->getIdentifier())
      return;
    Out += RD->getName();
    Out += "::";
    return;
  }
  if (const auto *FD = dyn_cast<FunctionDecl>(DC)) {
    Out += ApiModel::modelName(FD);
    Out += "::";
    return;
  }
  appendScope(DC->getParent(), Out);
}

/// Storage for the answers about one AST.
struct AstCache {
  llvm::DenseMap<const Decl *, TypeClass> Records;
  llvm::DenseMap<const Decl *, const CallInfo *> Calls;
  llvm::DenseMap<const Decl *, bool> Safe;
  llvm::DenseMap<const Decl *, bool> AnnotationsChecked;
  std::deque<CallInfo> CallStore;
  std::deque<HandleTypeInfo> TypeStore;
};

/// The per-AST caches of one model, shared with the deallocation callbacks
/// of the ASTContexts they describe.
struct CacheRegistry {
  std::mutex Mutex;
  std::map<const ASTContext *, std::unique_ptr<AstCache>> Caches;
  std::vector<ModelDiagnostic> PendingAnnotationDiags;
  std::set<std::string> ReportedAnnotationDiags;
};

struct DeallocationToken {
  std::weak_ptr<CacheRegistry> Registry;
  const ASTContext *Context;
};

void onContextDestroyed(void *Data) {
  std::unique_ptr<DeallocationToken> Token(
      static_cast<DeallocationToken *>(Data));
  if (std::shared_ptr<CacheRegistry> R = Token->Registry.lock()) {
    std::lock_guard<std::mutex> Lock(R->Mutex);
    R->Caches.erase(Token->Context);
  }
}

} // namespace

class ApiModel::Impl {
public:
  model::MergedModel Data;
  std::unordered_map<std::string, HandleTypeInfo> TypeInfos;
  std::vector<ModelDiagnostic> LoadDiags;
  std::vector<ModelNamePlace> ProjectMemberNames;
  std::shared_ptr<CacheRegistry> Registry = std::make_shared<CacheRegistry>();

  AstCache &cacheFor(const ASTContext &Ctx) {
    std::lock_guard<std::mutex> Lock(Registry->Mutex);
    std::unique_ptr<AstCache> &C = Registry->Caches[&Ctx];
    if (!C) {
      C = std::make_unique<AstCache>();
      Ctx.AddDeallocation(onContextDestroyed,
                          new DeallocationToken{Registry, &Ctx});
    }
    return *C;
  }

  TypeClass classifyRecord(const RecordDecl *RD, AstCache &C, unsigned Depth);
  const HandleTypeInfo *recordInfo(const RecordDecl *RD, AstCache &C,
                                   unsigned Depth);
  const CallInfo *classifyCall(const FunctionDecl *FD, AstCache &C,
                               unsigned Depth);
  bool isSafeRecord(const RecordDecl *RD, AstCache &C);
  TypeClass classifyType(QualType T, AstCache &C, unsigned Depth);
  void checkAnnotations(const Decl *D, AstCache &C);
  void reportAnnotation(const Decl *D, const AnnotateAttr *A,
                        const std::string &Message);
  std::vector<Annotation> annotationsOf(const Decl *D, AstCache &C);
  /// The member of an entity class annotated `dbsession::id`: a data
  /// member's name, or a method's followed by "()"; empty if none.
  std::string annotatedId(const RecordDecl *D, AstCache &C);
};

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

std::string ApiModel::modelName(const NamedDecl *D) {
  std::string Out;
  if (!D)
    return Out;
  appendScope(D->getDeclContext(), Out);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D)) {
    Out += Ctor->getParent()->getName();
    return Out;
  }
  if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(D)) {
    Out += '~';
    Out += Dtor->getParent()->getName();
    return Out;
  }
  if (const IdentifierInfo *II = D->getIdentifier())
    Out += II->getName();
  else
    Out += D->getDeclName().getAsString();
  return Out;
}

//===----------------------------------------------------------------------===//
// Annotations
//===----------------------------------------------------------------------===//

void ApiModel::Impl::reportAnnotation(const Decl *D, const AnnotateAttr *A,
                                      const std::string &Message) {
  const SourceManager &SM = D->getASTContext().getSourceManager();
  SourceLocation Loc = A->getLocation();
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  std::string Key = Message + "@";
  if (P.isValid())
    Key += std::string(P.getFilename()) + ":" + std::to_string(P.getLine()) +
           ":" + std::to_string(P.getColumn());
  else
    Key += std::to_string(Loc.getRawEncoding());
  std::lock_guard<std::mutex> Lock(Registry->Mutex);
  if (!Registry->ReportedAnnotationDiags.insert(Key).second)
    return;
  ModelDiagnostic Diag;
  Diag.Message = Message;
  Diag.Loc = Loc;
  if (P.isValid()) {
    Diag.Line = P.getLine();
    Diag.Column = P.getColumn();
  }
  Registry->PendingAnnotationDiags.push_back(std::move(Diag));
}

std::vector<Annotation> ApiModel::Impl::annotationsOf(const Decl *D,
                                                      AstCache &C) {
  std::vector<Annotation> Result;
  if (!D->hasAttrs())
    return Result;
  bool Report = C.AnnotationsChecked.insert({D, true}).second;
  Annotation::Target Expected = isa<ParmVarDecl>(D)    ? Annotation::ForParam
                                : isa<FunctionDecl>(D) ? Annotation::ForFunction
                                : isa<RecordDecl>(D)   ? Annotation::ForClass
                                : isa<FieldDecl>(D)    ? Annotation::ForMember
                                                       : Annotation::Unknown;
  for (const auto *A : D->specific_attrs<AnnotateAttr>()) {
    llvm::StringRef KindText = A->getAnnotation();
    if (!KindText.consume_front(AnnotationPrefix))
      continue;
    Annotation Ann = parseAnnotation(KindText);
    if (Ann.Where == Annotation::Unknown) {
      if (Report)
        reportAnnotation(
            D, A,
            "unknown dbsession annotation kind '" + KindText.str() +
                "' (expected connection, session, lease, transaction, bound, "
                "entity or pool on a class; acquire, release, begin, commit, "
                "rollback, write, blocking, blocking:<group>, not_blocking or "
                "takes_ownership on a function; id on a member)");
      continue;
    }
    bool Fits = Ann.Where == Expected ||
                (Ann.Where == Annotation::ForParam &&
                 Expected == Annotation::ForFunction) ||
                (Ann.Where == Annotation::ForMember && isa<CXXMethodDecl>(D));
    if (!Fits) {
      if (Report) {
        const char *Place = Ann.Where == Annotation::ForClass ? "a class"
                            : Ann.Where == Annotation::ForParam
                                ? "a function or a parameter"
                            : Ann.Where == Annotation::ForMember
                                ? "a data member or a method"
                                : "a function";
        reportAnnotation(D, A,
                         "dbsession annotation '" + KindText.str() +
                             "' is ignored here: it belongs on " + Place);
      }
      continue;
    }
    Result.push_back(std::move(Ann));
  }
  return Result;
}

std::string ApiModel::Impl::annotatedId(const RecordDecl *D, AstCache &C) {
  const auto *Def = dyn_cast_or_null<CXXRecordDecl>(D->getDefinition());
  if (!Def)
    return "";
  auto IsId = [&](const Decl *M) {
    return llvm::any_of(annotationsOf(M, C), [](const Annotation &A) {
      return A.Where == Annotation::ForMember;
    });
  };
  for (const FieldDecl *FD : Def->fields())
    if (FD->getDeclName().isIdentifier() && IsId(FD))
      return FD->getName().str();
  for (const CXXMethodDecl *MD : Def->methods())
    if (MD->getDeclName().isIdentifier() && IsId(MD))
      return MD->getName().str() + "()";
  return "";
}

void ApiModel::Impl::checkAnnotations(const Decl *D, AstCache &C) {
  if (!D)
    return;
  annotationsOf(D, C);
  if (const auto *FD = dyn_cast<FunctionDecl>(D))
    for (const ParmVarDecl *P : FD->parameters())
      annotationsOf(P, C);
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

namespace {

/// The declaration whose attributes and name describe a specialisation: the
/// class template's pattern.
const CXXRecordDecl *patternOf(const RecordDecl *RD) {
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec)
    return nullptr;
  if (ClassTemplateDecl *T = Spec->getSpecializedTemplate())
    return T->getTemplatedDecl();
  return nullptr;
}

} // namespace

const HandleTypeInfo *ApiModel::Impl::recordInfo(const RecordDecl *RD,
                                                 AstCache &C, unsigned Depth) {
  return classifyRecord(RD, C, Depth).Info;
}

TypeClass ApiModel::Impl::classifyRecord(const RecordDecl *RD, AstCache &C,
                                         unsigned Depth) {
  if (!RD || Depth > 32)
    return {};
  RD = cast<RecordDecl>(RD->getCanonicalDecl());
  auto Found = C.Records.find(RD);
  if (Found != C.Records.end())
    return Found->second;
  // A placeholder guards against cycles through odd base chains.
  C.Records[RD] = TypeClass();

  TypeClass Result;
  std::string Name = ApiModel::modelName(RD);

  // Smart pointers are looked through.
  Wrapper W;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
      Spec && isSmartPointerName(Name, W)) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() >= 1 && Args[0].getKind() == TemplateArgument::Type) {
      TypeClass Inner = classifyType(Args[0].getAsType(), C, Depth + 1);
      if (Inner && Inner.Wrap == Wrapper::None) {
        Result.Info = Inner.Info;
        Result.Wrap = W;
      }
    }
    C.Records[RD] = Result;
    return Result;
  }

  // Annotations on the class (any redeclaration) or its template.
  auto FromAnnotations = [&](const RecordDecl *D) -> const HandleTypeInfo * {
    for (const Decl *R : D->redecls())
      for (const Annotation &A : annotationsOf(R, C)) {
        HandleTypeInfo Info;
        Info.Kind = A.Kind;
        Info.Library = "annotation";
        Info.Throws = true;
        Info.OnDestroy = defaultDestroyAction(A.Kind);
        if (const auto *CXX = dyn_cast<CXXRecordDecl>(D))
          if (const CXXRecordDecl *Def = CXX->getDefinition())
            if (const CXXDestructorDecl *Dtor = Def->getDestructor())
              for (const Decl *DR : Dtor->redecls())
                for (const Annotation &DA : annotationsOf(DR, C)) {
                  if (DA.Roles & RoleRollback)
                    Info.OnDestroy = DestroyAction::Rollback;
                  if (DA.Roles & RoleCommit)
                    Info.OnDestroy = DestroyAction::Commit;
                  if (DA.Roles & RoleRelease)
                    Info.OnDestroy = DestroyAction::Release;
                }
        if (A.Kind == HandleKind::Entity)
          Info.IdMember = annotatedId(D, C);
        C.TypeStore.push_back(std::move(Info));
        return &C.TypeStore.back();
      }
    return nullptr;
  };
  const HandleTypeInfo *Info = FromAnnotations(RD);
  const CXXRecordDecl *Pattern = patternOf(RD);
  if (!Info && Pattern)
    Info = FromAnnotations(Pattern);

  // The model, by canonical name.
  if (!Info) {
    auto It = TypeInfos.find(Name);
    if (It != TypeInfos.end())
      Info = &It->second;
  }

  // A class derived from a modelled class is that class.
  if (!Info) {
    auto FromBases = [&](const CXXRecordDecl *D) -> const HandleTypeInfo * {
      if (!D || !D->hasDefinition())
        return nullptr;
      for (const CXXBaseSpecifier &B : D->getDefinition()->bases()) {
        const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl();
        // A dependent base (`transaction<T>`) is its class template.
        if (!Base)
          if (const auto *TST =
                  B.getType()->getAs<TemplateSpecializationType>())
            if (const auto *CTD = dyn_cast_or_null<ClassTemplateDecl>(
                    TST->getTemplateName().getAsTemplateDecl()))
              Base = CTD->getTemplatedDecl();
        if (!Base)
          continue;
        if (const HandleTypeInfo *BI = recordInfo(Base, C, Depth + 1))
          return BI;
      }
      return nullptr;
    };
    const auto *CXX = dyn_cast<CXXRecordDecl>(RD);
    Info = FromBases(CXX);
    // An uninstantiated specialisation has no bases yet; its pattern's
    // non-dependent bases tell.
    if (!Info && Pattern && !(CXX && CXX->hasDefinition()))
      Info = FromBases(Pattern);
  }

  Result.Info = Info;
  C.Records[RD] = Result;
  return Result;
}

TypeClass ApiModel::Impl::classifyType(QualType T, AstCache &C,
                                       unsigned Depth) {
  if (T.isNull())
    return {};
  QualType Canon = T.getNonReferenceType().getCanonicalType();
  Wrapper W = Wrapper::None;
  if (const auto *PT = dyn_cast<PointerType>(Canon.getTypePtr())) {
    Canon = PT->getPointeeType().getCanonicalType();
    W = Wrapper::Pointer;
  }
  const RecordDecl *RD = Canon->getAsRecordDecl();
  if (!RD)
    return {};
  TypeClass R = classifyRecord(RD, C, Depth);
  if (W == Wrapper::Pointer) {
    // A pointer to a smart pointer is not a handle we track.
    if (R.Wrap != Wrapper::None)
      return {};
    R.Wrap = Wrapper::Pointer;
  }
  return R;
}

bool ApiModel::Impl::isSafeRecord(const RecordDecl *RD, AstCache &C) {
  RD = cast<RecordDecl>(RD->getCanonicalDecl());
  auto Found = C.Safe.find(RD);
  if (Found != C.Safe.end())
    return Found->second;
  bool Safe = Data.SafeTypes.count(ApiModel::modelName(RD)) != 0;
  C.Safe[RD] = Safe;
  return Safe;
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

bool ApiModel::paramsMatch(const FunctionDecl *FD,
                           const std::vector<std::string> &Want) {
  if (FD->getNumParams() != Want.size())
    return false;
  PrintingPolicy Policy(FD->getASTContext().getLangOpts());
  Policy.SuppressTagKeyword = true;
  for (unsigned I = 0; I < Want.size(); ++I) {
    QualType T = FD->getParamDecl(I)->getType();
    if (model::normalizeTypeSpelling(T.getAsString(Policy)) == Want[I])
      continue;
    if (model::normalizeTypeSpelling(
            T.getCanonicalType().getAsString(Policy)) == Want[I])
      continue;
    return false;
  }
  return true;
}

namespace {

/// Picks the entry for this overload: one whose `params` match, else the one
/// without `params`.
const model::FunctionFact *
pickFact(const std::vector<model::FunctionFact> &Entries,
         const FunctionDecl *FD, const FunctionDecl *Pattern) {
  const model::FunctionFact *Generic = nullptr;
  for (const model::FunctionFact &F : Entries) {
    if (!F.Params) {
      Generic = &F;
      continue;
    }
    if (ApiModel::paramsMatch(FD, *F.Params) ||
        (Pattern && Pattern != FD &&
         ApiModel::paramsMatch(Pattern, *F.Params)))
      return &F;
  }
  return Generic;
}

const FunctionDecl *patternOf(const FunctionDecl *FD) {
  if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
    return P;
  if (FunctionTemplateDecl *T = FD->getPrimaryTemplate())
    return T->getTemplatedDecl();
  return nullptr;
}

} // namespace

const CallInfo *ApiModel::Impl::classifyCall(const FunctionDecl *FD,
                                             AstCache &C, unsigned Depth) {
  if (!FD || Depth > 16)
    return nullptr;
  FD = FD->getCanonicalDecl();
  auto Found = C.Calls.find(FD);
  if (Found != C.Calls.end())
    return Found->second;
  C.Calls[FD] = nullptr;

  // A constructor inherited with a using-declaration is the base's.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    if (const CXXConstructorDecl *Base =
            Ctor->getInheritedConstructor().getConstructor()) {
      const CallInfo *BI = classifyCall(Base, C, Depth + 1);
      C.Calls[FD] = BI;
      return BI;
    }

  const FunctionDecl *Pattern = patternOf(FD);
  std::string Name = ApiModel::modelName(FD);
  CallInfo Info;
  bool Known = false;
  bool RolesFromModel = false;

  // 1. A `functions` entry.
  const model::FunctionFact *Fact = nullptr;
  if (auto It = Data.Functions.find(Name); It != Data.Functions.end())
    Fact = pickFact(It->second, FD, Pattern);
  if (Fact) {
    Known = true;
    RolesFromModel = true;
    Info.Roles = Fact->Roles;
    Info.BlockingGroup = Fact->Group;
    Info.FromPool = Fact->FromPool;
    Info.TakesOwnershipOf.append(Fact->TakesOwnership.begin(),
                                 Fact->TakesOwnership.end());
    Info.MayThrow = Fact->Throws.value_or(Fact->FileThrows);
    Info.Library = Fact->Library;
    if (Fact->NameArg)
      Info.NameArg = *Fact->NameArg;
    if (Fact->Acquires)
      Info.Acquires = *Fact->Acquires;
  }

  // 2. The blocking catalog.
  if (auto It = Data.Blocking.find(Name); It != Data.Blocking.end()) {
    if (!(Info.Roles & RoleBlocking)) {
      Info.Roles |= RoleBlocking;
      Info.BlockingGroup = It->second.first;
    }
    if (!Known)
      Info.Library = It->second.second;
    Known = true;
  }

  // 3. A pool's acquire call.
  if (Data.PoolAcquires.count(Name)) {
    Info.Roles |= RoleAcquire;
    Info.FromPool = true;
    if (!Known)
      Info.Library = "pool";
    Known = true;
  }

  // 4. Annotations, on any redeclaration and on the template pattern.
  bool AnnotatedTakesOwnership = false;
  auto AddAnnotations = [&](const FunctionDecl *D) {
    for (const FunctionDecl *R : D->redecls()) {
      for (const Annotation &A : annotationsOf(R, C)) {
        Info.Roles |= A.Roles;
        if (A.Roles & RoleBlocking)
          Info.BlockingGroup = A.Group;
        AnnotatedTakesOwnership |= A.TakesOwnership;
        if (!Known)
          Info.Library = "annotation";
        Known = true;
      }
      for (unsigned I = 0; I < R->getNumParams(); ++I)
        for (const Annotation &A : annotationsOf(R->getParamDecl(I), C))
          if (A.TakesOwnership) {
            if (llvm::find(Info.TakesOwnershipOf, I) ==
                Info.TakesOwnershipOf.end())
              Info.TakesOwnershipOf.push_back(I);
            if (!Known)
              Info.Library = "annotation";
            Known = true;
          }
    }
  };
  AddAnnotations(FD);
  if (Pattern && Pattern != FD)
    AddAnnotations(Pattern);

  // 5. The check options' lists: every argument is taken over; the
  // transaction on the handle argument is finished (as by a commit).
  if (Data.OwnershipTaking.count(Name)) {
    for (unsigned I = 0; I < FD->getNumParams(); ++I)
      if (llvm::find(Info.TakesOwnershipOf, I) == Info.TakesOwnershipOf.end())
        Info.TakesOwnershipOf.push_back(I);
    if (!Known)
      Info.Library = "options";
    Known = true;
  }
  if (Data.Finishing.count(Name)) {
    Info.Roles |= RoleCommit;
    if (!Known)
      Info.Library = "options";
    Known = true;
  }

  // 6. An override of a modelled virtual method is that method.
  if (!Known)
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
      for (const CXXMethodDecl *O : MD->overridden_methods())
        if (const CallInfo *OI = classifyCall(O, C, Depth + 1)) {
          C.CallStore.push_back(*OI);
          C.Calls[FD] = &C.CallStore.back();
          return &C.CallStore.back();
        }

  // 7. `ignore` lists and `not_blocking` win over everything else.
  if (Data.Ignored.count(Name)) {
    Info.Roles |= RoleNotBlocking;
    Known = true;
  }
  if (Info.Roles & RoleNotBlocking) {
    Info.Roles &= ~unsigned(RoleBlocking);
    Info.BlockingGroup.clear();
  }

  if (!Known)
    return nullptr;

  // Which argument is the handle.
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  bool IsMember = MD && MD->isInstance() && !isa<CXXConstructorDecl>(MD);
  auto FirstHandleParam = [&]() -> int {
    for (unsigned I = 0; I < FD->getNumParams(); ++I)
      if (classifyType(FD->getParamDecl(I)->getType(), C, Depth + 1))
        return int(I);
    return -1;
  };
  if (Fact && Fact->HandleArg) {
    Info.HandleArg = *Fact->HandleArg;
  } else if (IsMember) {
    // A method acts on `this`, unless (for annotations) its class is a pool
    // or no handle at all and one of its parameters is a handle: a pool's
    // `release(Conn *)`.
    Info.HandleArg = -1;
    const HandleTypeInfo *Self = recordInfo(MD->getParent(), C, Depth + 1);
    if (!RolesFromModel && (!Self || Self->Kind == HandleKind::Pool)) {
      int P = FirstHandleParam();
      if (P >= 0)
        Info.HandleArg = P;
    }
  } else if (!isa<CXXConstructorDecl>(FD)) {
    int P = FirstHandleParam();
    Info.HandleArg = P >= 0 ? P : (FD->getNumParams() ? 0 : -1);
  }
  if (AnnotatedTakesOwnership) {
    if (Info.HandleArg >= 0)
      Info.TakesOwnershipOf.push_back(unsigned(Info.HandleArg));
  }

  // An acquisition through a method of a pool takes from that pool.
  if ((Info.Roles & RoleAcquire) && MD && !isa<CXXConstructorDecl>(MD))
    if (const HandleTypeInfo *Owner = recordInfo(MD->getParent(), C, Depth + 1))
      if (Owner->Kind == HandleKind::Pool)
        Info.FromPool = true;

  // What an acquisition yields.
  if ((Info.Roles & RoleAcquire) && !(Fact && Fact->Acquires)) {
    const HandleTypeInfo *Yield =
        isa<CXXConstructorDecl>(FD)
            ? recordInfo(cast<CXXConstructorDecl>(FD)->getParent(), C,
                         Depth + 1)
            : classifyType(FD->getReturnType(), C, Depth + 1).Info;
    if (Yield)
      Info.Acquires = Yield->Kind;
    else
      Info.Acquires =
          Info.FromPool ? HandleKind::Lease : HandleKind::Connection;
  }

  // A project's own API known only from annotations or the options does
  // not say whether it throws: its body, if any, decides.
  if (Info.Library == "annotation" || Info.Library == "options") {
    Info.MayThrow = false;
    Info.ThrowsUnknown = true;
  }
  // noexcept always wins over the model.
  if (const auto *FPT = FD->getType()->getAs<FunctionProtoType>())
    if (FPT->isNothrow())
      Info.MayThrow = false;

  C.CallStore.push_back(std::move(Info));
  C.Calls[FD] = &C.CallStore.back();
  return &C.CallStore.back();
}

//===----------------------------------------------------------------------===//
// Building
//===----------------------------------------------------------------------===//

namespace {

std::vector<ModelDiagnostic>
toDiagnostics(const std::vector<model::Problem> &Problems) {
  std::vector<ModelDiagnostic> Result;
  for (const model::Problem &P : Problems) {
    ModelDiagnostic D;
    D.File = P.File;
    D.Line = P.Line;
    D.Column = P.Column;
    D.JsonPath = P.JsonPath;
    D.Message = P.Message;
    Result.push_back(std::move(D));
  }
  return Result;
}

std::string resolvePath(const std::string &Base, const std::string &File) {
  if (llvm::sys::path::is_absolute(File) || Base.empty())
    return File;
  llvm::SmallString<256> Path(Base);
  llvm::sys::path::append(Path, File);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

} // namespace

std::shared_ptr<ApiModel>
ApiModel::create(const std::vector<EmbeddedModelFile> &Builtins,
                 const ModelOptions &Opts,
                 std::vector<ModelDiagnostic> &Diags) {
  std::vector<model::Problem> Problems;
  std::vector<model::ModelFile> BuiltinFiles, UserFiles;
  for (const EmbeddedModelFile &E : Builtins) {
    model::ModelFile F;
    if (model::parseModelFile(std::string_view(E.Data, E.Size),
                              std::string("lib/models/") + E.Name, F, Problems))
      BuiltinFiles.push_back(std::move(F));
  }
  for (const std::string &Name : model::splitList(Opts.ModelFiles)) {
    model::ModelFile F;
    if (model::loadModelFile(resolvePath(Opts.BaseDirectory, Name), F,
                             Problems))
      UserFiles.push_back(std::move(F));
  }
  model::OptionLists Extra;
  Extra.ExtraBlocking = model::splitList(Opts.ExtraBlockingFunctions);
  Extra.Ignored = model::splitList(Opts.IgnoredFunctions);
  Extra.OwnershipTaking = model::splitList(Opts.OwnershipTakingFunctions);
  Extra.Finishing = model::splitList(Opts.TransactionFinishingFunctions);

  auto I = std::make_unique<Impl>();
  for (const model::ModelFile &F : UserFiles)
    for (const model::NameEntry &N : model::listedNames(F))
      if (!N.IsType && N.Name.find("::") != std::string::npos)
        I->ProjectMemberNames.push_back(
            {N.Name, F.Path, N.JsonPath, N.Line, N.Column});
  I->Data = model::mergeModels(BuiltinFiles, UserFiles, Extra, Problems);
  for (const auto &[Name, T] : I->Data.Types) {
    HandleTypeInfo Info;
    Info.Kind = T.Kind;
    Info.Own = T.Own;
    Info.OnDestroy = T.OnDestroy;
    Info.Library = T.Library;
    Info.IdMember = T.IdMember;
    Info.Noun = T.Noun;
    Info.Throws = T.Throws;
    I->TypeInfos.emplace(Name, std::move(Info));
  }
  I->LoadDiags = toDiagnostics(Problems);
  Diags.insert(Diags.end(), I->LoadDiags.begin(), I->LoadDiags.end());
  return std::shared_ptr<ApiModel>(new ApiModel(std::move(I)));
}

const std::vector<ModelNamePlace> &ApiModel::projectMemberNames() const {
  return I->ProjectMemberNames;
}

std::shared_ptr<ApiModel> ApiModel::get(const ModelOptions &Opts,
                                        std::vector<ModelDiagnostic> &Diags) {
  // The key names each file with its size and modification time, so that a
  // long-running process (clangd) sees an edited model file.
  std::string Key;
  for (const std::string &Name : model::splitList(Opts.ModelFiles)) {
    std::string Path = resolvePath(Opts.BaseDirectory, Name);
    Key += Path;
    llvm::sys::fs::file_status Status;
    if (!llvm::sys::fs::status(Path, Status))
      Key += "@" + std::to_string(Status.getSize()) + "@" +
             std::to_string(
                 Status.getLastModificationTime().time_since_epoch().count());
    Key += ';';
  }
  for (const std::string *List :
       {&Opts.ExtraBlockingFunctions, &Opts.IgnoredFunctions,
        &Opts.OwnershipTakingFunctions, &Opts.TransactionFinishingFunctions})
    Key += '\n' + *List;

  static std::mutex Mutex;
  static std::unordered_map<std::string, std::shared_ptr<ApiModel>> Cache;
  std::lock_guard<std::mutex> Lock(Mutex);
  std::shared_ptr<ApiModel> &M = Cache[Key];
  if (!M) {
    std::vector<ModelDiagnostic> Ignored;
    M = create(builtinModelFiles(), Opts, Ignored);
  }
  Diags.insert(Diags.end(), M->I->LoadDiags.begin(), M->I->LoadDiags.end());
  return M;
}

ApiModel::ApiModel(std::unique_ptr<Impl> I) : I(std::move(I)) {}
ApiModel::~ApiModel() = default;

//===----------------------------------------------------------------------===//
// Queries
//===----------------------------------------------------------------------===//

TypeClass ApiModel::classifyType(QualType T) const {
  if (T.isNull())
    return {};
  const Type *Ty = T.getTypePtr();
  // Builtin types and the like never name a handle; skip the cache lookup.
  if (!Ty->isRecordType() && !Ty->isPointerType() && !Ty->isReferenceType())
    return {};
  const RecordDecl *Any = T.getNonReferenceType()
                              ->getPointeeOrArrayElementType()
                              ->getAsRecordDecl();
  if (!Any)
    return {};
  return I->classifyType(T, I->cacheFor(Any->getASTContext()), 0);
}

const CallInfo *ApiModel::classifyCall(const FunctionDecl *FD) const {
  if (!FD)
    return nullptr;
  return I->classifyCall(FD, I->cacheFor(FD->getASTContext()), 0);
}

bool ApiModel::isSafeValueType(QualType T) const {
  if (T.isNull())
    return false;
  QualType Canon = T.getNonReferenceType().getCanonicalType();
  if (const auto *PT = dyn_cast<PointerType>(Canon.getTypePtr()))
    Canon = PT->getPointeeType().getCanonicalType();
  const RecordDecl *RD = Canon->getAsRecordDecl();
  if (!RD)
    return false;
  return I->isSafeRecord(RD, I->cacheFor(RD->getASTContext()));
}

bool ApiModel::isPoolAcquire(const FunctionDecl *FD) const {
  const CallInfo *CI = classifyCall(FD);
  return CI && CI->has(RoleAcquire) && CI->FromPool;
}

std::vector<std::string>
ApiModel::releaseFunctions(llvm::StringRef Library) const {
  std::vector<std::string> Out;
  for (const auto &Entry : I->Data.Functions)
    for (const model::FunctionFact &F : Entry.second)
      if ((F.Roles & RoleRelease) && F.HandleArg && F.Library == Library &&
          Entry.first.find("::") == std::string::npos &&
          !llvm::is_contained(Out, Entry.first))
        Out.push_back(Entry.first);
  return Out;
}

std::string ApiModel::releaseByNameFunction(llvm::StringRef Library) const {
  for (const auto &Entry : I->Data.Functions)
    for (const model::FunctionFact &F : Entry.second)
      if ((F.Roles & RoleRelease) && F.NameArg &&
          (Library.empty() || F.Library == Library))
        return Entry.first;
  return {};
}

std::vector<std::string> ApiModel::blockingGroups() const {
  return {I->Data.Groups.begin(), I->Data.Groups.end()};
}

std::vector<ModelDiagnostic> ApiModel::takeAnnotationDiagnostics() const {
  std::lock_guard<std::mutex> Lock(I->Registry->Mutex);
  std::vector<ModelDiagnostic> Result;
  Result.swap(I->Registry->PendingAnnotationDiags);
  return Result;
}

void ApiModel::checkAnnotations(const Decl *D) const {
  if (!D)
    return;
  I->checkAnnotations(D, I->cacheFor(D->getASTContext()));
}

} // namespace clang::tidy::dbsession
