//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What a report says about each check (a "rule" in SARIF): its names,
/// descriptions, help and where its documentation is.
///
/// A dbsession check's descriptions and help are its page under
/// `docs/checks/`, built into the program: the first paragraph is the full
/// description, the page is the help. Upstream checks run in the same pass
/// get their names and a link to LLVM's documentation.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_TOOLS_RULES_H
#define DBSESSION_TIDY_TOOLS_RULES_H

#include "ModelData.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang::tidy::dbsession {

struct Rule {
  std::string Id;   ///< The check's name, which NOLINT comments use.
  std::string Name; ///< PascalCase, different from the id.
  std::string ShortDescription, FullDescription, HelpText, HelpMarkdown;
  std::string HelpUri;
  std::string Precision; ///< Empty where nobody measured it.
  std::vector<std::string> Tags;
};

/// The rule of check \p Id, for any check name.
Rule ruleFor(llvm::StringRef Id);

/// The check pages (docs/checks/<name>.md), built in.
std::vector<EmbeddedFile> checkDocPages();

/// The project's home page.
llvm::StringRef homePage();

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_TOOLS_RULES_H
