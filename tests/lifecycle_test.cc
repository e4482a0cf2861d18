// Stopping and crashing: SIGTERM drains and exits 0; SIGKILL under load loses no acknowledged write.
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "support/e2e.h"

namespace baton::test {
namespace {

using namespace std::chrono_literals;

// Client threads creating sites until told to stop or the server goes away; every id answered
// with 201 is recorded with its name.
class Load {
 public:
  Load(HttpClient client, std::string token, int threads)
      : client_(std::move(client)), token_(std::move(token)), threads_count_(threads) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, t] {
        for (int i = 0; !stop_; ++i) {
          std::string name = "Load site " + std::to_string(t) + "-" + std::to_string(i);
          HttpResponse r = client_.Post("/api/v1/sites", {{"name", name}, {"type", "camp"}, {"admin1", "Jonglei"}}, token_);
          if (r.status == 201) {
            std::lock_guard lock(mu_);
            acked_.emplace_back(r.json().value("id", ""), name);
          } else if (r.status == 0) {
            std::lock_guard lock(mu_);
            ++failed_;
            if (failed_ > 50 * threads_count_) break;
            std::this_thread::sleep_for(5ms);
          } else {
            std::lock_guard lock(mu_);
            other_.push_back(r.Describe());
          }
        }
      });
    }
  }
  void Stop() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
  }
  ~Load() { Stop(); }
  size_t acked_count() {
    std::lock_guard lock(mu_);
    return acked_.size();
  }

  std::vector<std::pair<std::string, std::string>> acked_;
  std::vector<std::string> other_;  // answers other than 201 or no answer

 private:
  HttpClient client_;
  std::string token_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  const int threads_count_;
  int failed_ = 0;
  std::vector<std::thread> threads_;
};

void ExpectAllThere(const HttpClient& c, const std::string& token,
                    const std::vector<std::pair<std::string, std::string>>& acked) {
  std::set<std::string> ids;
  for (const auto& [id, name] : acked) {
    ASSERT_FALSE(id.empty());
    ids.insert(id);
    HttpResponse r = c.Get("/api/v1/sites/" + id, token);
    ASSERT_EQ(r.status, 200) << "acknowledged site " << id << " (" << name << ") is lost: " << r.Describe();
    EXPECT_EQ(r.json()["name"], name);
  }
  EXPECT_EQ(ids.size(), acked.size()) << "an id was acknowledged twice";
}

class LifecycleTest : public DemoServerTest {};

TEST_F(LifecycleTest, SigtermWhileBusyExitsCleanlyAndKeepsEveryAcknowledgedWrite) {
  Session admin = SignIn(client(), "iom.admin");
  ASSERT_FALSE(admin.token.empty());
  std::vector<std::pair<std::string, std::string>> acked;
  std::vector<std::string> other;
  {
    Load load(client(), admin.token, 6);
    auto until = std::chrono::steady_clock::now() + 10s;
    while (load.acked_count() < 20 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
    int status = server_->Stop();
    EXPECT_EQ(status, 0) << server_->Stderr();
    load.Stop();
    acked = load.acked_;
    other = load.other_;
  }
  EXPECT_GE(acked.size(), 20u);
  std::string err = server_->Stderr();
  EXPECT_NE(err.find("baton: stopped"), std::string::npos) << err;
  EXPECT_EQ(err.find("\"status\":500"), std::string::npos) << err;
  for (const std::string& o : other) {
    // While draining, a request may be refused as unavailable, never failed.
    EXPECT_EQ(o.rfind("HTTP 503", 0), 0u) << o;
  }

  server_ = BatonProcess::Serve(data_);
  ASSERT_NE(server_, nullptr);
  Session again = SignIn(client(), "iom.admin");
  ExpectAllThere(client(), again.token, acked);
  EXPECT_GE(LogEntries(client(), again.token), static_cast<int64_t>(acked.size()));
}

TEST_F(LifecycleTest, SigkillUnderLoadLosesNoAcknowledgedWrite) {
  Session admin = SignIn(client(), "iom.admin");
  ASSERT_FALSE(admin.token.empty());
  std::vector<std::pair<std::string, std::string>> acked;
  {
    Load load(client(), admin.token, 8);
    std::this_thread::sleep_for(2s);
    server_->Kill();
    load.Stop();
    acked = load.acked_;
    for (const std::string& o : load.other_) ADD_FAILURE() << "unexpected answer under load: " << o;
  }
  EXPECT_GE(acked.size(), 10u) << "the load did not get going";

  server_ = BatonProcess::Serve(data_);
  ASSERT_NE(server_, nullptr);
  Session again = SignIn(client(), "iom.admin");
  ExpectAllThere(client(), again.token, acked);
  HttpResponse v = client().Get("/api/v1/audit/verify", again.token);
  EXPECT_EQ(v.json()["ok"], true) << v.Describe();
  // At most the writes in flight at the kill were applied without an answer.
  Json all = client().Get("/api/v1/sites?q=Load%20site&limit=200", again.token).json();
  size_t found = all["items"].size();
  std::string cursor = all["next_cursor"].is_string() ? all["next_cursor"].get<std::string>() : "";
  while (!cursor.empty()) {
    Json page = client().Get("/api/v1/sites?q=Load%20site&limit=200&cursor=" + cursor, again.token).json();
    found += page["items"].size();
    cursor = page["next_cursor"].is_string() ? page["next_cursor"].get<std::string>() : "";
  }
  EXPECT_GE(found, acked.size());
  EXPECT_LE(found, acked.size() + 8);
  EXPECT_EQ(server_->Stop(), 0);
  CommandResult verify = RunBaton({"verify", "--data", data_});
  EXPECT_EQ(verify.exit_code, 0) << verify.Describe();
}

TEST_F(LifecycleTest, SigtermWhenIdleExitsZeroAndRestartsOnTheSameData) {
  Session admin = SignIn(client(), "iom.admin");
  HttpResponse created = client().Post("/api/v1/sites", {{"name", "Before restart"}, {"type", "camp"}, {"admin1", "J"}},
                                       admin.token);
  ASSERT_EQ(created.status, 201);
  EXPECT_EQ(server_->Stop(), 0);
  EXPECT_NE(server_->Stderr().find("baton: stopped"), std::string::npos);
  // The access log is one JSON object per line, without query strings.
  std::string err = server_->Stderr();
  EXPECT_NE(err.find("\"path\":\"/api/v1/sites\""), std::string::npos) << err;
  server_ = BatonProcess::Serve(data_);
  ASSERT_NE(server_, nullptr);
  // Sessions live in the store: the token from before the restart still works.
  HttpResponse r = client().Get("/api/v1/sites/" + created.json()["id"].get<std::string>(), admin.token);
  EXPECT_EQ(r.status, 200) << r.Describe();
}

}  // namespace
}  // namespace baton::test
