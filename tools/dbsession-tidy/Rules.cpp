//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Rules.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <cctype>

namespace clang::tidy::dbsession {

namespace {

/// What a check's page does not say in a few words.
struct CheckSummary {
  const char *Id;
  const char *ShortDescription;
  const char *Tag;
};

const CheckSummary Summaries[] = {
    {"dbsession-entity-escapes-session",
     "An object bound to a session outlives it or leaves it", "correctness"},
    {"dbsession-held-across-blocking-call",
     "A connection or transaction is held across a blocking call",
     "performance"},
    {"dbsession-unfinished-transaction",
     "A transaction ends without commit or rollback", "correctness"},
    {"dbsession-unreleased-connection",
     "A connection is not released on some path", "reliability"},
};

/// "dbsession-held-across-blocking-call" -> "DbsessionHeldAcrossBlockingCall".
std::string pascalCase(llvm::StringRef Id) {
  std::string Out;
  bool Upper = true;
  for (char C : Id) {
    if (!std::isalnum(static_cast<unsigned char>(C))) {
      Upper = true;
      continue;
    }
    Out += Upper ? static_cast<char>(std::toupper(C)) : C;
    Upper = false;
  }
  return Out;
}

/// The first paragraph after the page's title, on one line.
std::string firstParagraph(llvm::StringRef Page) {
  std::string Out;
  bool InTitle = true;
  while (!Page.empty()) {
    llvm::StringRef Line;
    std::tie(Line, Page) = Page.split('\n');
    Line = Line.trim();
    if (InTitle) {
      InTitle = Line.empty() || Line.front() == '#';
      if (InTitle)
        continue;
    }
    if (Line.empty())
      break;
    if (!Out.empty())
      Out += ' ';
    Out += Line.str();
  }
  return Out;
}

/// "held-across-blocking-call.md" -> "dbsession-held-across-blocking-call".
std::string checkOfPage(const EmbeddedFile &Page) {
  llvm::StringRef Name = Page.Name;
  Name.consume_back(".md");
  return "dbsession-" + Name.str();
}

std::string upstreamUri(llvm::StringRef Id) {
  if (Id.consume_front("clang-diagnostic-"))
    return "https://clang.llvm.org/docs/DiagnosticsReference.html#w" +
           Id.str();
  if (Id.consume_front("clang-analyzer-"))
    return "https://clang.llvm.org/docs/analyzer/checkers.html";
  auto [Module, Check] = Id.split('-');
  if (Check.empty())
    return "https://clang.llvm.org/extra/clang-tidy/checks/list.html";
  return "https://clang.llvm.org/extra/clang-tidy/checks/" + Module.str() +
         "/" + Check.str() + ".html";
}

} // namespace

llvm::StringRef homePage() { return DBSESSION_HOMEPAGE_URL; }

Rule ruleFor(llvm::StringRef Id) {
  Rule R;
  R.Id = Id.str();
  R.Name = pascalCase(Id);
  for (const EmbeddedFile &File : checkDocPages()) {
    if (Id != checkOfPage(File))
      continue;
    llvm::StringRef Page(File.Data, File.Size);
    R.FullDescription = firstParagraph(Page);
    R.ShortDescription = R.FullDescription;
    R.Tags = {"database"};
    for (const CheckSummary &S : Summaries)
      if (Id == S.Id) {
        R.ShortDescription = S.ShortDescription;
        R.Tags.push_back(S.Tag);
      }
    R.HelpMarkdown = Page.str();
    R.HelpUri = (llvm::Twine(homePage()) + "/blob/v" + DBSESSION_TIDY_VERSION +
                 "/docs/checks/" + Id.drop_front(10) + ".md")
                    .str();
    R.HelpText = R.FullDescription + "\n\nDocumentation: " + R.HelpUri;
    R.Precision = "high";
    return R;
  }
  R.HelpUri = upstreamUri(Id);
  R.ShortDescription = "clang-tidy check " + R.Id;
  R.FullDescription = R.Id + ", a check of clang-tidy itself, run in the "
                             "same pass as the dbsession checks";
  if (R.Id.rfind("clang-diagnostic-", 0) == 0)
    R.FullDescription = R.Id + ", a diagnostic of the compiler";
  R.HelpText = R.FullDescription + ". Documentation: " + R.HelpUri;
  R.HelpMarkdown = R.FullDescription + ". See [the documentation](" +
                   R.HelpUri + ").";
  R.Tags = {"clang-tidy"};
  return R;
}

} // namespace clang::tidy::dbsession
