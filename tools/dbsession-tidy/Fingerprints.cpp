//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Fingerprints.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cctype>
#include <cstdint>

namespace clang::tidy::dbsession {

namespace {

/// UTF-8 to UTF-16 code units; a malformed sequence is U+FFFD, as a
/// decoding reader gives it.
std::vector<uint16_t> utf16(llvm::StringRef Text) {
  std::vector<uint16_t> Out;
  Out.reserve(Text.size());
  for (size_t I = 0; I < Text.size();) {
    auto B = static_cast<unsigned char>(Text[I]);
    unsigned Length = B < 0x80 ? 1 : (B >> 5) == 6 ? 2 : (B >> 4) == 14 ? 3
                                 : (B >> 3) == 30 ? 4 : 0;
    uint32_t CP = Length == 1 ? B : Length == 2 ? B & 0x1F
                                 : Length == 3 ? B & 0x0F : B & 0x07;
    bool Valid = Length != 0 && I + Length <= Text.size();
    for (unsigned K = 1; Valid && K < Length; ++K) {
      auto C = static_cast<unsigned char>(Text[I + K]);
      Valid = (C & 0xC0) == 0x80;
      CP = (CP << 6) | (C & 0x3F);
    }
    if (!Valid) {
      Out.push_back(0xFFFD);
      ++I;
      continue;
    }
    I += Length;
    if (CP >= 0x10000) {
      CP -= 0x10000;
      Out.push_back(static_cast<uint16_t>(0xD800 + (CP >> 10)));
      Out.push_back(static_cast<uint16_t>(0xDC00 + (CP & 0x3FF)));
    } else {
      Out.push_back(static_cast<uint16_t>(CP));
    }
  }
  return Out;
}

} // namespace

std::vector<std::string> lineHashes(llvm::StringRef Text) {
  constexpr unsigned Window = 100;
  constexpr uint64_t Base = 37;
  // The text without spaces and tabs, every line end one '\n', then an
  // end marker and a window of zeros.
  std::vector<uint32_t> Kept;
  std::vector<size_t> LineStarts{0};
  bool AfterCR = false;
  for (uint16_t C : utf16(Text)) {
    if (C == ' ' || C == '\t') {
      AfterCR = false;
      continue;
    }
    if (C == '\n' && AfterCR) {
      AfterCR = false;
      continue;
    }
    AfterCR = C == '\r';
    Kept.push_back(C == '\r' ? '\n' : C);
    if (Kept.back() == '\n')
      LineStarts.push_back(Kept.size());
  }
  Kept.push_back(0xFFFF);
  Kept.insert(Kept.end(), Window, 0);

  std::vector<std::string> Hashes;
  llvm::StringMap<unsigned> Seen;
  for (size_t Start : LineStarts) {
    uint64_t H = 0; // Arithmetic modulo 2^64.
    for (unsigned I = 0; I < Window; ++I)
      H = H * Base + Kept[Start + I];
    std::string Hex = llvm::utohexstr(H, /*LowerCase=*/true);
    Hashes.push_back(Hex + ":" + std::to_string(++Seen[Hex]));
  }
  return Hashes;
}

namespace {

bool isIdent(char C) {
  return std::isalnum(static_cast<unsigned char>(C)) || C == '_' ||
         C == ':' || C == '~';
}

/// The function named by \p Head, the code between the previous `;`, `{`
/// or `}` and an opening brace; empty if that brace opens no function
/// body (a class, namespace, statement, lambda or initializer).
std::string functionOfHead(llvm::StringRef Head) {
  Head = Head.trim();
  // The parameter list is the first parenthesis; a brace inside an open
  // parenthesis is an argument (a lambda, an initializer).
  size_t Paren = Head.find('(');
  if (Paren == llvm::StringRef::npos || Head.count('(') != Head.count(')'))
    return {};
  llvm::StringRef Before = Head.take_front(Paren).rtrim();
  if (Before.empty() || Before.back() == ']') // a lambda
    return {};
  size_t NameStart = Before.size();
  while (NameStart > 0 && isIdent(Before[NameStart - 1]))
    --NameStart;
  llvm::StringRef Name = Before.drop_front(NameStart);
  // `operator()` and its kind end in an operator token, not a name.
  size_t Op = Before.rfind("operator");
  if (Op != llvm::StringRef::npos && Op + 8 <= Before.size() &&
      Name.size() < Before.size() - Op)
    Name = Before.drop_front(Op);
  static const char *const Statements[] = {"if",     "for",   "while",
                                           "switch", "catch", "return",
                                           "sizeof", "decltype"};
  for (const char *S : Statements)
    if (Name == S)
      return {};
  std::string Out;
  for (char C : Name)
    if (!std::isspace(static_cast<unsigned char>(C)))
      Out += C;
  return Out;
}

} // namespace

std::string enclosingFunction(llvm::StringRef Text, unsigned Offset) {
  // The names of the open braces, innermost last, from a scan that skips
  // comments, literals and preprocessor lines.
  std::vector<std::string> Open;
  size_t HeadStart = 0;
  bool LineStart = true;
  for (size_t I = 0; I < Text.size() && I < Offset; ++I) {
    char C = Text[I];
    if (LineStart && C == '#') {
      while (I < Text.size() && Text[I] != '\n')
        I += Text[I] == '\\' ? 2 : 1;
      HeadStart = I + 1;
      continue;
    }
    LineStart = C == '\n' || (LineStart && std::isspace(
                                               static_cast<unsigned char>(C)));
    if (Text.substr(I, 2) == "//") {
      I = Text.find('\n', I);
      if (I == llvm::StringRef::npos)
        break;
      LineStart = true;
      continue;
    }
    if (Text.substr(I, 2) == "/*") {
      I = Text.find("*/", I + 2);
      if (I == llvm::StringRef::npos)
        break;
      ++I;
      continue;
    }
    if (C == '"' || C == '\'') {
      bool Digit = C == '\'' && I > 0 &&
                   std::isxdigit(static_cast<unsigned char>(Text[I - 1]));
      if (Digit) // a digit separator
        continue;
      for (++I; I < Text.size() && Text[I] != C && Text[I] != '\n'; ++I)
        if (Text[I] == '\\')
          ++I;
      continue;
    }
    if (C == '{') {
      Open.push_back(functionOfHead(Text.slice(HeadStart, I)));
      HeadStart = I + 1;
    } else if (C == '}') {
      if (!Open.empty())
        Open.pop_back();
      HeadStart = I + 1;
    } else if (C == ';') {
      HeadStart = I + 1;
    }
  }
  for (auto It = Open.rbegin(); It != Open.rend(); ++It)
    if (!It->empty())
      return *It;
  return {};
}

std::string semanticKey(llvm::StringRef Check, llvm::StringRef File,
                        llvm::StringRef Function, llvm::StringRef Message) {
  std::string Words;
  for (llvm::StringRef Rest = Message; !Rest.empty();) {
    llvm::StringRef Word;
    std::tie(Word, Rest) = Rest.ltrim().split(' ');
    if (Word.empty())
      continue;
    if (!Words.empty())
      Words += ' ';
    Words += Word.str();
  }
  // FNV-1a, 64 bits, over the parts with a separator no part holds.
  uint64_t H = 0xcbf29ce484222325ULL;
  for (llvm::StringRef Part : {Check, File, Function, llvm::StringRef(Words)}) {
    for (char C : Part)
      H = (H ^ static_cast<unsigned char>(C)) * 0x100000001b3ULL;
    H = (H ^ 0) * 0x100000001b3ULL;
  }
  std::string Hex;
  llvm::raw_string_ostream(Hex) << llvm::format_hex_no_prefix(H, 16);
  return Hex;
}

} // namespace clang::tidy::dbsession
