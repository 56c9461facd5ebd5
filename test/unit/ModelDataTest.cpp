//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The model file loader: reading, validation with exact positions, merging.
//
//===----------------------------------------------------------------------===//

#include "ModelData.h"

#include "gtest/gtest.h"

#include <filesystem>
#include <fstream>

#include <sys/stat.h>

using namespace clang::tidy::dbsession;
using namespace clang::tidy::dbsession::model;

namespace {

std::vector<Problem> problemsOf(const std::string &Text,
                                const std::string &Path = "db-model.json") {
  ModelFile F;
  std::vector<Problem> Problems;
  bool Ok = parseModelFile(Text, Path, F, Problems);
  EXPECT_EQ(Ok, Problems.empty());
  return Problems;
}

/// The one problem of \p Text, formatted.
std::string problemOf(const std::string &Text) {
  std::vector<Problem> Problems = problemsOf(Text);
  EXPECT_EQ(Problems.size(), 1u);
  return Problems.empty() ? "" : Problems.front().format();
}

ModelFile parsed(const std::string &Text, const std::string &Path) {
  ModelFile F;
  std::vector<Problem> Problems;
  EXPECT_TRUE(parseModelFile(Text, Path, F, Problems));
  for (const Problem &P : Problems)
    ADD_FAILURE() << P.format();
  return F;
}

TEST(ModelDataTest, ReadsEveryKey) {
  ModelFile F = parsed(R"({
  "format": 1,
  "library": "mylib",
  "description": "a test model",
  "headers": ["mylib/db.h"],
  "errors": "return-values",
  "types": [
    { "name": "mylib::Conn", "kind": "connection", "ownership": "raw",
      "onDestroy": "nothing" },
    { "name": "mylib::Tx", "kind": "transaction" },
    { "name": "mylib::User", "kind": "entity", "idMember": "id",
      "throws": true }
  ],
  "safeTypes": ["mylib::Row"],
  "functions": [
    { "name": "mylib::open", "roles": ["acquire"], "acquires": "connection" },
    { "name": "mylib::Pool::take", "params": ["int", "const std::string &"],
      "roles": ["acquire"], "fromPool": true, "throws": true },
    { "name": "mylib::close", "roles": ["release"], "handleArg": 1 },
    { "name": "mylib::adopt", "takesOwnership": [0, 2] },
    { "name": "mylib::fetch", "roles": ["blocking"], "group": "network.http" },
    { "name": "mylib::Conn::operator<<", "roles": ["write"] }
  ],
  "pools": [ { "type": "mylib::Pool", "acquire": ["mylib::Pool::take"] } ],
  "blocking": { "sleep": ["mylib::nap"], "mylib.rpc": ["mylib::call"] },
  "disable": { "libraries": ["soci"], "blockingGroups": ["qt.wait"] },
  "ignore": ["mylib::quick"]
})",
                       "mylib.json");
  EXPECT_EQ(F.Library, "mylib");
  EXPECT_EQ(F.Description, "a test model");
  EXPECT_FALSE(F.Throws);
  ASSERT_EQ(F.Types.size(), 3u);
  EXPECT_EQ(F.Types[0].Own, Ownership::Raw);
  EXPECT_EQ(F.Types[0].OnDestroy, DestroyAction::Nothing);
  EXPECT_FALSE(F.Types[0].Throws);
  // onDestroy defaults by kind.
  EXPECT_EQ(F.Types[1].OnDestroy, DestroyAction::Rollback);
  EXPECT_EQ(F.Types[2].IdMember, "id");
  EXPECT_TRUE(F.Types[2].Throws);
  ASSERT_EQ(F.Functions.size(), 6u);
  ASSERT_TRUE(F.Functions[1].Params.has_value());
  EXPECT_EQ(*F.Functions[1].Params,
            (std::vector<std::string>{"int", "const std::string&"}));
  EXPECT_TRUE(F.Functions[1].FromPool);
  EXPECT_EQ(F.Functions[2].HandleArg, 1);
  EXPECT_EQ(F.Functions[3].TakesOwnership, (std::vector<unsigned>{0, 2}));
  EXPECT_EQ(F.Functions[4].Group, "network.http");
  EXPECT_EQ(F.Functions[5].Roles, unsigned(RoleWrite));
  ASSERT_EQ(F.Pools.size(), 1u);
  ASSERT_EQ(F.Blocking.size(), 2u);
  // Object members come in key order.
  EXPECT_EQ(F.Blocking[0].first, "mylib.rpc");
  ASSERT_EQ(F.DisableLibraries.size(), 1u);
  EXPECT_EQ(F.DisableLibraries[0].JsonPath, "/disable/libraries/0");
  EXPECT_EQ(F.DisableLibraries[0].Line, 26u);
  EXPECT_EQ(F.DisableLibraries[0].Column, 30u);
  EXPECT_EQ(F.Ignore, (std::vector<std::string>{"mylib::quick"}));
}

TEST(ModelDataTest, LibraryDefaultsToFileStem) {
  ModelFile F = parsed(R"({"format": 1})", "tools/db-model.json");
  EXPECT_EQ(F.Library, "db-model");
}

TEST(ModelDataTest, InvalidJsonPointsAtTheToken) {
  EXPECT_EQ(problemOf("{\n  \"format\": 1,\n  \"types\": [\n"
                      "    {\"name\": \"a\" \"kind\": \"session\"}\n  ]\n}"),
            "db-model.json:4:18: invalid JSON: syntax error while parsing "
            "object - unexpected string literal; expected '}'");
  EXPECT_EQ(problemOf("{\n \"format\": tru\n}"),
            "db-model.json:2:12: invalid JSON: syntax error while parsing "
            "value - invalid literal; last read: '\"format\": tru<U+000A>'");
  EXPECT_EQ(problemOf("{\n \"format\": 1,\n}"),
            "db-model.json:3:1: invalid JSON: syntax error while parsing "
            "object key - unexpected '}'; expected string literal");
  EXPECT_EQ(problemOf("{\"format\": [1, 2"),
            "db-model.json:1:17: invalid JSON: syntax error while parsing "
            "array - unexpected end of input; expected ']'");
}

TEST(ModelDataTest, UnknownKeyPointsAtTheKey) {
  EXPECT_EQ(problemOf("{\n  \"format\": 1,\n  \"typs\": []\n}"),
            "db-model.json:3:3: /typs: unknown key 'typs' (expected one of "
            "format, library, description, headers, errors, types, "
            "safeTypes, functions, pools, blocking, disable, ignore)");
  EXPECT_EQ(problemOf("{\"format\": 1, \"types\": [\n"
                      "  {\"name\": \"x::Y\", \"kind\": \"session\", "
                      "\"onDestory\": \"release\"}]}"),
            "db-model.json:2:39: /types/0/onDestory: unknown key "
            "'onDestory' (expected one of name, kind, ownership, onDestroy, "
            "idMember, noun, throws, description)");
  EXPECT_EQ(problemOf("{\"format\": 1, \"disable\": {\"library\": []}}"),
            "db-model.json:1:27: /disable/library: unknown key 'library' "
            "(expected one of libraries, blockingGroups)");
}

// A key with a control character (here an escaped newline) is shown
// escaped, in the pointer as in the message: a problem is one line.
TEST(ModelDataTest, ControlCharacterInKeyStaysOnOneLine) {
  EXPECT_EQ(problemOf("{\"format\": 1,\n \"ty\\u000apes\": []}"),
            "db-model.json:2:2: /ty\\npes: unknown key 'ty\\npes' (expected "
            "one of format, library, description, headers, errors, types, "
            "safeTypes, functions, pools, blocking, disable, ignore)");
}

TEST(ModelDataTest, UnknownKindPointsAtTheValue) {
  std::string Text = R"({
  "format": 1,
  "types": [
    { "name": "a::A", "kind": "session" },
    { "name": "a::B", "kind": "bound" },
    { "name": "a::C",
      "kind": "sesion" }
  ]
})";
  EXPECT_EQ(problemOf(Text),
            "db-model.json:7:15: /types/2/kind: unknown kind 'sesion' "
            "(expected one of connection, session, lease, transaction, "
            "bound, entity, pool)");
}

TEST(ModelDataTest, WrongTypes) {
  EXPECT_EQ(problemOf(R"({"format": "1"})"),
            "db-model.json:1:12: /format: expected an integer, found a "
            "string");
  EXPECT_EQ(problemOf(R"({"format": 1, "types": {}})"),
            "db-model.json:1:24: /types: expected an array of objects, "
            "found an object");
  EXPECT_EQ(problemOf(R"({"format": 1, "safeTypes": ["a::B", 3]})"),
            "db-model.json:1:37: /safeTypes/1: expected a string, found an "
            "integer");
  EXPECT_EQ(
      problemOf(
          R"({"format": 1, "functions": [{"name": "f", "roles": "acquire"}]})"),
      "db-model.json:1:52: /functions/0/roles: expected an array of roles, "
      "found a string");
  EXPECT_EQ(problemOf(R"({"format": 1, "functions": [{"name": "f", )"
                      R"("roles": ["release"], "handleArg": -1}]})"),
            "db-model.json:1:78: /functions/0/handleArg: expected an "
            "argument index between 0 and 1000, found -1");
  EXPECT_EQ(problemOf(R"({"format": 1, "blocking": {"sleep": "nap"}})"),
            "db-model.json:1:37: /blocking/sleep: expected an array of "
            "strings, found a string");
  EXPECT_EQ(problemOf(R"([1])"),
            "db-model.json:1:1: expected an object at the top level, found "
            "an array");
}

TEST(ModelDataTest, UnknownRole) {
  EXPECT_EQ(problemOf(R"({"format": 1, "functions": [
  {"name": "f", "roles": ["acquire", "relase"]}]})"),
            "db-model.json:2:38: /functions/0/roles/1: unknown role 'relase' "
            "(expected one of acquire, release, begin, commit, rollback, "
            "write, blocking, not_blocking)");
}

TEST(ModelDataTest, MissingAndBadValues) {
  EXPECT_EQ(problemOf(R"({"types": []})"),
            "db-model.json:1:1: missing required key 'format' (the current "
            "format is 1)");
  EXPECT_EQ(problemOf(R"({"format": 2})"),
            "db-model.json:1:12: /format: unsupported format 2 (this version "
            "reads format 1)");
  EXPECT_EQ(problemOf(R"({"format": 1, "types": [{"kind": "session"}]})"),
            "db-model.json:1:25: /types/0: missing required key 'name'");
  EXPECT_EQ(problemOf(R"({"format": 1, "safeTypes": ["::pqxx::result"]})"),
            "db-model.json:1:29: /safeTypes/0: name '::pqxx::result' must be "
            "written without a leading '::'");
  EXPECT_EQ(
      problemOf(
          R"({"format": 1, "types": [{"name": "pqxx::transaction<int>", "kind": "transaction"}]})"),
      "db-model.json:1:34: /types/0/name: name "
      "'pqxx::transaction<int>' must be a qualified name without "
      "template arguments or parameters (use 'params' for an "
      "overload)");
  EXPECT_EQ(problemOf(R"({"format": 1, "errors": "codes"})"),
            "db-model.json:1:25: /errors: unknown error style 'codes' "
            "(expected one of exceptions, return-values)");
  EXPECT_EQ(problemOf(R"({"format": 1, "functions": [{"name": "f"}]})"),
            "db-model.json:1:29: /functions/0: an entry needs 'roles' or "
            "'takesOwnership'");
  EXPECT_EQ(
      problemOf(
          R"({"format": 1, "functions": [{"name": "f", "roles": ["write"], "acquires": "lease"}]})"),
      "db-model.json:1:63: /functions/0/acquires: 'acquires' is only "
      "meaningful with the role 'acquire'");
  EXPECT_EQ(
      problemOf(
          R"({"format": 1, "functions": [{"name": "f", "roles": ["write"], "group": "sleep"}]})"),
      "db-model.json:1:63: /functions/0/group: 'group' is only "
      "meaningful with the role 'blocking'");
  EXPECT_EQ(
      problemOf(
          R"({"format": 1, "functions": [{"name": "f", "roles": ["write"], "nameArg": 1}]})"),
      "db-model.json:1:63: /functions/0/nameArg: 'nameArg' is only "
      "meaningful with the role 'acquire' or 'release'");
  EXPECT_EQ(
      problemOf(
          R"({"format": 1, "functions": [{"name": "f", "roles": ["release"], "nameArg": -1}]})"),
      "db-model.json:1:76: /functions/0/nameArg: expected an argument index "
      "between 0 and 1000, found -1");
}

TEST(ModelDataTest, EveryProblemIsReported) {
  std::vector<Problem> Problems = problemsOf(R"({
  "format": 1,
  "types": [ { "name": "a::A", "kind": "sesion", "ownership": "uniq" } ],
  "extra": true
})");
  ASSERT_EQ(Problems.size(), 3u);
  EXPECT_EQ(Problems[0].JsonPath, "/extra");
  EXPECT_EQ(Problems[1].JsonPath, "/types/0/kind");
  EXPECT_EQ(Problems[2].JsonPath, "/types/0/ownership");
  EXPECT_EQ(Problems[2].Line, 3u);
  EXPECT_EQ(Problems[2].Column, 63u);
}

TEST(ModelDataTest, PointerTokensAreEscaped) {
  EXPECT_EQ(problemOf(R"({"format": 1, "blocking": {"a/b": [1]}})"),
            "db-model.json:1:36: /blocking/a~1b/0: expected a string, found "
            "an integer");
}

TEST(ModelDataTest, MissingFile) {
  ModelFile F;
  std::vector<Problem> Problems;
  EXPECT_FALSE(loadModelFile("no-such-dir/db-model.json", F, Problems));
  ASSERT_EQ(Problems.size(), 1u);
  EXPECT_EQ(Problems[0].format(),
            "no-such-dir/db-model.json: cannot open the model file");
}

TEST(ModelDataTest, LoadsFromDisk) {
  ModelFile F;
  std::vector<Problem> Problems;
  std::string Path = std::string(DBSESSION_UNIT_INPUTS) + "/pool-model.json";
  EXPECT_TRUE(loadModelFile(Path, F, Problems));
  EXPECT_TRUE(Problems.empty());
  EXPECT_EQ(F.Library, "pool-model");
  EXPECT_FALSE(F.Types.empty());
}

TEST(ModelDataTest, BadFileOnDiskNamesItsPath) {
  ModelFile F;
  std::vector<Problem> Problems;
  std::string Path = std::string(DBSESSION_UNIT_INPUTS) + "/bad-kind.json";
  EXPECT_FALSE(loadModelFile(Path, F, Problems));
  ASSERT_EQ(Problems.size(), 1u);
  EXPECT_EQ(Problems[0].format(),
            Path + ":5:34: /types/1/kind: unknown kind 'sesion' (expected "
                   "one of connection, session, lease, transaction, bound, "
                   "entity, pool)");
}

TEST(ModelDataTest, OnlyRegularFilesOfBoundedSizeAreRead) {
  namespace fs = std::filesystem;
  ModelFile F;
  std::vector<Problem> Problems;
  // A device never ends; reading it whole would exhaust memory.
  EXPECT_FALSE(loadModelFile("/dev/zero", F, Problems));
  ASSERT_EQ(Problems.size(), 1u);
  EXPECT_EQ(Problems[0].format(),
            "/dev/zero: the model file is not a regular file");

  fs::path Dir = fs::temp_directory_path() / "dbsession-unit-big-model";
  fs::remove_all(Dir);
  fs::create_directories(Dir);
  // A FIFO with no writer would block the reader for ever.
  std::string Fifo = (Dir / "fifo.json").string();
  ASSERT_EQ(::mkfifo(Fifo.c_str(), 0600), 0);
  Problems.clear();
  EXPECT_FALSE(loadModelFile(Fifo, F, Problems));
  ASSERT_EQ(Problems.size(), 1u);
  EXPECT_EQ(Problems[0].format(),
            Fifo + ": the model file is not a regular file");

  std::string Big = (Dir / "big.json").string();
  {
    std::ofstream Out(Big, std::ios::binary);
    Out << "{\"description\": \"" << std::string(MaxModelFileBytes, 'x')
        << "\"}";
  }
  Problems.clear();
  EXPECT_FALSE(loadModelFile(Big, F, Problems));
  ASSERT_EQ(Problems.size(), 1u);
  EXPECT_EQ(Problems[0].format(),
            Big + ": the model file is larger than 16 MiB");
  fs::remove_all(Dir);
}

TEST(ModelDataTest, ProblemsPerFileAreBounded) {
  // Many problems, each positioned, and no more than the bound.
  std::string Text = "{\"format\": 1, \"types\": [";
  for (int I = 0; I < 5000; ++I)
    Text += std::string(I ? "," : "") + "\n {\"name\": \"t\", \"kind\": 1}";
  Text += "]}";
  std::vector<Problem> Problems = problemsOf(Text);
  ASSERT_EQ(Problems.size(), MaxProblemsPerFile);
  EXPECT_EQ(Problems[0].format(),
            "db-model.json:2:24: /types/0/kind: expected a string, found an "
            "integer");
  EXPECT_EQ(Problems.back().Line, unsigned(MaxProblemsPerFile + 1));
  EXPECT_NE(Problems.back().Message.find(
                "; further problems in this file are not shown"),
            std::string::npos);
}

TEST(ModelDataTest, DuplicateKeysAreRefused) {
  EXPECT_EQ(problemOf("{\"format\": 2,\n \"format\": 1}"),
            "db-model.json:2:2: /format: duplicate key; only one value per "
            "key is allowed");
  // A bad entry hidden by a good one under the same key.
  EXPECT_EQ(problemOf("{\"format\": 1, \"types\": [{\"name\": \"a\", "
                      "\"kind\": \"sesion\"}],\n  \"types\": []}"),
            "db-model.json:2:3: /types: duplicate key; only one value per key "
            "is allowed");
}

TEST(ModelDataTest, NumberOutOfRangeIsPositioned) {
  EXPECT_EQ(problemOf("{\n  \"format\": 1e400\n}"),
            "db-model.json:2:13: /format: invalid JSON: number overflow "
            "parsing '1e400'");
}

TEST(ModelDataTest, EscapedKeysArePositioned) {
  // "\u006b\u0069\u006e\u0064" is "kind".
  EXPECT_EQ(problemOf("{\"format\": 1, \"types\": [\n  {\"name\": \"a\", "
                      "\"\\u006b\\u0069\\u006e\\u0064\": \"sesion\"}]}"),
            "db-model.json:2:45: /types/0/kind: unknown kind 'sesion' "
            "(expected one of connection, session, lease, transaction, "
            "bound, entity, pool)");
}

TEST(ModelDataTest, NamesInMessagesStayOnOneLine) {
  EXPECT_EQ(problemOf("{\"format\": 1, \"types\": [{\"name\": \"a\", "
                      "\"kind\": \"ses\\nsion\"}]}"),
            "db-model.json:1:47: /types/0/kind: unknown kind 'ses\\nsion' "
            "(expected one of connection, session, lease, transaction, "
            "bound, entity, pool)");
}

//===----------------------------------------------------------------------===//
// Merging
//===----------------------------------------------------------------------===//

const char *BuiltinA = R"({
  "format": 1, "library": "liba",
  "types": [ { "name": "a::Session", "kind": "session" },
             { "name": "a::Tx", "kind": "transaction" } ],
  "functions": [
    { "name": "a::Session::Session", "params": ["a::Pool &"],
      "roles": ["acquire"], "fromPool": true },
    { "name": "a::Session::Session", "params": ["const char *"],
      "roles": ["acquire"] },
    { "name": "a::Session::close", "roles": ["release"] }
  ],
  "blocking": { "sleep": ["a::nap"], "a.net": ["a::fetch"] }
})";

const char *BuiltinB = R"({
  "format": 1, "library": "libb",
  "types": [ { "name": "b::Conn", "kind": "connection" } ],
  "functions": [ { "name": "b::wait", "roles": ["blocking"], "group": "sleep" } ],
  "blocking": { "b.rpc": ["b::call"] }
})";

std::vector<ModelFile> builtins() {
  return {parsed(BuiltinA, "lib/models/a.json"),
          parsed(BuiltinB, "lib/models/b.json")};
}

TEST(ModelDataTest, UserFileReplacesBuiltinEntries) {
  ModelFile User = parsed(R"({
  "format": 1,
  "types": [ { "name": "a::Session", "kind": "lease", "ownership": "shared" } ],
  "functions": [ { "name": "a::Session::Session", "params": ["const char *"],
                   "roles": ["acquire"], "acquires": "connection" } ],
  "blocking": { "a.slow": ["a::nap"] }
})",
                          "user.json");
  std::vector<Problem> Problems;
  MergedModel M = mergeModels(builtins(), {User}, {}, Problems);
  EXPECT_TRUE(Problems.empty());
  EXPECT_EQ(M.Types.at("a::Session").Kind, HandleKind::Lease);
  EXPECT_EQ(M.Types.at("a::Session").Own, Ownership::Shared);
  EXPECT_EQ(M.Types.at("a::Session").Library, "user");
  // The overload with the same params is replaced, the other one stays.
  const std::vector<FunctionFact> &Ctors =
      M.Functions.at("a::Session::Session");
  ASSERT_EQ(Ctors.size(), 2u);
  EXPECT_EQ(Ctors[0].Library, "liba");
  EXPECT_TRUE(Ctors[0].FromPool);
  EXPECT_EQ(Ctors[1].Library, "user");
  EXPECT_EQ(Ctors[1].Acquires, HandleKind::Connection);
  EXPECT_EQ(M.Blocking.at("a::nap").first, "a.slow");
  EXPECT_EQ(M.Groups.count("a.slow"), 1u);
}

TEST(ModelDataTest, EntryForAllOverloadsReplacesOverloadEntries) {
  ModelFile User = parsed(R"({"format": 1, "functions": [
    { "name": "a::Session::Session", "roles": ["acquire"], "acquires": "lease" }]})",
                          "user.json");
  std::vector<Problem> Problems;
  MergedModel M = mergeModels(builtins(), {User}, {}, Problems);
  const std::vector<FunctionFact> &Ctors =
      M.Functions.at("a::Session::Session");
  ASSERT_EQ(Ctors.size(), 1u);
  EXPECT_FALSE(Ctors[0].Params.has_value());
}

TEST(ModelDataTest, LaterUserFileWins) {
  ModelFile First = parsed(R"({"format": 1,
    "types": [ { "name": "u::H", "kind": "session" } ],
    "blocking": { "one": ["u::f"] }})",
                           "first.json");
  ModelFile Second = parsed(R"({"format": 1,
    "types": [ { "name": "u::H", "kind": "connection" } ],
    "blocking": { "two": ["u::f"] }})",
                            "second.json");
  std::vector<Problem> Problems;
  MergedModel M = mergeModels(builtins(), {First, Second}, {}, Problems);
  EXPECT_EQ(M.Types.at("u::H").Kind, HandleKind::Connection);
  EXPECT_EQ(M.Types.at("u::H").Library, "second");
  EXPECT_EQ(M.Blocking.at("u::f").first, "two");
  M = mergeModels(builtins(), {Second, First}, {}, Problems);
  EXPECT_EQ(M.Types.at("u::H").Kind, HandleKind::Session);
  EXPECT_TRUE(Problems.empty());
}

TEST(ModelDataTest, DisableLibrary) {
  ModelFile User = parsed(R"({"format": 1,
    "disable": { "libraries": ["liba"] },
    "types": [ { "name": "a::Tx", "kind": "transaction", "onDestroy": "commit" } ]})",
                          "user.json");
  std::vector<Problem> Problems;
  MergedModel M = mergeModels(builtins(), {User}, {}, Problems);
  EXPECT_TRUE(Problems.empty());
  EXPECT_EQ(M.Types.count("a::Session"), 0u);
  EXPECT_EQ(M.Functions.count("a::Session::close"), 0u);
  EXPECT_EQ(M.Blocking.count("a::nap"), 0u);
  EXPECT_EQ(M.Libraries.count("liba"), 0u);
  // The project's own entries for the library's names still apply.
  EXPECT_EQ(M.Types.at("a::Tx").OnDestroy, DestroyAction::Commit);
  EXPECT_EQ(M.Types.count("b::Conn"), 1u);
}

TEST(ModelDataTest, DisableGroup) {
  ModelFile User = parsed(R"({"format": 1,
    "disable": { "blockingGroups": ["sleep"] }})",
                          "user.json");
  std::vector<Problem> Problems;
  MergedModel M = mergeModels(builtins(), {User}, {}, Problems);
  EXPECT_TRUE(Problems.empty());
  EXPECT_EQ(M.Blocking.count("a::nap"), 0u);
  EXPECT_EQ(M.Blocking.count("a::fetch"), 1u);
  EXPECT_EQ(M.Groups.count("sleep"), 0u);
  EXPECT_EQ(M.DisabledGroups.count("sleep"), 1u);
  // A `functions` entry in a disabled group loses its blocking role.
  EXPECT_EQ(M.Functions.at("b::wait")[0].Roles & RoleBlocking, 0u);
}

TEST(ModelDataTest, DisablingUnknownNamesIsReported) {
  ModelFile User = parsed(R"({"format": 1,
  "disable": { "libraries": ["libz"],
               "blockingGroups": ["sleep", "slep"] }})",
                          "user.json");
  std::vector<Problem> Problems;
  mergeModels(builtins(), {User}, {}, Problems);
  ASSERT_EQ(Problems.size(), 2u);
  EXPECT_EQ(Problems[0].format(),
            "user.json:2:30: /disable/libraries/0: unknown built-in library "
            "'libz' (known: liba, libb)");
  EXPECT_EQ(Problems[1].format(),
            "user.json:3:44: /disable/blockingGroups/1: unknown blocking "
            "group 'slep'");
}

TEST(ModelDataTest, OptionListsMergeLast) {
  ModelFile User =
      parsed(R"({"format": 1, "ignore": ["b::call"]})", "user.json");
  OptionLists Extra;
  Extra.ExtraBlocking = {"my::slowThing", "a::nap"};
  Extra.Ignored = {"a::fetch"};
  std::vector<Problem> Problems;
  MergedModel M = mergeModels(builtins(), {User}, Extra, Problems);
  EXPECT_EQ(M.Blocking.at("my::slowThing").first, DefaultBlockingGroup);
  EXPECT_EQ(M.Blocking.at("a::nap").first, DefaultBlockingGroup);
  EXPECT_EQ(M.Ignored, (std::set<std::string>{"a::fetch", "b::call"}));
}

TEST(ModelDataTest, Helpers) {
  EXPECT_EQ(splitList(" a.json; ;b.json ;"),
            (std::vector<std::string>{"a.json", "b.json"}));
  EXPECT_TRUE(splitList("").empty());
  EXPECT_EQ(normalizeTypeSpelling("const  std::string &"),
            "const std::string&");
  EXPECT_EQ(normalizeTypeSpelling("unsigned long *const"),
            "unsigned long*const");
  EXPECT_EQ(normalizeTypeSpelling("std::vector<int, std::allocator<int> >"),
            "std::vector<int,std::allocator<int>>");
  Problem P{"m.json", 0, 0, "", "cannot open the model file"};
  EXPECT_EQ(P.format(), "m.json: cannot open the model file");
}

TEST(ModelDataTest, BaseDirectoryIsTheConfigThatNamesModelFiles) {
  namespace fs = std::filesystem;
  fs::path Root = fs::temp_directory_path() / "dbsession-unit-basedir";
  fs::remove_all(Root);
  fs::create_directories(Root / "src" / "sub");
  std::ofstream(Root / ".clang-tidy")
      << "CheckOptions:\n  dbsession.ModelFiles: 'db.json'\n";
  // A nearer configuration that does not set the option is skipped.
  std::ofstream(Root / "src" / ".clang-tidy") << "Checks: '-*,dbsession-*'\n";
  EXPECT_EQ(findModelBaseDirectory((Root / "src" / "sub" / "a.cpp").string()),
            Root.string());
  fs::remove_all(Root);
}

TEST(ModelDataTest, BuiltinModelsAreValid) {
  // Every compiled-in model parses without a problem.
  for (const EmbeddedModelFile &E : builtinModelFiles()) {
    ModelFile F;
    std::vector<Problem> Problems;
    EXPECT_TRUE(parseModelFile(std::string_view(E.Data, E.Size),
                               std::string("lib/models/") + E.Name, F,
                               Problems))
        << E.Name;
    for (const Problem &P : Problems)
      ADD_FAILURE() << P.format();
    EXPECT_EQ(E.Data[E.Size], '\0');
  }
}

} // namespace
