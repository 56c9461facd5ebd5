//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Fingerprints that recognise a finding again after the code around it
/// changed.
///
/// - `primaryLocationLineHash`: the value GitHub's upload action would
///   compute for the finding's line (a rolling hash of the next 100
///   characters that are not spaces or tabs, with `:n` counting repeats in
///   the file), written by us so that a log uploaded any other way keys its
///   alerts the same.
/// - The semantic key: the check, the file, the function the finding is in
///   and the message with its spacing collapsed, with `:n` counting repeats.
///   Line numbers and indentation are not part of it, so reformatting or
///   inserting lines above a finding keeps it; baselines use this key.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_TOOLS_FINGERPRINTS_H
#define DBSESSION_TIDY_TOOLS_FINGERPRINTS_H

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang::tidy::dbsession {

/// GitHub's `primaryLocationLineHash` of every line of \p Text: element
/// N-1 is line N's, `hex:n`.
std::vector<std::string> lineHashes(llvm::StringRef Text);

/// The name of the function whose body holds byte \p Offset of \p Text,
/// as written before its parameters without spaces (`Service::handle`);
/// empty outside any function. A lexical guess, good for a key that must
/// not change when the code is reformatted: lambdas, classes, namespaces
/// and statements are looked through.
std::string enclosingFunction(llvm::StringRef Text, unsigned Offset);

/// The semantic key of a finding, before repeats are counted.
std::string semanticKey(llvm::StringRef Check, llvm::StringRef File,
                        llvm::StringRef Function, llvm::StringRef Message);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_TOOLS_FINGERPRINTS_H
