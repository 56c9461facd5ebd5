//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The pieces of the runner's reports that must agree with other tools byte
// for byte: GitHub's line hash, URIs of unusual paths; and the semantic key,
// which must not change when code is reformatted.
//
//===----------------------------------------------------------------------===//

#include "Fingerprints.h"
#include "Scope.h"
#include "SourceFiles.h"

#include "gtest/gtest.h"

using namespace clang::tidy::dbsession;

namespace {

std::vector<std::string> hashes(llvm::StringRef Text) {
  return lineHashes(Text);
}

// Expected values: GitHub's upload action (codeql-action, fingerprints.ts)
// run on the same bytes.
TEST(LineHashTest, MatchesTheUploadAction) {
  EXPECT_EQ(hashes("int main() {\n  return 0;\n}\n"),
            (std::vector<std::string>{
                "550fa3eaed3e1fa1:1", "1faea435564ce3cb:1",
                "32dce9ccfdbc9d3e:1", "c129715d7a2bc9a3:1"}));
  EXPECT_EQ(hashes(""), std::vector<std::string>{"c129715d7a2bc9a3:1"});
  EXPECT_EQ(hashes("abc"), std::vector<std::string>{"cba6a0809d21a39d:1"});
  EXPECT_EQ(hashes("\tfoo();\n\n\tbar();\n"),
            (std::vector<std::string>{
                "8192b66ea9b2f71a:1", "ca5ddd3140ab0ea8:1",
                "4770d21859988bde:1", "c129715d7a2bc9a3:1"}));
}

TEST(LineHashTest, IgnoresIndentationAndLineEnds) {
  EXPECT_EQ(hashes("int main() {\n    return 0;\n}\n"),
            hashes("int main() {\n  return 0;\n}\n"));
  EXPECT_EQ(hashes("a b\r\nc\r\n"),
            (std::vector<std::string>{"b146fd59e1b128fd:1",
                                      "3791504be0bd17cc:1",
                                      "c129715d7a2bc9a3:1"}));
  EXPECT_EQ(hashes("a b\r\nc\r\n"), hashes("a b\nc\n"));
}

TEST(LineHashTest, HashesUtf16CodeUnits) {
  EXPECT_EQ(hashes("// caf\xC3\xA9 \xC3\xBC\nint x;\n")[0],
            "c8edcb67081d5372:1");
  // U+1F600, two code units.
  EXPECT_EQ(hashes("// \xF0\x9F\x98\x80\nint x;\n")[0], "2a70b022804ed614:1");
  // Malformed UTF-8: each bad byte is U+FFFD.
  EXPECT_EQ(hashes("// caf\xE9 \xFC\nint x;\n")[0], "7bb9adc6f2b1f89b:1");
}

TEST(LineHashTest, WindowOfAHundredCharacters) {
  std::string Long(150, 'a');
  EXPECT_EQ(hashes(Long + "\n" + std::string(10, 'b') + "\n"),
            (std::vector<std::string>{"871f6af4d0d4dd7c:1",
                                      "88eb6170caf6db2d:1",
                                      "c129715d7a2bc9a3:1"}));
  // Lines whose next hundred characters are the same count repeats.
  std::string Repeated;
  for (int I = 0; I < 30; ++I)
    Repeated += "  x();\n";
  std::vector<std::string> H = hashes(Repeated + "y();\n");
  EXPECT_EQ(H[0], "4025d2520371af98:1");
  EXPECT_EQ(H[10], "4025d2520371af98:11");
  EXPECT_EQ(H[11], "4025d252038e4889:1");
}

unsigned offsetOf(llvm::StringRef Text, llvm::StringRef Marker) {
  return Text.find(Marker);
}

TEST(EnclosingFunctionTest, NamesTheFunctionAroundAnOffset) {
  llvm::StringRef Code = R"cpp(
#include <x.h>
namespace app {
struct Service {
  void handle(int id) const {
    if (id) { auto f = [&](int y) { A; }; }
    std::thread t([&] { B; });
  }
};
Service::Service(int a) : x(a) {
  // { in a comment
  const char *s = "{";
  C;
}
}
int free_fn() noexcept { D; }
E;
)cpp";
  EXPECT_EQ(enclosingFunction(Code, offsetOf(Code, "A;")), "handle");
  EXPECT_EQ(enclosingFunction(Code, offsetOf(Code, "B;")), "handle");
  EXPECT_EQ(enclosingFunction(Code, offsetOf(Code, "C;")), "Service::Service");
  EXPECT_EQ(enclosingFunction(Code, offsetOf(Code, "D;")), "free_fn");
  EXPECT_EQ(enclosingFunction(Code, offsetOf(Code, "E;")), "");
}

TEST(SemanticKeyTest, SurvivesReformattingNotRenaming) {
  std::string Key = semanticKey("dbsession-held-across-blocking-call",
                                "handler.cpp", "handle",
                                "session 'sql' is held across blocking call");
  EXPECT_EQ(Key.size(), 16u);
  EXPECT_EQ(Key, semanticKey("dbsession-held-across-blocking-call",
                             "handler.cpp", "handle",
                             "session 'sql'  is held across blocking call"));
  EXPECT_NE(Key, semanticKey("dbsession-held-across-blocking-call",
                             "handler.cpp", "handle2",
                             "session 'sql' is held across blocking call"));
  EXPECT_NE(Key, semanticKey("dbsession-held-across-blocking-call",
                             "handler.cpp", "handle",
                             "session 'db' is held across blocking call"));
}

TEST(PathTest, UrisOfUnusualPaths) {
  EXPECT_EQ(uriOfPath("src/a b/c++/x@y/caf\xC3\xA9.cpp"),
            "src/a%20b/c++/x@y/caf%C3%A9.cpp");
  EXPECT_EQ(relativeTo("/r/src/a.cpp", "/r"), "src/a.cpp");
  EXPECT_EQ(relativeTo("/r/src/a.cpp", "/r/"), "src/a.cpp");
  EXPECT_EQ(relativeTo("/rx/a.cpp", "/r"), "");
}

TEST(SourceTextTest, Utf16ColumnsAndTokens) {
  SourceText T;
  T.Text = "x\n\xC3\xA9\xF0\x9F\x98\x80 conn.close();\n";
  T.LineStarts = {0, 2, static_cast<unsigned>(T.Text.size())};
  unsigned Conn = T.Text.find("conn");
  EXPECT_EQ(T.lineOf(Conn), 2u);
  EXPECT_EQ(T.utf16Column(Conn), 5u); // é (1) + U+1F600 (2) + space (1)
  EXPECT_EQ(T.tokenEnd(Conn), Conn + 4);
  EXPECT_EQ(T.tokenEnd(Conn + 4), Conn + 5); // '.'
}

TEST(ShardTest, EveryUnitInExactlyOneShard) {
  std::vector<std::string> Units = {"d.cpp", "a.cpp", "c.cpp", "b.cpp",
                                    "e.cpp"};
  EXPECT_EQ(shardOf(Units, 1, 2),
            (std::vector<std::string>{"a.cpp", "c.cpp", "e.cpp"}));
  EXPECT_EQ(shardOf(Units, 2, 2), (std::vector<std::string>{"b.cpp", "d.cpp"}));
  unsigned I, N;
  EXPECT_TRUE(parseShard("2/3", I, N));
  EXPECT_EQ(I, 2u);
  EXPECT_FALSE(parseShard("0/3", I, N));
  EXPECT_FALSE(parseShard("4/3", I, N));
  EXPECT_FALSE(parseShard("x", I, N));
}

} // namespace
