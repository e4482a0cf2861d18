#include "changes/change_set.h"

#include <gtest/gtest.h>

#include <fstream>

#include "base/crypto.h"

namespace baton {
namespace {

ChangeSet SampleSet(std::string id, std::string site_name) {
  ChangeSet set;
  set.id = std::move(id);
  set.hlc = HlcTime::From(1502789400000, 1);
  set.node = "node-a";
  set.actor = "user-1";
  set.changes.push_back({"site", "site-1", ChangeOp::kCreate,
                         Json{{"name", site_name}, {"type", "poc_site"}, {"admin1", "Jonglei"}}, {}});
  return set;
}

class ChangeSetTest : public ::testing::Test {
 protected:
  void SetUp() override { crypto::Init(); }
};

TEST_F(ChangeSetTest, CanonicalBodyIsStableAndSorted) {
  std::string body = CanonicalBody(1, SampleSet("cs-1", "Bor PoC"), kGenesisHash);
  EXPECT_EQ(body,
            R"({"actor":"user-1","changes":[{"id":"site-1","kind":"site","op":"create","patch":)"
            R"({"admin1":"Jonglei","name":"Bor PoC","type":"poc_site"}}],"hlc":"0001502789400000-0001",)"
            R"("id":"cs-1","node":"node-a","prev":")" +
                std::string(kGenesisHash) + R"(","seq":1,"v":1})");
}

TEST_F(ChangeSetTest, ParseRoundTrips) {
  LogEntry e = MakeEntry(1, SampleSet("cs-1", "Bor PoC"), std::string(kGenesisHash));
  auto parsed = ParseEntry(e.body, e.hash);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->seq, 1);
  EXPECT_EQ(parsed->set.actor, "user-1");
  EXPECT_EQ(parsed->set.hlc, HlcTime::From(1502789400000, 1));
  ASSERT_EQ(parsed->set.changes.size(), 1u);
  EXPECT_EQ(parsed->set.changes[0].patch["name"], "Bor PoC");
  EXPECT_EQ(CanonicalBody(1, parsed->set, parsed->prev_hash), e.body);
}

TEST_F(ChangeSetTest, AChangeSetIsCutFromItsCanonicalBodyAsChangeSetJsonWritesIt) {
  ChangeSet set = SampleSet("cs-1", "Bor \"PoC\" \u00e9");
  set.changes.push_back({"site", "site-2", ChangeOp::kUpdate, Json{{"name", "Malakal"}, {"admin1", nullptr}}, {}});
  const LogEntry e = MakeEntry(12345, set, std::string(64, 'a'));
  EXPECT_EQ(ChangeSetTextOf(e.body), ChangeSetJson(set).dump());
  // Anything that does not end as a canonical body does gives nothing.
  EXPECT_EQ(ChangeSetTextOf(""), "");
  EXPECT_EQ(ChangeSetTextOf(R"({"prev":"xyz","seq":1,"v":1})"), "");
  std::string other_version = e.body;
  other_version.replace(other_version.size() - 2, 1, "2");
  EXPECT_EQ(ChangeSetTextOf(other_version), "");
  EXPECT_EQ(ChangeSetTextOf(e.body.substr(0, e.body.size() - 1)), "");
}

TEST_F(ChangeSetTest, ParseRejectsOtherVersionsAndGarbage) {
  EXPECT_EQ(ParseEntry("{", "h").status().code(), Code::kCorruption);
  EXPECT_EQ(ParseEntry(R"({"v":2})", "h").status().code(), Code::kCorruption);
  EXPECT_EQ(ParseEntry(R"({"v":1,"seq":"one"})", "h").status().code(), Code::kCorruption);
  // Found by the change_entry fuzzer: a float seq must be refused, never cast.
  EXPECT_EQ(ParseEntry(R"({"v":1,"seq":1e300})", "h").status().code(), Code::kCorruption);
  EXPECT_EQ(ParseEntry(R"({"v":1,"seq":1.5})", "h").status().code(), Code::kCorruption);
  EXPECT_EQ(ParseEntry(R"({"v":1,"seq":18446744073709551615})", "h").status().code(), Code::kCorruption);
}

TEST_F(ChangeSetTest, VerifierAcceptsAnIntactChain) {
  ChainVerifier v;
  LogEntry a = MakeEntry(1, SampleSet("cs-1", "Bor PoC"), std::string(kGenesisHash));
  LogEntry b = MakeEntry(2, SampleSet("cs-2", "Bor town"), a.hash);
  ASSERT_TRUE(v.Add(1, "cs-1", a.body, a.hash).ok());
  ASSERT_TRUE(v.Add(2, "cs-2", b.body, b.hash).ok());
  EXPECT_EQ(v.count(), 2);
  EXPECT_EQ(v.head_hash(), b.hash);
}

TEST_F(ChangeSetTest, VerifierNamesAnEditedEntry) {
  ChainVerifier v;
  LogEntry a = MakeEntry(1, SampleSet("cs-1", "Bor PoC"), std::string(kGenesisHash));
  std::string edited = a.body;
  edited.replace(edited.find("Bor PoC"), 7, "Bor XoC");
  Status s = v.Add(1, "cs-1", edited, a.hash);
  EXPECT_EQ(s.code(), Code::kCorruption);
  EXPECT_NE(s.message().find("entry 1"), std::string::npos);
}

TEST_F(ChangeSetTest, VerifierCatchesARehashedEntryThroughTheNextLink) {
  ChainVerifier v;
  LogEntry a = MakeEntry(1, SampleSet("cs-1", "Bor PoC"), std::string(kGenesisHash));
  LogEntry b = MakeEntry(2, SampleSet("cs-2", "Bor town"), a.hash);
  // An attacker rewrites entry 1 and recomputes its hash; entry 2 still names the old one.
  LogEntry forged = MakeEntry(1, SampleSet("cs-1", "Forged"), std::string(kGenesisHash));
  ASSERT_TRUE(v.Add(1, "cs-1", forged.body, forged.hash).ok());
  Status s = v.Add(2, "cs-2", b.body, b.hash);
  EXPECT_EQ(s.code(), Code::kCorruption);
  EXPECT_NE(s.message().find("entry 2"), std::string::npos);
}

TEST_F(ChangeSetTest, VerifierNamesAMissingEntry) {
  ChainVerifier v;
  LogEntry a = MakeEntry(1, SampleSet("cs-1", "Bor PoC"), std::string(kGenesisHash));
  LogEntry b = MakeEntry(2, SampleSet("cs-2", "Bor town"), a.hash);
  LogEntry c = MakeEntry(3, SampleSet("cs-3", "Juba"), b.hash);
  ASSERT_TRUE(v.Add(1, "cs-1", a.body, a.hash).ok());
  Status s = v.Add(3, "cs-3", c.body, c.hash);
  EXPECT_NE(s.message().find("expected seq 2"), std::string::npos);
}

TEST_F(ChangeSetTest, VerifierChecksIdColumnAgainstBody) {
  ChainVerifier v;
  LogEntry a = MakeEntry(1, SampleSet("cs-1", "Bor PoC"), std::string(kGenesisHash));
  EXPECT_FALSE(v.Add(1, "cs-other", a.body, a.hash).ok());
}

TEST_F(ChangeSetTest, PatchReplacesAndRemovesFields) {
  Json data = {{"name", "Bor"}, {"admin2", "Bor South"}, {"active", true}};
  ApplyPatch(data, Json{{"name", "Bor PoC"}, {"admin2", nullptr}});
  EXPECT_EQ(data, (Json{{"name", "Bor PoC"}, {"active", true}}));
}

}  // namespace
}  // namespace baton

namespace baton {
namespace {

// Entries written by an independent implementation of format version 1 (testdata/); today's
// reader must verify them and today's writer must reproduce their bodies byte for byte.
TEST_F(ChangeSetTest, GoldenVersion1LogVerifiesAndReencodesIdentically) {
  std::ifstream in(BATON_CHANGES_TESTDATA "/change-log-v1.jsonl");
  ASSERT_TRUE(in.good());
  ChainVerifier v;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    Json row = Json::parse(line);
    std::string body = row["body"];
    std::string hash = row["hash"];
    ASSERT_TRUE(v.Add(row["seq"], row["id"].get<std::string>(), body, hash).ok()) << "entry " << row["seq"];
    auto parsed = ParseEntry(body, hash);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(CanonicalBody(parsed->seq, parsed->set, parsed->prev_hash), body);
    ++n;
  }
  EXPECT_EQ(n, 3);
}

}  // namespace
}  // namespace baton
