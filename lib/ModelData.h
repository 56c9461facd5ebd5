//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The model files as plain data: reading, validating and merging them.
///
/// This part of the API model knows nothing about Clang. It turns the JSON
/// text of a model file (docs/model-format.md) into records, checks every key
/// and value, and merges the built-in files, the project's files and the
/// option lists into one table keyed by qualified name. `ApiModel` then
/// matches declarations against that table.
///
/// Implementation: the text is parsed with nlohmann_json; exceptions never
/// leave this file. A semantic error (a wrong type, an unknown key) names a
/// JSON pointer, so a small scanner maps every pointer of the document to the
/// byte offset of its key and value, which gives the line and column.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_MODELDATA_H
#define DBSESSION_TIDY_LIB_MODELDATA_H

#include <cstddef>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace clang::tidy::dbsession {

/// What a modelled type is.
enum class HandleKind {
  Connection,  ///< owns a physical connection (pqxx::connection, PGconn*)
  Session,     ///< owns or leases a connection (soci::session)
  Lease,       ///< a connection borrowed from a pool (sqlpp pooled_connection)
  Transaction, ///< an open transaction scope (pqxx::work, soci::transaction)
  Bound,       ///< statement, cursor, rowset, stream, query, lazy pointer
  Entity,      ///< an object loaded through a session (ORM entity)
  Pool,        ///< a pool; not itself held, but the source of leases
};

/// How copies of a handle relate to the underlying resource.
enum class Ownership {
  Unique, ///< one owner; a move transfers it (soci::session)
  Shared, ///< released with the last copy (Poco Session, QSqlDatabase)
  Raw,    ///< pointer or C handle; only an explicit release frees it
};

/// What destroying a live handle does.
enum class DestroyAction {
  Release,  ///< closes or gives back the connection
  Rollback, ///< rolls back an unfinished transaction
  Commit,   ///< commits an unfinished transaction (Drogon)
  Nothing,  ///< nothing: the handle leaks or stays open
};

/// What a call does. A call may have several roles (SOCI's
/// `session::commit` commits and ends the transaction).
enum CallRole : unsigned {
  RoleAcquire = 1u << 0,     ///< returns (or, as a constructor, is) a handle
  RoleRelease = 1u << 1,     ///< releases its handle argument or `this`
  RoleBegin = 1u << 2,       ///< begins a transaction on its handle
  RoleCommit = 1u << 3,      ///< commits
  RoleRollback = 1u << 4,    ///< rolls back
  RoleWrite = 1u << 5,       ///< writes through its handle
  RoleBlocking = 1u << 6,    ///< may block for a long time (catalog)
  RoleNotBlocking = 1u << 7, ///< explicitly never blocking (annotation/model)
};

/// Spellings shared by model files and annotations. Each returns false (and
/// leaves \p Out alone) for an unknown spelling.
bool parseHandleKind(std::string_view Text, HandleKind &Out);
bool parseOwnership(std::string_view Text, Ownership &Out);
bool parseDestroyAction(std::string_view Text, DestroyAction &Out);
bool parseCallRole(std::string_view Text, CallRole &Out);
const char *handleKindName(HandleKind K);
const char *destroyActionName(DestroyAction A);

/// The default `onDestroy` of a kind: connections, sessions and leases are
/// released, transactions rolled back, the rest left alone.
DestroyAction defaultDestroyAction(HandleKind K);

/// The blocking group of a blocking call that names none (an annotation
/// without a group, a model entry without `group`, an option list entry).
inline constexpr const char *DefaultBlockingGroup = "custom";

namespace model {

/// One problem in a model file: where it is and what is wrong.
struct Problem {
  std::string File;
  unsigned Line = 0, Column = 0; ///< 1-based; 0 when unknown
  std::string JsonPath;          ///< JSON pointer ("/types/2/kind"), or ""
  std::string Message;           ///< lower-case, no final period

  /// `file:line:col: /path: message`, the form every diagnostic uses.
  std::string format() const;
};

/// A `types` entry.
struct TypeFact {
  std::string Name;
  HandleKind Kind = HandleKind::Connection;
  Ownership Own = Ownership::Unique;
  DestroyAction OnDestroy = DestroyAction::Release;
  std::string IdMember;
  /// What messages call it, when not its kind ("nontransaction").
  std::string Noun;
  bool Throws = true;
  std::string Library;
};

/// A `functions` entry.
struct FunctionFact {
  std::string Name;
  /// Set when the entry names one overload.
  std::optional<std::vector<std::string>> Params;
  unsigned Roles = 0;
  std::optional<HandleKind> Acquires;
  bool FromPool = false;
  std::optional<int> HandleArg;
  /// Acquire or release by name in a registry of connections: the index
  /// of the argument holding the name (Qt's addDatabase/removeDatabase).
  std::optional<int> NameArg;
  std::vector<unsigned> TakesOwnership;
  std::string Group; ///< for RoleBlocking
  std::optional<bool> Throws;
  bool FileThrows = true; ///< the file's `errors`
  std::string Library;
};

/// A `pools` entry.
struct PoolFact {
  std::string Type;
  std::vector<std::string> Acquire;
  std::string Library;
};

/// A name in a list, with the JSON pointer and position it was read from.
struct ListedName {
  std::string Name;
  std::string JsonPath;
  unsigned Line = 0, Column = 0;
};

/// One model file, read and validated.
struct ModelFile {
  std::string Path;    ///< as given (built-ins: "lib/models/<name>")
  std::string Library; ///< `library`, or the file's stem
  std::string Description;
  std::vector<std::string> Headers;
  bool Throws = true; ///< `errors` is "exceptions"
  std::vector<TypeFact> Types;
  std::vector<std::string> SafeTypes;
  std::vector<FunctionFact> Functions;
  std::vector<PoolFact> Pools;
  /// group -> names, in key order.
  std::vector<std::pair<std::string, std::vector<std::string>>> Blocking;
  std::vector<ListedName> DisableLibraries;
  std::vector<ListedName> DisableGroups;
  std::vector<std::string> Ignore;
  /// The place (line, column) of every name the file lists, by its JSON
  /// pointer; listedNames() pairs them with what they name.
  std::map<std::string, std::pair<unsigned, unsigned>> NamePlaces;
};

/// A name a model file lists: a type (`types`, `safeTypes`, a pool's type)
/// or a function (`functions`, a pool's `acquire`, `blocking`, `ignore`).
struct NameEntry {
  std::string Name;
  bool IsType = false;
  /// A function entry's `params`, if it names one overload.
  std::optional<std::vector<std::string>> Params;
  std::string JsonPath;
  unsigned Line = 0, Column = 0;
};

/// Every name of \p File, in file order, with its place.
std::vector<NameEntry> listedNames(const ModelFile &File);

/// Reads one model file from \p Text. Returns false, with at least one entry
/// appended to \p Problems, if the file is malformed; a malformed file is
/// never partially applied.
bool parseModelFile(std::string_view Text, const std::string &Path,
                    ModelFile &Out, std::vector<Problem> &Problems);

/// A key as a JSON pointer token (`~` and `/` escaped as RFC 6901 says,
/// control characters as in messages), the way problems spell pointers.
std::string escapePointerToken(std::string_view Token);

/// Reads a model file from disk (a missing or unreadable file is a problem).
bool loadModelFile(const std::string &Path, ModelFile &Out,
                   std::vector<Problem> &Problems);

/// loadModelFile() for a command-line tool: each problem is written to
/// \p Errors as a line `error: file:line:col: /pointer: message`.
bool loadModelFile(const std::string &Path, ModelFile &Out,
                   std::ostream &Errors);

/// Maps every JSON pointer of a (valid) JSON text to the byte offsets of its
/// value and, for object members, of its key. Used for error positions.
class PositionIndex {
public:
  /// Pointer to the offsets of its value and its key.
  using OffsetMap =
      std::unordered_map<std::string, std::pair<std::size_t, std::size_t>>;

  explicit PositionIndex(std::string_view Text);
  /// Offset of the value at \p Pointer (its key if \p Key), or of the text's
  /// start when unknown.
  std::size_t offsetOf(const std::string &Pointer, bool Key = false) const;
  /// The pointer of the value starting at \p Offset, if one does.
  std::string pointerAt(std::size_t Offset) const;
  /// 1-based line and column of a byte offset, in logarithmic time.
  void lineColumn(std::size_t Offset, unsigned &Line, unsigned &Column) const;

  /// A key given twice in one object: its pointer and the offset of the
  /// second key (JSON readers keep only the last value).
  struct Duplicate {
    std::string Pointer;
    std::size_t Offset;
  };
  const std::vector<Duplicate> &duplicates() const { return Duplicates; }

private:
  std::size_t Size = 0;
  OffsetMap Offsets;
  std::vector<std::size_t> LineStarts;
  std::vector<Duplicate> Duplicates;
};

/// The largest model file read, and the most problems reported per file.
inline constexpr std::size_t MaxModelFileBytes = 16u << 20;
inline constexpr std::size_t MaxProblemsPerFile = 50;

/// The merged table: built-ins first, then the project's files in order, then
/// the option lists. A later entry for the same name replaces an earlier one.
struct MergedModel {
  std::map<std::string, TypeFact> Types;
  /// Per name: the entries that apply, an entry without `params` first (if
  /// any), then the overload-specific ones.
  std::map<std::string, std::vector<FunctionFact>> Functions;
  std::set<std::string> SafeTypes;
  /// Pool acquire call -> pool type.
  std::map<std::string, std::string> PoolAcquires;
  std::set<std::string> PoolTypes;
  /// Blocking call -> (group, library).
  std::map<std::string, std::pair<std::string, std::string>> Blocking;
  std::set<std::string> Ignored;
  /// Functions named by the check options `OwnershipTakingFunctions` and
  /// `TransactionFinishingFunctions`.
  std::set<std::string> OwnershipTaking;
  std::set<std::string> Finishing;
  /// Groups present after disabling.
  std::set<std::string> Groups;
  std::set<std::string> DisabledGroups;
  std::set<std::string> Libraries; ///< libraries in force
};

/// Extra facts given through check options rather than a file.
struct OptionLists {
  std::vector<std::string> ExtraBlocking; ///< group DefaultBlockingGroup
  std::vector<std::string> Ignored;
  std::vector<std::string> OwnershipTaking;
  std::vector<std::string> Finishing;
};

/// Merges \p Builtins, then \p UserFiles, then \p Extra. `disable` entries in
/// user files switch off built-in libraries and any blocking group; naming a
/// library or group that does not exist is a problem.
MergedModel mergeModels(const std::vector<ModelFile> &Builtins,
                        const std::vector<ModelFile> &UserFiles,
                        const OptionLists &Extra,
                        std::vector<Problem> &Problems);

/// The directory relative `dbsession.ModelFiles` entries are resolved
/// against: that of the nearest `.clang-tidy` at or above the directory of
/// \p MainFile whose text mentions `dbsession.ModelFiles`; else the directory
/// the process was started in (not the compile command's, where clang-tidy
/// runs each file). Results are cached per directory.
std::string findModelBaseDirectory(const std::string &MainFile);

/// Splits a `;`-separated list, trimming blanks and dropping empty entries.
std::vector<std::string> splitList(std::string_view Text);

/// Whitespace-normalised spelling of a parameter type, so that
/// "const std::string &" and "const std::string&" compare equal.
std::string normalizeTypeSpelling(std::string_view Text);

} // namespace model

/// A model file compiled into the module.
/// A file compiled into the program (cmake/EmbedFiles.cmake).
struct EmbeddedFile {
  const char *Name; ///< file name ("soci.json")
  const char *Data;
  std::size_t Size;
};
using EmbeddedModelFile = EmbeddedFile;

/// The built-in model files (generated at build time from lib/models/*.json).
std::vector<EmbeddedFile> builtinModelFiles();

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_MODELDATA_H
