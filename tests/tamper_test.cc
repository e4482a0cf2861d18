// Tamper evidence: `baton verify` on a demo data directory (server stopped) passes, and fails,
// naming what is wrong, when the database is edited behind Baton's back.
#include <string>

#include <gtest/gtest.h>

#include "support/e2e.h"

namespace baton::test {
namespace {

class TamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = CopyDemo(tmp_);
    db_ = dir_ + "/baton.db";
  }

  // Runs SQL with the sqlite3 command line; returns its output.
  std::string Sql(const std::string& sql) {
    CommandResult r = RunProgram("sqlite3", {db_, sql});
    EXPECT_EQ(r.exit_code, 0) << sql << "\n" << r.Describe();
    EXPECT_EQ(r.err, "") << sql;
    return r.out;
  }

  static std::string Line(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
  }

  TempDir tmp_;
  std::string dir_, db_;
};

TEST_F(TamperTest, VerifyPassesOnUntouchedData) {
  CommandResult r = RunBaton({"verify", "--data", dir_});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  std::string count = Line(Sql("SELECT count(*) FROM change_log"));
  EXPECT_NE(r.out.find("change log intact: " + count + " entries"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST_F(TamperTest, EditedLogEntryIsNamed) {
  std::string seq = Line(Sql("SELECT min(seq) FROM change_log WHERE body LIKE '%Bor PoC site%'"));
  ASSERT_FALSE(seq.empty());
  Sql("UPDATE change_log SET body=replace(body,'Bor PoC site','Bor XoC site') WHERE seq=" + seq);
  ASSERT_NE(Sql("SELECT body FROM change_log WHERE seq=" + seq).find("Bor XoC site"), std::string::npos);

  CommandResult r = RunBaton({"verify", "--data", dir_});
  EXPECT_NE(r.exit_code, 0) << r.Describe();
  EXPECT_LT(r.exit_code, 128) << "crashed: " << r.Describe();
  EXPECT_NE(r.err.find("entry " + seq), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");

  // The server's check says the same to an admin.
  auto server = BatonProcess::Serve(dir_);
  ASSERT_NE(server, nullptr);
  Session admin = SignIn(server->client(), "iom.admin");
  HttpResponse v = server->client().Get("/api/v1/audit/verify", admin.token);
  ASSERT_EQ(v.status, 200) << v.Describe();
  EXPECT_EQ(v.json()["ok"], false) << v.body;
  EXPECT_EQ(std::to_string(v.json().value("first_bad_seq", -1)), seq) << v.body;
  EXPECT_TRUE(v.json()["problem"].is_string()) << v.body;
}

TEST_F(TamperTest, EditedCurrentStateRowIsNamed) {
  std::string id = Line(Sql("SELECT id FROM users WHERE username='iom.viewer'"));
  ASSERT_FALSE(id.empty());
  Sql("UPDATE users SET data=replace(data,'\"viewer\"','\"admin\"') WHERE username='iom.viewer'");
  ASSERT_NE(Sql("SELECT data FROM users WHERE username='iom.viewer'").find("\"admin\""), std::string::npos);

  CommandResult r = RunBaton({"verify", "--data", dir_});
  EXPECT_NE(r.exit_code, 0) << r.Describe();
  EXPECT_LT(r.exit_code, 128) << "crashed: " << r.Describe();
  EXPECT_NE(r.err.find("user " + id), std::string::npos) << r.err;
}

TEST_F(TamperTest, EditedAttendanceIndexRowIsNamed) {
  // Someone adds a person to a session by writing the index the person's page reads.
  std::string entity = Line(Sql("SELECT entity_id FROM attendance_entries WHERE person_id IS NOT NULL LIMIT 1"));
  std::string other = Line(Sql("SELECT id FROM persons WHERE id NOT IN (SELECT person_id FROM attendance_entries "
                               "WHERE entity_id='" + entity + "' AND person_id IS NOT NULL) LIMIT 1"));
  ASSERT_FALSE(entity.empty());
  ASSERT_FALSE(other.empty());
  Sql("UPDATE attendance_entries SET person_id='" + other + "' WHERE entity_id='" + entity + "' AND position=0");

  CommandResult r = RunBaton({"verify", "--data", dir_});
  EXPECT_NE(r.exit_code, 0) << r.Describe();
  EXPECT_LT(r.exit_code, 128) << "crashed: " << r.Describe();
  EXPECT_NE(r.err.find("attendance_entries row 0 of attendance " + entity), std::string::npos) << r.err;

  // A deleted row is missed too.
  Sql("UPDATE attendance_entries SET person_id=(SELECT person_id FROM attendance_entries a WHERE a.entity_id='" + entity +
      "' AND a.position=1) WHERE entity_id='" + entity + "' AND position=0");
  Sql("DELETE FROM attendance_entries WHERE entity_id='" + entity + "' AND position=0");
  CommandResult missing = RunBaton({"verify", "--data", dir_});
  EXPECT_NE(missing.exit_code, 0) << missing.Describe();
  EXPECT_NE(missing.err.find("attendance_entries row(s) of the change log are missing"), std::string::npos) << missing.err;
}

TEST_F(TamperTest, DeletedLastEntryIsNoticed) {
  Sql("DELETE FROM change_log WHERE seq=(SELECT max(seq) FROM change_log)");
  CommandResult r = RunBaton({"verify", "--data", dir_});
  EXPECT_NE(r.exit_code, 0) << r.Describe();
  EXPECT_LT(r.exit_code, 128) << "crashed: " << r.Describe();
  EXPECT_NE(r.err.find("change log check failed"), std::string::npos) << r.err;
}

TEST_F(TamperTest, DeletedMiddleEntryAndForgedHashAreNoticed) {
  {
    Sql("DELETE FROM change_log WHERE seq=3");
    CommandResult r = RunBaton({"verify", "--data", dir_});
    EXPECT_NE(r.exit_code, 0) << r.Describe();
    EXPECT_LT(r.exit_code, 128) << r.Describe();
  }
  TempDir other;
  std::string dir = CopyDemo(other);
  db_ = dir + "/baton.db";
  // Rewrite an entry's body and its own hash column: the next entry's link still breaks.
  Sql("UPDATE change_log SET hash=(SELECT hash FROM change_log WHERE seq=1) WHERE seq=2");
  CommandResult r = RunBaton({"verify", "--data", dir});
  EXPECT_NE(r.exit_code, 0) << r.Describe();
  EXPECT_LT(r.exit_code, 128) << r.Describe();
  EXPECT_NE(r.err.find("entry 2"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace baton::test
