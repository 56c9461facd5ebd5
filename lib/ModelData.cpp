//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "ModelData.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <ostream>
#include <sstream>

namespace clang::tidy::dbsession {

namespace {

struct Spelling {
  const char *Text;
  int Value;
};

const Spelling KindSpellings[] = {
    {"connection", int(HandleKind::Connection)},
    {"session", int(HandleKind::Session)},
    {"lease", int(HandleKind::Lease)},
    {"transaction", int(HandleKind::Transaction)},
    {"bound", int(HandleKind::Bound)},
    {"entity", int(HandleKind::Entity)},
    {"pool", int(HandleKind::Pool)},
};

const Spelling OwnershipSpellings[] = {
    {"unique", int(Ownership::Unique)},
    {"shared", int(Ownership::Shared)},
    {"raw", int(Ownership::Raw)},
};

const Spelling DestroySpellings[] = {
    {"release", int(DestroyAction::Release)},
    {"rollback", int(DestroyAction::Rollback)},
    {"commit", int(DestroyAction::Commit)},
    {"nothing", int(DestroyAction::Nothing)},
};

const Spelling RoleSpellings[] = {
    {"acquire", RoleAcquire},   {"release", RoleRelease},
    {"begin", RoleBegin},       {"commit", RoleCommit},
    {"rollback", RoleRollback}, {"write", RoleWrite},
    {"blocking", RoleBlocking}, {"not_blocking", RoleNotBlocking},
};

template <size_t N>
bool lookup(const Spelling (&Table)[N], std::string_view Text, int &Out) {
  for (const Spelling &S : Table)
    if (Text == S.Text) {
      Out = S.Value;
      return true;
    }
  return false;
}

template <size_t N> std::string spellingList(const Spelling (&Table)[N]) {
  std::string Result;
  for (const Spelling &S : Table) {
    if (!Result.empty())
      Result += ", ";
    Result += S.Text;
  }
  return Result;
}

template <size_t N> const char *nameOf(const Spelling (&Table)[N], int V) {
  for (const Spelling &S : Table)
    if (S.Value == V)
      return S.Text;
  return "?";
}

} // namespace

bool parseHandleKind(std::string_view Text, HandleKind &Out) {
  int V;
  if (!lookup(KindSpellings, Text, V))
    return false;
  Out = HandleKind(V);
  return true;
}

bool parseOwnership(std::string_view Text, Ownership &Out) {
  int V;
  if (!lookup(OwnershipSpellings, Text, V))
    return false;
  Out = Ownership(V);
  return true;
}

bool parseDestroyAction(std::string_view Text, DestroyAction &Out) {
  int V;
  if (!lookup(DestroySpellings, Text, V))
    return false;
  Out = DestroyAction(V);
  return true;
}

bool parseCallRole(std::string_view Text, CallRole &Out) {
  int V;
  if (!lookup(RoleSpellings, Text, V))
    return false;
  Out = CallRole(V);
  return true;
}

const char *handleKindName(HandleKind K) {
  return nameOf(KindSpellings, int(K));
}

const char *destroyActionName(DestroyAction A) {
  return nameOf(DestroySpellings, int(A));
}

DestroyAction defaultDestroyAction(HandleKind K) {
  switch (K) {
  case HandleKind::Connection:
  case HandleKind::Session:
  case HandleKind::Lease:
    return DestroyAction::Release;
  case HandleKind::Transaction:
    return DestroyAction::Rollback;
  case HandleKind::Bound:
  case HandleKind::Entity:
  case HandleKind::Pool:
    return DestroyAction::Nothing;
  }
  return DestroyAction::Nothing;
}

namespace model {

using nlohmann::json;

std::string Problem::format() const {
  std::string Result = File;
  if (Line) {
    Result += ':' + std::to_string(Line);
    if (Column)
      Result += ':' + std::to_string(Column);
  }
  Result += ": ";
  if (!JsonPath.empty())
    Result += JsonPath + ": ";
  Result += Message;
  return Result;
}

//===----------------------------------------------------------------------===//
// Positions of JSON pointers
//===----------------------------------------------------------------------===//

namespace {

/// Appends \p C, a control character escaped (`\n`, `\x01`) so that what
/// is shown stays on one line.
void appendVisible(std::string &Out, char C) {
  if (C == '\n')
    Out += "\\n";
  else if (C == '\r')
    Out += "\\r";
  else if (C == '\t')
    Out += "\\t";
  else if (static_cast<unsigned char>(C) < 0x20) {
    static const char Hex[] = "0123456789abcdef";
    Out += "\\x";
    Out += Hex[(C >> 4) & 0xF];
    Out += Hex[C & 0xF];
  } else
    Out += C;
}


/// Walks a JSON text that nlohmann already accepted and records where each
/// value (and each member's key) starts. It never fails: on anything
/// unexpected it stops, and positions fall back to the document start.
class PositionScanner {
public:
  PositionScanner(
      std::string_view Text,
      PositionIndex::OffsetMap &Offsets,
      std::vector<PositionIndex::Duplicate> &Duplicates)
      : Text(Text), Offsets(Offsets), Duplicates(Duplicates) {}

  void run() {
    if (Text.substr(0, 3) == "\xEF\xBB\xBF")
      Pos = 3;
    skipBlanks();
    value("", Pos, 0);
  }

private:
  std::string_view Text;
  PositionIndex::OffsetMap &Offsets;
  std::vector<PositionIndex::Duplicate> &Duplicates;
  std::size_t Pos = 0;

  /// Four hex digits at Pos, consumed; -1 if there are not.
  long hex4() {
    if (Text.size() - Pos < 4)
      return -1;
    long V = 0;
    for (int I = 0; I < 4; ++I) {
      char C = Text[Pos + I];
      int D = C >= '0' && C <= '9'   ? C - '0'
              : C >= 'a' && C <= 'f' ? C - 'a' + 10
              : C >= 'A' && C <= 'F' ? C - 'A' + 10
                                     : -1;
      if (D < 0)
        return -1;
      V = V * 16 + D;
    }
    Pos += 4;
    return V;
  }

  static void appendUtf8(std::string &Out, unsigned long CP) {
    if (CP < 0x80) {
      Out += char(CP);
    } else if (CP < 0x800) {
      Out += char(0xC0 | (CP >> 6));
      Out += char(0x80 | (CP & 0x3F));
    } else if (CP < 0x10000) {
      Out += char(0xE0 | (CP >> 12));
      Out += char(0x80 | ((CP >> 6) & 0x3F));
      Out += char(0x80 | (CP & 0x3F));
    } else {
      Out += char(0xF0 | (CP >> 18));
      Out += char(0x80 | ((CP >> 12) & 0x3F));
      Out += char(0x80 | ((CP >> 6) & 0x3F));
      Out += char(0x80 | (CP & 0x3F));
    }
  }

  bool atEnd() const { return Pos >= Text.size(); }

  void skipBlanks() {
    while (!atEnd() && (Text[Pos] == ' ' || Text[Pos] == '\t' ||
                        Text[Pos] == '\n' || Text[Pos] == '\r'))
      ++Pos;
  }

  // Reads a string starting at the quote; returns its decoded contents,
  // as the JSON reader decodes them (keys must match its pointers).
  std::string string() {
    std::string Result;
    ++Pos; // opening quote
    while (!atEnd() && Text[Pos] != '"') {
      char C = Text[Pos++];
      if (C != '\\' || atEnd()) {
        Result += C;
        continue;
      }
      char E = Text[Pos++];
      switch (E) {
      case 'n':
        Result += '\n';
        break;
      case 't':
        Result += '\t';
        break;
      case 'r':
        Result += '\r';
        break;
      case 'b':
        Result += '\b';
        break;
      case 'f':
        Result += '\f';
        break;
      case 'u': {
        long CP = hex4();
        if (CP >= 0xD800 && CP <= 0xDBFF && Text.substr(Pos, 2) == "\\u") {
          std::size_t Save = Pos;
          Pos += 2;
          long Low = hex4();
          if (Low >= 0xDC00 && Low <= 0xDFFF)
            CP = 0x10000 + ((CP - 0xD800) << 10) + (Low - 0xDC00);
          else
            Pos = Save;
        }
        if (CP >= 0)
          appendUtf8(Result, static_cast<unsigned long>(CP));
        break;
      }
      default:
        Result += E;
      }
    }
    ++Pos; // closing quote
    return Result;
  }

  void value(const std::string &Pointer, std::size_t KeyOffset,
             unsigned Depth) {
    if (atEnd() || Depth > 200)
      return;
    if (!Offsets.emplace(Pointer, std::make_pair(Pos, KeyOffset)).second)
      Duplicates.push_back({Pointer, KeyOffset});
    char C = Text[Pos];
    if (C == '{') {
      ++Pos;
      skipBlanks();
      while (!atEnd() && Text[Pos] != '}') {
        if (Text[Pos] != '"')
          return;
        std::size_t KeyStart = Pos;
        std::string Key = string();
        skipBlanks();
        if (atEnd() || Text[Pos] != ':')
          return;
        ++Pos;
        skipBlanks();
        value(Pointer + "/" + escapePointerToken(Key), KeyStart, Depth + 1);
        skipBlanks();
        if (!atEnd() && Text[Pos] == ',') {
          ++Pos;
          skipBlanks();
        }
      }
      ++Pos;
      return;
    }
    if (C == '[') {
      ++Pos;
      skipBlanks();
      unsigned Index = 0;
      while (!atEnd() && Text[Pos] != ']') {
        std::size_t Start = Pos;
        value(Pointer + "/" + std::to_string(Index++), Start, Depth + 1);
        skipBlanks();
        if (!atEnd() && Text[Pos] == ',') {
          ++Pos;
          skipBlanks();
        } else if (Start == Pos) {
          return;
        }
      }
      ++Pos;
      return;
    }
    if (C == '"') {
      string();
      return;
    }
    // A number or a literal.
    while (!atEnd() && Text[Pos] != ',' && Text[Pos] != '}' &&
           Text[Pos] != ']' && Text[Pos] != ' ' && Text[Pos] != '\n' &&
           Text[Pos] != '\r' && Text[Pos] != '\t')
      ++Pos;
  }
};

} // namespace

/// A key as a JSON pointer token. Control characters are escaped as in
/// messages: a pointer is shown to the user, and the index and the reader
/// spell keys the same way.
std::string escapePointerToken(std::string_view Token) {
  std::string Result;
  for (char C : Token) {
    if (C == '~')
      Result += "~0";
    else if (C == '/')
      Result += "~1";
    else
      appendVisible(Result, C);
  }
  return Result;
}

std::vector<NameEntry> listedNames(const ModelFile &File) {
  std::vector<NameEntry> Out;
  auto Add = [&](const std::string &Name, bool IsType, std::string Pointer) {
    NameEntry E;
    E.Name = Name;
    E.IsType = IsType;
    auto It = File.NamePlaces.find(Pointer);
    if (It != File.NamePlaces.end()) {
      E.Line = It->second.first;
      E.Column = It->second.second;
    }
    E.JsonPath = std::move(Pointer);
    Out.push_back(std::move(E));
  };
  auto At = [](const char *Key, std::size_t I) {
    return std::string("/") + Key + "/" + std::to_string(I);
  };
  for (std::size_t I = 0; I < File.Types.size(); ++I)
    Add(File.Types[I].Name, true, At("types", I) + "/name");
  for (std::size_t I = 0; I < File.SafeTypes.size(); ++I)
    Add(File.SafeTypes[I], true, At("safeTypes", I));
  for (std::size_t I = 0; I < File.Functions.size(); ++I) {
    Add(File.Functions[I].Name, false, At("functions", I) + "/name");
    Out.back().Params = File.Functions[I].Params;
  }
  for (std::size_t I = 0; I < File.Pools.size(); ++I) {
    Add(File.Pools[I].Type, true, At("pools", I) + "/type");
    for (std::size_t K = 0; K < File.Pools[I].Acquire.size(); ++K)
      Add(File.Pools[I].Acquire[K], false, At("pools", I) + At("acquire", K));
  }
  for (const auto &[Group, Names] : File.Blocking)
    for (std::size_t I = 0; I < Names.size(); ++I)
      Add(Names[I], false,
          "/blocking/" + escapePointerToken(Group) + "/" + std::to_string(I));
  for (std::size_t I = 0; I < File.Ignore.size(); ++I)
    Add(File.Ignore[I], false, At("ignore", I));
  return Out;
}

PositionIndex::PositionIndex(std::string_view Text) : Size(Text.size()) {
  PositionScanner(Text, Offsets, Duplicates).run();
  LineStarts.push_back(0);
  for (std::size_t I = 0; I < Text.size(); ++I)
    if (Text[I] == '\n')
      LineStarts.push_back(I + 1);
}

std::size_t PositionIndex::offsetOf(const std::string &Pointer,
                                    bool Key) const {
  auto It = Offsets.find(Pointer);
  if (It == Offsets.end())
    return 0;
  return Key ? It->second.second : It->second.first;
}

std::string PositionIndex::pointerAt(std::size_t Offset) const {
  for (const auto &[Pointer, At] : Offsets)
    if (At.first == Offset)
      return Pointer;
  return "";
}

void PositionIndex::lineColumn(std::size_t Offset, unsigned &Line,
                               unsigned &Column) const {
  Offset = std::min(Offset, Size);
  auto It = std::upper_bound(LineStarts.begin(), LineStarts.end(), Offset);
  std::size_t Index = static_cast<std::size_t>(It - LineStarts.begin()) - 1;
  Line = static_cast<unsigned>(Index + 1);
  Column = static_cast<unsigned>(Offset - LineStarts[Index] + 1);
}

//===----------------------------------------------------------------------===//
// Reading one file
//===----------------------------------------------------------------------===//

namespace {

const char *typeName(const json &V) {
  switch (V.type()) {
  case json::value_t::null:
    return "null";
  case json::value_t::object:
    return "an object";
  case json::value_t::array:
    return "an array";
  case json::value_t::string:
    return "a string";
  case json::value_t::boolean:
    return "a boolean";
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
    return "an integer";
  case json::value_t::number_float:
    return "a number";
  default:
    return "an unknown value";
  }
}

/// \p S in quotes, with control characters escaped so that a message stays
/// on one line.
std::string inQuotes(std::string_view S) {
  std::string Result = "'";
  for (char C : S)
    appendVisible(Result, C);
  return Result + "'";
}

/// Validates one parsed document and fills a ModelFile.
class FileReader {
public:
  FileReader(std::string_view Text, const std::string &Path,
             std::vector<Problem> &Problems)
      : Text(Text), Path(Path), Problems(Problems), Positions(Text) {}

  bool read(const json &Doc, ModelFile &Out);

private:
  std::string_view Text;
  const std::string &Path;
  std::vector<Problem> &Problems;
  PositionIndex Positions;
  bool Failed = false;
  std::size_t Reported = 0;

  void error(const std::string &Pointer, const std::string &Message,
             bool AtKey = false) {
    Failed = true;
    if (++Reported > MaxProblemsPerFile)
      return;
    Problem P;
    P.File = Path;
    P.JsonPath = Pointer;
    P.Message = Reported == MaxProblemsPerFile
                    ? Message + "; further problems in this file are not shown"
                    : Message;
    Positions.lineColumn(Positions.offsetOf(Pointer, AtKey), P.Line, P.Column);
    Problems.push_back(std::move(P));
  }

  static std::string child(const std::string &Pointer, std::string_view Key) {
    return Pointer + "/" + escapePointerToken(Key);
  }
  static std::string child(const std::string &Pointer, std::size_t Index) {
    return Pointer + "/" + std::to_string(Index);
  }

  /// Reports keys of \p Obj not in \p Allowed; false if there were any.
  bool onlyKeys(const json &Obj, const std::string &Pointer,
                std::initializer_list<const char *> Allowed) {
    bool Ok = true;
    for (auto It = Obj.begin(); It != Obj.end(); ++It) {
      bool Known = false;
      for (const char *A : Allowed)
        Known |= It.key() == A;
      if (Known)
        continue;
      std::string List;
      for (const char *A : Allowed) {
        if (!List.empty())
          List += ", ";
        List += A;
      }
      error(child(Pointer, It.key()),
            "unknown key " + inQuotes(It.key()) + " (expected one of " + List +
                ")",
            /*AtKey=*/true);
      Ok = false;
    }
    return Ok;
  }

  bool expect(const json &V, const std::string &Pointer, bool Ok,
              const char *What) {
    if (!Ok)
      error(Pointer,
            std::string("expected ") + What + ", found " + typeName(V));
    return Ok;
  }

  bool readString(const json &V, const std::string &Pointer, std::string &Out) {
    if (!expect(V, Pointer, V.is_string(), "a string"))
      return false;
    Out = V.get<std::string>();
    return true;
  }

  bool readBool(const json &V, const std::string &Pointer, bool &Out) {
    if (!expect(V, Pointer, V.is_boolean(), "a boolean"))
      return false;
    Out = V.get<bool>();
    return true;
  }

  bool readIndex(const json &V, const std::string &Pointer, unsigned &Out) {
    if (!expect(V, Pointer, V.is_number_integer(), "an integer"))
      return false;
    long long N = V.get<long long>();
    if (N < 0 || N > 1000) {
      error(Pointer, "expected an argument index between 0 and 1000, found " +
                         std::to_string(N));
      return false;
    }
    Out = unsigned(N);
    return true;
  }

  /// The file being read; names of functions are recorded in it.
  ModelFile *Current = nullptr;

  /// A qualified name: non-empty, no leading `::`, no blanks.
  bool readName(const json &V, const std::string &Pointer, std::string &Out) {
    if (!readString(V, Pointer, Out))
      return false;
    recordName(Pointer);
    if (Out.empty()) {
      error(Pointer, "empty name");
      return false;
    }
    if (Out.compare(0, 2, "::") == 0) {
      error(Pointer, "name " + inQuotes(Out) +
                         " must be written without a leading '::'");
      return false;
    }
    bool Operator = Out.find("operator") != std::string::npos;
    if (!Operator && (Out.find_first_of(" \t\n<>(),") != std::string::npos)) {
      error(Pointer, "name " + inQuotes(Out) +
                         " must be a qualified name without template "
                         "arguments or parameters (use 'params' for an "
                         "overload)");
      return false;
    }
    return true;
  }

  /// Keeps the place of a name, for listedNames().
  void recordName(const std::string &Pointer) {
    if (!Current)
      return;
    auto &Place = Current->NamePlaces[Pointer];
    Positions.lineColumn(Positions.offsetOf(Pointer), Place.first,
                         Place.second);
  }

  bool readStrings(const json &V, const std::string &Pointer,
                   std::vector<std::string> &Out, bool Names) {
    if (!expect(V, Pointer, V.is_array(), "an array of strings"))
      return false;
    bool Ok = true;
    for (std::size_t I = 0; I < V.size(); ++I) {
      std::string S;
      bool ItemOk = Names ? readName(V[I], child(Pointer, I), S)
                          : readString(V[I], child(Pointer, I), S);
      if (ItemOk)
        Out.push_back(std::move(S));
      Ok &= ItemOk;
    }
    return Ok;
  }

  bool readListedNames(const json &V, const std::string &Pointer,
                       std::vector<ListedName> &Out) {
    if (!expect(V, Pointer, V.is_array(), "an array of strings"))
      return false;
    bool Ok = true;
    for (std::size_t I = 0; I < V.size(); ++I) {
      ListedName L;
      L.JsonPath = child(Pointer, I);
      if (!readString(V[I], L.JsonPath, L.Name)) {
        Ok = false;
        continue;
      }
      Positions.lineColumn(Positions.offsetOf(L.JsonPath), L.Line, L.Column);
      Out.push_back(std::move(L));
    }
    return Ok;
  }

  template <typename T, size_t N>
  bool readEnum(const json &V, const std::string &Pointer,
                const Spelling (&Table)[N], const char *What, T &Out) {
    if (!expect(V, Pointer, V.is_string(), "a string"))
      return false;
    int Value;
    std::string S = V.get<std::string>();
    if (!lookup(Table, S, Value)) {
      error(Pointer, std::string("unknown ") + What + " " + inQuotes(S) +
                         " (expected one of " + spellingList(Table) + ")");
      return false;
    }
    Out = T(Value);
    return true;
  }

  void readType(const json &V, const std::string &Pointer, ModelFile &File);
  void readFunction(const json &V, const std::string &Pointer, ModelFile &File);
  void readPool(const json &V, const std::string &Pointer, ModelFile &File);
};

void FileReader::readType(const json &V, const std::string &Pointer,
                          ModelFile &File) {
  if (!expect(V, Pointer, V.is_object(), "an object"))
    return;
  onlyKeys(V, Pointer,
           {"name", "kind", "ownership", "onDestroy", "idMember", "noun",
            "throws", "description"});
  TypeFact T;
  T.Library = File.Library;
  T.Throws = File.Throws;
  bool HasName = false, HasKind = false, HasDestroy = false;
  for (auto It = V.begin(); It != V.end(); ++It) {
    std::string P = child(Pointer, It.key());
    const std::string &K = It.key();
    if (K == "name")
      HasName = readName(*It, P, T.Name);
    else if (K == "kind")
      HasKind = readEnum(*It, P, KindSpellings, "kind", T.Kind);
    else if (K == "ownership")
      readEnum(*It, P, OwnershipSpellings, "ownership", T.Own);
    else if (K == "onDestroy")
      HasDestroy =
          readEnum(*It, P, DestroySpellings, "onDestroy action", T.OnDestroy);
    else if (K == "idMember")
      readString(*It, P, T.IdMember);
    else if (K == "noun") {
      if (readString(*It, P, T.Noun) && T.Noun.empty())
        error(P, "expected a word for messages, not an empty string");
    } else if (K == "throws")
      readBool(*It, P, T.Throws);
    else if (K == "description") {
      std::string Ignored;
      readString(*It, P, Ignored);
    }
  }
  if (!V.contains("name"))
    error(Pointer, "missing required key 'name'");
  if (!V.contains("kind"))
    error(Pointer, "missing required key 'kind'");
  if (!HasName || !HasKind)
    return;
  if (!HasDestroy)
    T.OnDestroy = defaultDestroyAction(T.Kind);
  File.Types.push_back(std::move(T));
}

void FileReader::readFunction(const json &V, const std::string &Pointer,
                              ModelFile &File) {
  if (!expect(V, Pointer, V.is_object(), "an object"))
    return;
  onlyKeys(V, Pointer,
           {"name", "params", "roles", "acquires", "fromPool", "handleArg",
            "nameArg", "takesOwnership", "group", "throws", "description"});
  FunctionFact F;
  F.Library = File.Library;
  F.FileThrows = File.Throws;
  bool HasName = false;
  for (auto It = V.begin(); It != V.end(); ++It) {
    std::string P = child(Pointer, It.key());
    const std::string &K = It.key();
    if (K == "name") {
      HasName = readName(*It, P, F.Name);
    } else if (K == "params") {
      std::vector<std::string> Params;
      if (readStrings(*It, P, Params, /*Names=*/false)) {
        for (std::string &S : Params)
          S = normalizeTypeSpelling(S);
        F.Params = std::move(Params);
      }
    } else if (K == "roles") {
      if (!expect(*It, P, It->is_array(), "an array of roles"))
        continue;
      for (std::size_t I = 0; I < It->size(); ++I) {
        CallRole R;
        if (readEnum((*It)[I], child(P, I), RoleSpellings, "role", R))
          F.Roles |= R;
      }
    } else if (K == "acquires") {
      HandleKind Kind;
      if (readEnum(*It, P, KindSpellings, "kind", Kind))
        F.Acquires = Kind;
    } else if (K == "fromPool") {
      readBool(*It, P, F.FromPool);
    } else if (K == "handleArg") {
      unsigned Index;
      if (readIndex(*It, P, Index))
        F.HandleArg = int(Index);
    } else if (K == "nameArg") {
      unsigned Index;
      if (readIndex(*It, P, Index))
        F.NameArg = int(Index);
    } else if (K == "takesOwnership") {
      if (!expect(*It, P, It->is_array(), "an array of argument indices"))
        continue;
      for (std::size_t I = 0; I < It->size(); ++I) {
        unsigned Index;
        if (readIndex((*It)[I], child(P, I), Index))
          F.TakesOwnership.push_back(Index);
      }
    } else if (K == "group") {
      if (readString(*It, P, F.Group) && F.Group.empty())
        error(P, "empty blocking group name");
    } else if (K == "throws") {
      bool B;
      if (readBool(*It, P, B))
        F.Throws = B;
    } else if (K == "description") {
      std::string Ignored;
      readString(*It, P, Ignored);
    }
  }
  if (!V.contains("name")) {
    error(Pointer, "missing required key 'name'");
    return;
  }
  if (!HasName)
    return;
  if (!V.contains("roles") && !V.contains("takesOwnership"))
    error(Pointer, "an entry needs 'roles' or 'takesOwnership'");
  if (F.Acquires && !(F.Roles & RoleAcquire))
    error(child(Pointer, "acquires"),
          "'acquires' is only meaningful with the role 'acquire'",
          /*AtKey=*/true);
  if (F.FromPool && !(F.Roles & RoleAcquire))
    error(child(Pointer, "fromPool"),
          "'fromPool' is only meaningful with the role 'acquire'",
          /*AtKey=*/true);
  if (F.NameArg && !(F.Roles & (RoleAcquire | RoleRelease)))
    error(child(Pointer, "nameArg"),
          "'nameArg' is only meaningful with the role 'acquire' or 'release'",
          /*AtKey=*/true);
  if (!F.Group.empty() && !(F.Roles & RoleBlocking))
    error(child(Pointer, "group"),
          "'group' is only meaningful with the role 'blocking'",
          /*AtKey=*/true);
  if ((F.Roles & RoleBlocking) && (F.Roles & RoleNotBlocking))
    error(child(Pointer, "roles"),
          "roles 'blocking' and 'not_blocking' contradict each other");
  if ((F.Roles & RoleBlocking) && F.Group.empty())
    F.Group = DefaultBlockingGroup;
  File.Functions.push_back(std::move(F));
}

void FileReader::readPool(const json &V, const std::string &Pointer,
                          ModelFile &File) {
  if (!expect(V, Pointer, V.is_object(), "an object"))
    return;
  onlyKeys(V, Pointer, {"type", "acquire", "description"});
  PoolFact Pool;
  Pool.Library = File.Library;
  bool HasType = false;
  for (auto It = V.begin(); It != V.end(); ++It) {
    std::string P = child(Pointer, It.key());
    if (It.key() == "type")
      HasType = readName(*It, P, Pool.Type);
    else if (It.key() == "acquire")
      readStrings(*It, P, Pool.Acquire, /*Names=*/true);
    else if (It.key() == "description") {
      std::string Ignored;
      readString(*It, P, Ignored);
    }
  }
  if (!V.contains("type"))
    error(Pointer, "missing required key 'type'");
  if (!V.contains("acquire"))
    error(Pointer, "missing required key 'acquire'");
  if (HasType)
    File.Pools.push_back(std::move(Pool));
}

bool FileReader::read(const json &Doc, ModelFile &Out) {
  Current = &Out;
  // A JSON reader keeps the last of two values for one key: the first is
  // silently lost, so the file is refused.
  for (const PositionIndex::Duplicate &D : Positions.duplicates()) {
    Failed = true;
    if (++Reported > MaxProblemsPerFile)
      break;
    Problem P;
    P.File = Path;
    P.JsonPath = D.Pointer;
    P.Message = "duplicate key; only one value per key is allowed";
    Positions.lineColumn(D.Offset, P.Line, P.Column);
    Problems.push_back(std::move(P));
  }
  if (!Doc.is_object()) {
    error("", std::string("expected an object at the top level, found ") +
                  typeName(Doc));
    return false;
  }
  onlyKeys(Doc, "",
           {"format", "library", "description", "headers", "errors", "types",
            "safeTypes", "functions", "pools", "blocking", "disable",
            "ignore"});

  // `library` and `errors` apply to every entry, so they come first.
  if (auto It = Doc.find("library"); It != Doc.end()) {
    std::string Library;
    if (readString(*It, "/library", Library)) {
      if (Library.empty())
        error("/library", "empty library id");
      else
        Out.Library = Library;
    }
  }
  if (auto It = Doc.find("errors"); It != Doc.end()) {
    std::string Errors;
    if (readString(*It, "/errors", Errors)) {
      if (Errors == "exceptions")
        Out.Throws = true;
      else if (Errors == "return-values")
        Out.Throws = false;
      else
        error("/errors", "unknown error style " + inQuotes(Errors) +
                             " (expected one of exceptions, return-values)");
    }
  }

  auto Format = Doc.find("format");
  if (Format == Doc.end()) {
    error("", "missing required key 'format' (the current format is 1)");
  } else if (!Format->is_number_integer()) {
    expect(*Format, "/format", false, "an integer");
  } else if (Format->get<long long>() != 1) {
    error("/format", "unsupported format " +
                         std::to_string(Format->get<long long>()) +
                         " (this version reads format 1)");
  }

  for (auto It = Doc.begin(); It != Doc.end(); ++It) {
    const std::string &K = It.key();
    std::string P = child("", K);
    if (K == "description") {
      readString(*It, P, Out.Description);
    } else if (K == "headers") {
      readStrings(*It, P, Out.Headers, /*Names=*/false);
    } else if (K == "safeTypes") {
      readStrings(*It, P, Out.SafeTypes, /*Names=*/true);
    } else if (K == "ignore") {
      readStrings(*It, P, Out.Ignore, /*Names=*/true);
    } else if (K == "types" || K == "functions" || K == "pools") {
      if (!expect(*It, P, It->is_array(), "an array of objects"))
        continue;
      for (std::size_t I = 0; I < It->size(); ++I) {
        std::string EP = child(P, I);
        if (K == "types")
          readType((*It)[I], EP, Out);
        else if (K == "functions")
          readFunction((*It)[I], EP, Out);
        else
          readPool((*It)[I], EP, Out);
      }
    } else if (K == "blocking") {
      if (!expect(*It, P, It->is_object(),
                  "an object mapping group names to arrays of names"))
        continue;
      for (auto G = It->begin(); G != It->end(); ++G) {
        std::string GP = child(P, G.key());
        if (G.key().empty()) {
          error(GP, "empty blocking group name", /*AtKey=*/true);
          continue;
        }
        std::vector<std::string> Names;
        readStrings(*G, GP, Names, /*Names=*/true);
        Out.Blocking.emplace_back(G.key(), std::move(Names));
      }
    } else if (K == "disable") {
      if (!expect(*It, P, It->is_object(), "an object"))
        continue;
      onlyKeys(*It, P, {"libraries", "blockingGroups"});
      if (auto L = It->find("libraries"); L != It->end())
        readListedNames(*L, P + "/libraries", Out.DisableLibraries);
      if (auto G = It->find("blockingGroups"); G != It->end())
        readListedNames(*G, P + "/blockingGroups", Out.DisableGroups);
    }
  }
  return !Failed;
}

std::string fileStem(const std::string &Path) {
  std::size_t Slash = Path.find_last_of("/\\");
  std::string Name = Slash == std::string::npos ? Path : Path.substr(Slash + 1);
  std::size_t Dot = Name.rfind('.');
  if (Dot != std::string::npos && Dot != 0)
    Name.resize(Dot);
  return Name;
}

/// nlohmann's message, without its "[json.exception...] " tag nor a
/// "parse error at ...: " prefix (we print the position ourselves).
std::string parseErrorText(const std::string &What) {
  std::string Text = What;
  std::size_t Tag = Text.find("] ");
  if (Text.rfind("[json.exception", 0) == 0 && Tag != std::string::npos)
    Text = Text.substr(Tag + 2);
  std::size_t Colon = Text.find(": ");
  if (Text.rfind("parse error", 0) == 0 && Colon != std::string::npos)
    Text = Text.substr(Colon + 2);
  return Text;
}

} // namespace

bool parseModelFile(std::string_view Text, const std::string &Path,
                    ModelFile &Out, std::vector<Problem> &Problems) {
  Out = ModelFile();
  Out.Path = Path;
  Out.Library = fileStem(Path);
  json Doc;
  try {
    Doc = json::parse(Text.begin(), Text.end());
  } catch (const json::parse_error &E) {
    Problem P;
    P.File = Path;
    // `byte` counts the characters read, the offending one included; point
    // at the start of the offending token rather than at its last character.
    std::size_t Offset = E.byte ? std::min(E.byte - 1, Text.size()) : 0;
    std::string What = E.what();
    if (What.find("unexpected end of input") != std::string::npos) {
      Offset = Text.size();
    } else if (Offset < Text.size() && Text[Offset] == '"' &&
               What.find("unexpected string literal") != std::string::npos) {
      std::size_t Open = Text.rfind('"', Offset ? Offset - 1 : 0);
      if (Open != std::string_view::npos && Open < Offset)
        Offset = Open;
    } else if (What.find("invalid literal") != std::string::npos) {
      while (Offset > 0 && std::isalnum((unsigned char)Text[Offset - 1]))
        --Offset;
    }
    PositionIndex(Text).lineColumn(Offset, P.Line, P.Column);
    P.Message = "invalid JSON: " + parseErrorText(What);
    Problems.push_back(std::move(P));
    return false;
  } catch (const json::out_of_range &E) {
    // A number too large for a double (`1e400`): the message quotes it;
    // point at its first occurrence.
    Problem P;
    P.File = Path;
    std::string What = parseErrorText(E.what());
    std::size_t Open = What.find('\''), Close = What.rfind('\'');
    if (Open != std::string::npos && Close > Open + 1) {
      std::size_t At = Text.find(What.substr(Open + 1, Close - Open - 1));
      if (At != std::string_view::npos) {
        PositionIndex Positions(Text);
        Positions.lineColumn(At, P.Line, P.Column);
        P.JsonPath = Positions.pointerAt(At);
      }
    }
    P.Message = "invalid JSON: " + What;
    Problems.push_back(std::move(P));
    return false;
  } catch (const std::exception &E) {
    Problem P;
    P.File = Path;
    P.Message = std::string("cannot read the model: ") + E.what();
    Problems.push_back(std::move(P));
    return false;
  }
  try {
    FileReader Reader(Text, Path, Problems);
    return Reader.read(Doc, Out);
  } catch (const std::exception &E) {
    // The reader checks each type before converting, so this is a bug; never
    // let it escape into the host.
    Problem P;
    P.File = Path;
    P.Message =
        std::string("internal error while reading the model: ") + E.what();
    Problems.push_back(std::move(P));
    return false;
  }
}

bool loadModelFile(const std::string &Path, ModelFile &Out,
                   std::ostream &Errors) {
  std::vector<Problem> Problems;
  bool Loaded = loadModelFile(Path, Out, Problems);
  for (const Problem &P : Problems)
    Errors << "error: " << P.format() << "\n";
  return Loaded;
}

bool loadModelFile(const std::string &Path, ModelFile &Out,
                   std::vector<Problem> &Problems) {
  auto Refuse = [&](const std::string &Message) {
    Problem P;
    P.File = Path;
    P.Message = Message;
    Problems.push_back(std::move(P));
    return false;
  };
  namespace fs = std::filesystem;
  std::error_code EC;
  fs::file_status Status = fs::status(Path, EC);
  if (EC || !fs::exists(Status))
    return Refuse("cannot open the model file");
  if (fs::is_directory(Status))
    return Refuse("the model file is a directory");
  // A FIFO would block, a device (/dev/zero) would never end.
  if (!fs::is_regular_file(Status))
    return Refuse("the model file is not a regular file");
  std::uintmax_t Size = fs::file_size(Path, EC);
  if (!EC && Size > MaxModelFileBytes)
    return Refuse("the model file is larger than " +
                  std::to_string(MaxModelFileBytes >> 20) + " MiB");
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    return Refuse("cannot open the model file");
  // Read in chunks, never more than one over the limit: a file that grew
  // since is refused too.
  std::string Buffer;
  char Chunk[1 << 16];
  while (In && Buffer.size() <= MaxModelFileBytes) {
    In.read(Chunk, sizeof(Chunk));
    Buffer.append(Chunk, static_cast<std::size_t>(In.gcount()));
  }
  if (In.bad())
    return Refuse("cannot read the model file");
  if (Buffer.size() > MaxModelFileBytes)
    return Refuse("the model file is larger than " +
                  std::to_string(MaxModelFileBytes >> 20) + " MiB");
  return parseModelFile(Buffer, Path, Out, Problems);
}

//===----------------------------------------------------------------------===//
// Merging
//===----------------------------------------------------------------------===//

namespace {

void addFunction(MergedModel &M, const FunctionFact &F) {
  std::vector<FunctionFact> &Entries = M.Functions[F.Name];
  if (!F.Params) {
    // An entry for every overload replaces all earlier entries for the name.
    Entries.clear();
    Entries.push_back(F);
    return;
  }
  auto Same =
      std::find_if(Entries.begin(), Entries.end(), [&](const FunctionFact &E) {
        return E.Params && *E.Params == *F.Params;
      });
  if (Same != Entries.end())
    *Same = F;
  else
    Entries.push_back(F);
}

void addFile(MergedModel &M, const ModelFile &File) {
  for (const TypeFact &T : File.Types)
    M.Types[T.Name] = T;
  for (const std::string &S : File.SafeTypes)
    M.SafeTypes.insert(S);
  for (const FunctionFact &F : File.Functions) {
    addFunction(M, F);
    if (F.Roles & RoleBlocking)
      M.Groups.insert(F.Group);
  }
  for (const PoolFact &P : File.Pools) {
    M.PoolTypes.insert(P.Type);
    for (const std::string &A : P.Acquire)
      M.PoolAcquires[A] = P.Type;
  }
  for (const auto &[Group, Names] : File.Blocking) {
    M.Groups.insert(Group);
    for (const std::string &N : Names)
      M.Blocking[N] = {Group, File.Library};
  }
  for (const std::string &N : File.Ignore)
    M.Ignored.insert(N);
  M.Libraries.insert(File.Library);
}

void removeLibrary(MergedModel &M, const std::string &Library) {
  auto EraseIf = [](auto &Map, auto Pred) {
    for (auto It = Map.begin(); It != Map.end();)
      It = Pred(*It) ? Map.erase(It) : std::next(It);
  };
  EraseIf(M.Types, [&](auto &E) { return E.second.Library == Library; });
  for (auto &[Name, Entries] : M.Functions)
    Entries.erase(std::remove_if(Entries.begin(), Entries.end(),
                                 [&](const FunctionFact &F) {
                                   return F.Library == Library;
                                 }),
                  Entries.end());
  EraseIf(M.Functions, [](auto &E) { return E.second.empty(); });
  EraseIf(M.Blocking, [&](auto &E) { return E.second.second == Library; });
  M.Libraries.erase(Library);
}

} // namespace

MergedModel mergeModels(const std::vector<ModelFile> &Builtins,
                        const std::vector<ModelFile> &UserFiles,
                        const OptionLists &Extra,
                        std::vector<Problem> &Problems) {
  MergedModel M;
  std::set<std::string> BuiltinLibraries;
  for (const ModelFile &F : Builtins) {
    addFile(M, F);
    BuiltinLibraries.insert(F.Library);
  }

  // Built-in libraries are switched off before the project's files are
  // added, so that a project can replace a library with its own model.
  for (const ModelFile &F : UserFiles)
    for (const ListedName &L : F.DisableLibraries) {
      if (!BuiltinLibraries.count(L.Name)) {
        std::string Known;
        for (const std::string &B : BuiltinLibraries)
          Known += (Known.empty() ? "" : ", ") + B;
        Problems.push_back({F.Path, L.Line, L.Column, L.JsonPath,
                            "unknown built-in library '" + L.Name +
                                "' (known: " + Known + ")"});
        continue;
      }
      removeLibrary(M, L.Name);
    }

  for (const ModelFile &F : UserFiles)
    addFile(M, F);

  for (const std::string &N : Extra.ExtraBlocking) {
    M.Blocking[N] = {DefaultBlockingGroup, "options"};
    M.Groups.insert(DefaultBlockingGroup);
  }
  for (const std::string &N : Extra.Ignored)
    M.Ignored.insert(N);
  M.OwnershipTaking.insert(Extra.OwnershipTaking.begin(),
                           Extra.OwnershipTaking.end());
  M.Finishing.insert(Extra.Finishing.begin(), Extra.Finishing.end());

  // Every group any file named is known, even if its library is disabled.
  std::set<std::string> KnownGroups = M.Groups;
  for (const ModelFile &F : Builtins) {
    for (const auto &Entry : F.Blocking)
      KnownGroups.insert(Entry.first);
    for (const FunctionFact &Fn : F.Functions)
      if (Fn.Roles & RoleBlocking)
        KnownGroups.insert(Fn.Group);
  }
  for (const ModelFile &F : UserFiles)
    for (const ListedName &L : F.DisableGroups) {
      if (!KnownGroups.count(L.Name)) {
        Problems.push_back({F.Path, L.Line, L.Column, L.JsonPath,
                            "unknown blocking group '" + L.Name + "'"});
        continue;
      }
      M.DisabledGroups.insert(L.Name);
    }
  if (!M.DisabledGroups.empty()) {
    for (auto It = M.Blocking.begin(); It != M.Blocking.end();)
      It = M.DisabledGroups.count(It->second.first) ? M.Blocking.erase(It)
                                                    : std::next(It);
    for (auto &[Name, Entries] : M.Functions)
      for (FunctionFact &F : Entries)
        if ((F.Roles & RoleBlocking) && M.DisabledGroups.count(F.Group)) {
          F.Roles &= ~unsigned(RoleBlocking);
          F.Group.clear();
        }
  }

  // The groups in force are those that still have a member.
  M.Groups.clear();
  for (const auto &Entry : M.Blocking)
    M.Groups.insert(Entry.second.first);
  for (const auto &Entry : M.Functions)
    for (const FunctionFact &F : Entry.second)
      if (F.Roles & RoleBlocking)
        M.Groups.insert(F.Group);
  return M;
}

namespace {
std::string currentDirectory() {
  std::error_code EC;
  return std::filesystem::current_path(EC).string();
}
/// Where the process was started, read when the module is loaded: clang-tidy
/// later runs each file in the directory of its compile command, which is
/// not where a user who wrote `--config-file` relative paths stood.
const std::string LaunchDirectory = currentDirectory();
} // namespace

std::string findModelBaseDirectory(const std::string &MainFile) {
  namespace fs = std::filesystem;
  std::error_code EC;
  const std::string &Cwd =
      LaunchDirectory.empty() ? currentDirectory() : LaunchDirectory;
  if (MainFile.empty())
    return Cwd;
  fs::path Dir = fs::absolute(fs::path(MainFile), EC).lexically_normal();
  Dir = Dir.parent_path();

  static std::mutex Mutex;
  static std::map<std::string, std::string> Cache;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto Found = Cache.find(Dir.string());
  if (Found != Cache.end())
    return Found->second;

  std::string Result = Cwd;
  for (fs::path D = Dir; !D.empty(); D = D.parent_path()) {
    std::ifstream Config(D / ".clang-tidy", std::ios::binary);
    if (Config) {
      std::ostringstream Text;
      Text << Config.rdbuf();
      if (Text.str().find("dbsession.ModelFiles") != std::string::npos) {
        Result = D.string();
        break;
      }
    }
    if (D == D.root_path())
      break;
  }
  Cache[Dir.string()] = Result;
  return Result;
}

std::vector<std::string> splitList(std::string_view Text) {
  std::vector<std::string> Result;
  std::size_t Start = 0;
  while (Start <= Text.size()) {
    std::size_t End = Text.find(';', Start);
    if (End == std::string_view::npos)
      End = Text.size();
    std::string_view Item = Text.substr(Start, End - Start);
    while (!Item.empty() && std::isspace((unsigned char)Item.front()))
      Item.remove_prefix(1);
    while (!Item.empty() && std::isspace((unsigned char)Item.back()))
      Item.remove_suffix(1);
    if (!Item.empty())
      Result.emplace_back(Item);
    Start = End + 1;
  }
  return Result;
}

std::string normalizeTypeSpelling(std::string_view Text) {
  auto IsWord = [](char C) {
    return std::isalnum((unsigned char)C) || C == '_';
  };
  std::string Result;
  bool PendingSpace = false;
  for (char C : Text) {
    if (std::isspace((unsigned char)C)) {
      PendingSpace = true;
      continue;
    }
    // A blank only matters between two word characters ("unsigned int").
    if (PendingSpace && !Result.empty() && IsWord(Result.back()) && IsWord(C))
      Result += ' ';
    PendingSpace = false;
    Result += C;
  }
  return Result;
}

} // namespace model
} // namespace clang::tidy::dbsession
