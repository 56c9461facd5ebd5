//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "SourceFiles.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cctype>

namespace clang::tidy::dbsession {

unsigned SourceText::lineOf(unsigned Offset) const {
  return std::upper_bound(LineStarts.begin(), LineStarts.end(), Offset) -
         LineStarts.begin();
}

llvm::StringRef SourceText::line(unsigned Line) const {
  if (Line == 0 || Line > LineStarts.size())
    return {};
  unsigned Begin = LineStarts[Line - 1];
  unsigned End = Line < LineStarts.size() ? LineStarts[Line] - 1
                                          : static_cast<unsigned>(Text.size());
  llvm::StringRef L = llvm::StringRef(Text).slice(Begin, End);
  return !L.empty() && L.back() == '\r' ? L.drop_back() : L;
}

unsigned SourceText::utf16Column(unsigned Offset) const {
  unsigned Begin = LineStarts[lineOf(Offset) - 1];
  unsigned Column = 1;
  for (unsigned I = Begin; I < Offset && I < Text.size(); ++I) {
    auto Byte = static_cast<unsigned char>(Text[I]);
    if ((Byte & 0xC0) == 0x80)
      continue; // A continuation byte.
    // A code point above U+FFFF (four bytes) is two UTF-16 code units.
    Column += Byte >= 0xF0 ? 2 : 1;
  }
  return Column;
}

unsigned SourceText::tokenEnd(unsigned Offset) const {
  auto IsWord = [](char C) {
    return std::isalnum(static_cast<unsigned char>(C)) || C == '_' ||
           (C & 0x80);
  };
  if (Offset >= Text.size())
    return Offset;
  unsigned End = Offset;
  while (End < Text.size() && IsWord(Text[End]))
    ++End;
  if (End == Offset && Text[End] != '\n' && Text[End] != '\r')
    ++End;
  return End;
}

const SourceText &SourceFiles::get(const std::string &Path) {
  auto It = Files.find(Path);
  if (It != Files.end())
    return It->second;
  SourceText S;
  if (auto Buffer = llvm::MemoryBuffer::getFile(Path)) {
    S.Text = (*Buffer)->getBuffer().str();
    for (size_t I = 0; I < S.Text.size(); ++I)
      if (S.Text[I] == '\n')
        S.LineStarts.push_back(I + 1);
  }
  return Files.try_emplace(Path, std::move(S)).first->second;
}

std::string canonicalPath(llvm::StringRef Path, llvm::StringRef BaseDir) {
  llvm::SmallString<256> Abs(Path);
  if (!llvm::sys::path::is_absolute(Abs) && !BaseDir.empty()) {
    Abs = BaseDir;
    llvm::sys::path::append(Abs, Path);
  }
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    return std::string(Real);
  return std::string(Abs);
}

std::string relativeTo(llvm::StringRef Path, llvm::StringRef Root) {
  llvm::StringRef R = Root.rtrim('/');
  if (Path.substr(0, R.size()) != R || Path.size() <= R.size() + 1 ||
      Path[R.size()] != '/')
    return {};
  return Path.drop_front(R.size() + 1).str();
}

std::string uriOfPath(llvm::StringRef RelativePath) {
  static const char Hex[] = "0123456789ABCDEF";
  std::string Out;
  for (char C : RelativePath) {
    auto Byte = static_cast<unsigned char>(C);
    if (std::isalnum(Byte) || llvm::StringRef("-._~/+@").contains(C)) {
      Out += C;
      continue;
    }
    Out += '%';
    Out += Hex[Byte >> 4];
    Out += Hex[Byte & 15];
  }
  return Out;
}

} // namespace clang::tidy::dbsession
