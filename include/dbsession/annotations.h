//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Macros that tell dbsession-tidy what a project's own session API does.
///
/// Each macro expands to `[[clang::annotate("dbsession::<kind>")]]` when the
/// compiler knows that attribute, and to nothing otherwise, so annotated code
/// builds unchanged with any compiler. The attribute spelling is the
/// contract; the macros are a convenience. See docs/annotations.md.
///
/// \code
///   class DBSESSION_LEASE PooledConn {
///   public:
///     DBSESSION_ACQUIRE explicit PooledConn(ConnPool &Pool);
///     DBSESSION_RELEASE void giveBack();
///   };
///   DBSESSION_BLOCKING("network.llm") std::string complete(const Prompt &);
/// \endcode
///
/// This header has no dependencies and may be included from C or C++.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_ANNOTATIONS_H
#define DBSESSION_ANNOTATIONS_H

#if defined(__cplusplus) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::annotate)
#define DBSESSION_ANNOTATE(Kind) [[clang::annotate("dbsession::" Kind)]]
#endif
#endif
#if !defined(DBSESSION_ANNOTATE) && defined(__clang__)
/* C, or C++ before C++11: the GNU spelling of the same attribute. */
#define DBSESSION_ANNOTATE(Kind) __attribute__((annotate("dbsession::" Kind)))
#endif
#ifndef DBSESSION_ANNOTATE
#define DBSESSION_ANNOTATE(Kind)
#endif

/* Classes: what an object of the class is. */
#define DBSESSION_CONNECTION DBSESSION_ANNOTATE("connection")
#define DBSESSION_SESSION DBSESSION_ANNOTATE("session")
#define DBSESSION_LEASE DBSESSION_ANNOTATE("lease")
#define DBSESSION_TRANSACTION DBSESSION_ANNOTATE("transaction")
#define DBSESSION_BOUND DBSESSION_ANNOTATE("bound")
#define DBSESSION_ENTITY DBSESSION_ANNOTATE("entity")
#define DBSESSION_POOL DBSESSION_ANNOTATE("pool")

/* Functions, methods and constructors: what a call does. */
#define DBSESSION_ACQUIRE DBSESSION_ANNOTATE("acquire")
#define DBSESSION_RELEASE DBSESSION_ANNOTATE("release")
#define DBSESSION_BEGIN DBSESSION_ANNOTATE("begin")
#define DBSESSION_COMMIT DBSESSION_ANNOTATE("commit")
#define DBSESSION_ROLLBACK DBSESSION_ANNOTATE("rollback")
#define DBSESSION_WRITE DBSESSION_ANNOTATE("write")
#define DBSESSION_NOT_BLOCKING DBSESSION_ANNOTATE("not_blocking")

/* On a data member or method of an entity: its id, which code should pass
   instead of the entity. */
#define DBSESSION_ID DBSESSION_ANNOTATE("id")

/* A call that may block, in a group: DBSESSION_BLOCKING("network.llm").
   DBSESSION_BLOCKING() puts it in the group "custom". */
#define DBSESSION_BLOCKING(Group) DBSESSION_ANNOTATE("blocking:" Group)

/* On a parameter: the callee takes over the handle passed there. On a
   function: it takes over its first handle argument. */
#define DBSESSION_TAKES_OWNERSHIP DBSESSION_ANNOTATE("takes_ownership")

#endif /* DBSESSION_ANNOTATIONS_H */
