//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Reading the option values every check has. Booleans and numbers are
/// parsed here: the host clang-tidy does not export every instantiation of
/// OptionsView::get for plugins.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_CHECKOPTIONS_H
#define DBSESSION_TIDY_LIB_CHECKOPTIONS_H

#include "llvm/ADT/StringRef.h"

namespace clang::tidy::dbsession {

/// `true`/`false` (any case) or `1`/`0`; \p Default otherwise.
inline bool parseBool(llvm::StringRef Text, bool Default) {
  Text = Text.trim();
  if (Text.equals_insensitive("true") || Text == "1")
    return true;
  if (Text.equals_insensitive("false") || Text == "0")
    return false;
  return Default;
}

/// A decimal number; \p Default otherwise.
inline unsigned parseUnsigned(llvm::StringRef Text, unsigned Default) {
  unsigned Value = 0;
  return Text.trim().getAsInteger(10, Value) ? Default : Value;
}

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_CHECKOPTIONS_H
