// Two `baton serve` processes on one PostgreSQL database: concurrent writes at both keep one
// unforked chain, and each server sees every record. Needs the ctest fixture "postgres"
// (BATON_TEST_POSTGRES_FILE names its conninfo); without it the test fails rather than skips.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "support/e2e.h"

namespace baton::test {
namespace {

using namespace std::chrono_literals;

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* file = std::getenv("BATON_TEST_POSTGRES_FILE");
    ASSERT_TRUE(file != nullptr && *file != '\0')
        << "BATON_TEST_POSTGRES_FILE is not set: run through ctest (fixture postgres)";
    conninfo_ = Trimmed(ReadFile(file));
    ASSERT_FALSE(conninfo_.empty()) << "no conninfo in " << file << ": is the postgres fixture running?";
    std::random_device rd;
    db_ = "baton_e2e_" + std::to_string(::getpid()) + "_" + std::to_string(rd() % 100000);
    CommandResult r = Psql("CREATE DATABASE " + db_);
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
    created_ = true;
  }

  void TearDown() override {
    for (auto& s : servers_) {
      if (s && s->running()) {
        EXPECT_EQ(s->Stop(), 0) << s->Stderr();
      }
    }
    servers_.clear();
    if (created_) {
      CommandResult r = Psql("DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
      EXPECT_EQ(r.exit_code, 0) << r.Describe();
    }
  }

  CommandResult Psql(const std::string& sql) {
    // A later keyword overrides an earlier one in a libpq conninfo string.
    return RunProgram("psql", {conninfo_ + " dbname=postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql});
  }

  std::string Store() const { return "postgres:" + conninfo_ + " dbname=" + db_; }

  std::string conninfo_, db_;
  bool created_ = false;
  TempDir tmp_;
  std::vector<std::unique_ptr<BatonProcess>> servers_;
};

TEST_F(PostgresTest, TwoServersOnOneDatabaseKeepOneChain) {
  std::string dir = tmp_ / "data";
  // The whole story, the handover to ALARM included, written to PostgreSQL.
  CommandResult demo = RunBaton({"demo", "--data", dir, "--store", Store(), "--scale", "100"});
  ASSERT_EQ(demo.exit_code, 0) << demo.Describe();
  CommandResult verify0 = RunBaton({"verify", "--data", dir});
  ASSERT_EQ(verify0.exit_code, 0) << verify0.Describe();

  for (int i = 0; i < 2; ++i) {
    servers_.push_back(BatonProcess::Serve(dir));
    ASSERT_NE(servers_.back(), nullptr);
    EXPECT_EQ(servers_.back()->client().Get("/api/v1/health").json()["store"], "postgres");
  }
  std::vector<HttpClient> clients = {servers_[0]->client(), servers_[1]->client()};
  // A session made on one server is valid on the other: sessions live in the database.
  Session admin = SignIn(clients[0], "iom.admin");
  ASSERT_FALSE(admin.token.empty());
  ASSERT_EQ(clients[1].Get("/api/v1/me", admin.token).status, 200);

  // Hammer both with creates and with updates of one shared record.
  HttpResponse shared = clients[0].Post("/api/v1/sites", {{"name", "Shared"}, {"type", "camp"}, {"admin1", "J"}}, admin.token);
  ASSERT_EQ(shared.status, 201);
  const std::string shared_id = shared.json()["id"];
  std::mutex mu;
  std::vector<std::string> acked;
  std::vector<std::string> errors;
  std::atomic<int> patches{0};
  std::atomic<int> stale{0};
  std::vector<std::thread> threads;
  const auto until = std::chrono::steady_clock::now() + 2s;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const HttpClient& c = clients[t % 2];
      for (int i = 0; std::chrono::steady_clock::now() < until; ++i) {
        if (i % 4 == 3) {
          HttpResponse p = c.Patch("/api/v1/sites/" + shared_id, {{"admin2", "t" + std::to_string(t) + "-" + std::to_string(i)}},
                                   admin.token);
          std::lock_guard lock(mu);
          if (p.status == 200) {
            ++patches;
          } else if (p.status == 412) {
            ++stale;  // see below
          } else {
            errors.push_back("PATCH " + p.Describe());
          }
          continue;
        }
        HttpResponse r = c.Post("/api/v1/sites",
                                {{"name", "PG site " + std::to_string(t) + "-" + std::to_string(i)}, {"type", "camp"},
                                 {"admin1", "Jonglei"}},
                                admin.token);
        std::lock_guard lock(mu);
        if (r.status == 201) {
          acked.push_back(r.json()["id"]);
        } else {
          errors.push_back("POST " + r.Describe());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const std::string& e : errors) ADD_FAILURE() << e;
  EXPECT_GE(acked.size(), 20u);
  EXPECT_GT(patches.load(), 0);
  // PATCH without If-Match is retried by the server on the fresh record (docs/ARCHITECTURE.md), so
  // the client, which never named a version, should not be told its version was stale.
  EXPECT_EQ(stale.load(), 0) << "PATCHes without If-Match answered 412 (of " << stale + patches << ")";

  // Both servers see every record, and the shared one at the same version.
  for (const HttpClient& c : clients) {
    for (const std::string& id : acked) {
      HttpResponse r = c.Get("/api/v1/sites/" + id, admin.token);
      ASSERT_EQ(r.status, 200) << r.Describe();
    }
    Json s = c.Get("/api/v1/sites/" + shared_id, admin.token).json();
    EXPECT_EQ(s["version"], 1 + patches.load()) << "an update was lost between the servers: " << s;
  }
  std::set<std::string> listed;
  std::string cursor;
  do {
    Json page = clients[1].Get("/api/v1/sites?q=PG%20site&limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor),
                               admin.token)
                    .json();
    for (const Json& s : page["items"]) listed.insert(s["id"].get<std::string>());
    cursor = page["next_cursor"].is_string() ? page["next_cursor"].get<std::string>() : "";
  } while (!cursor.empty());
  EXPECT_EQ(listed, std::set<std::string>(acked.begin(), acked.end()));

  HttpResponse v = clients[1].Get("/api/v1/audit/verify", admin.token);
  EXPECT_EQ(v.json()["ok"], true) << v.Describe();
  for (auto& s : servers_) EXPECT_EQ(s->Stop(), 0) << s->Stderr();

  CommandResult verify = RunBaton({"verify", "--data", dir});
  EXPECT_EQ(verify.exit_code, 0) << "the chain forked: " << verify.Describe();
  CommandResult count = RunProgram("psql", {Store().substr(9), "-At", "-c", "SELECT count(*), count(DISTINCT seq) FROM change_log"});
  ASSERT_EQ(count.exit_code, 0) << count.Describe();
  EXPECT_NE(verify.out.find(Trimmed(count.out).substr(0, Trimmed(count.out).find('|')) + " entries"), std::string::npos)
      << verify.out << " vs " << count.out;
}

// The reports read PostgreSQL through the same Store::Scan as SQLite: a year's contacts and
// people per stream equal what SQL counts in the database itself, and a shared report hides what
// an internal one shows.
TEST_F(PostgresTest, ReportsCountWhatTheDatabaseHolds) {
  std::string dir = tmp_ / "data";
  CommandResult demo = RunBaton({"demo", "--data", dir, "--store", Store(), "--scale", "100", "--no-handover"});
  ASSERT_EQ(demo.exit_code, 0) << demo.Describe();
  servers_.push_back(BatonProcess::Serve(dir));
  ASSERT_NE(servers_.back(), nullptr);
  HttpClient c = servers_.back()->client();
  Session manager = SignIn(c, "iom.manager");
  const std::string programme = c.Get("/api/v1/programmes", manager.token).json()["items"][0]["id"];
  HttpResponse r = c.Get("/api/v1/reports/indicators?programme=" + programme + "&period=2016&breakdown=sex", manager.token);
  ASSERT_EQ(r.status, 200) << r.Describe();
  std::map<std::string, Json> values;
  const Json report = r.json();
  for (const Json& i : report["indicators"]) values[i["code"].get<std::string>()] = i["value"];
  CommandResult sql = RunProgram(
      "psql", {Store().substr(9), "-At", "-F", " ", "-c",
               "SELECT a.stream, count(*), count(DISTINCT e.person_id) FROM attendances t JOIN attendance_entries e ON "
               "e.entity_id = t.id JOIN activities a ON a.id = t.activity_id WHERE t.programme_id = '" +
                   programme + "' AND t.date BETWEEN '2016-01-01' AND '2016-12-31' AND e.present AND e.person_id IS NOT NULL "
                   "GROUP BY a.stream"});
  ASSERT_EQ(sql.exit_code, 0) << sql.Describe();
  std::istringstream lines(sql.out);
  int streams = 0;
  for (std::string stream; lines >> stream;) {
    int64_t contacts = 0, people = 0;
    lines >> contacts >> people;
    EXPECT_EQ(values["contacts_" + stream], contacts) << stream << " in " << sql.out;
    EXPECT_EQ(values["people_reached_" + stream], people) << stream;
    ++streams;
  }
  EXPECT_GE(streams, 2) << sql.out;
  HttpResponse shared = c.Get("/api/v1/reports/indicators?programme=" + programme + "&period=2016&audience=shared&indicators=risk_flags_raised,people_reached",
                              manager.token);
  ASSERT_EQ(shared.status, 200) << shared.Describe();
  EXPECT_EQ(shared.json()["audience"], "shared");
}

}  // namespace
}  // namespace baton::test
