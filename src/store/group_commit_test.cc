#include "store/group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace baton::store_internal {
namespace {

// Records the transaction steps; commits are slow so that jobs queue up behind them.
class FakeTransactor final : public Transactor {
 public:
  Status BeginTransaction() override { return Log("begin"); }
  Status CommitTransaction() override {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ++commits;
    return fail_commit ? Status::Unavailable("disk gone") : Log("commit");
  }
  void RollbackTransaction() override { (void)Log("rollback"); }
  Status Savepoint() override { return Log("savepoint"); }
  Status ReleaseSavepoint() override { return Log("release"); }
  Status RollbackToSavepoint() override { return Log("rollback_to"); }

  Status Log(const std::string& step) {
    steps.push_back(step);  // writer thread only
    return Status::Ok();
  }
  std::vector<std::string> steps;
  std::atomic<int> commits{0};
  std::atomic<bool> fail_commit{false};
};

TEST(GroupCommitterTest, BatchesConcurrentJobsAndFailsOnlyTheBadOne) {
  FakeTransactor tx;
  GroupCommitter committer(tx);
  constexpr int kJobs = 64;
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kJobs; ++i) {
    threads.emplace_back([&, i] {
      Status s = committer.Run([i] { return i == 7 ? Status::Conflict("bad") : Status::Ok(); });
      (s.ok() ? ok : failed)++;
      if (i == 7) {
        EXPECT_EQ(s.code(), Code::kConflict);
      }
    });
  }
  for (auto& t : threads) t.join();
  committer.Close();
  EXPECT_EQ(ok, kJobs - 1);
  EXPECT_EQ(failed, 1);
  EXPECT_LT(tx.commits, kJobs);  // some jobs shared a transaction
}

TEST(GroupCommitterTest, FailedCommitFailsEveryJobOfTheGroup) {
  FakeTransactor tx;
  tx.fail_commit = true;
  GroupCommitter committer(tx);
  Status s = committer.Run([] { return Status::Ok(); });
  EXPECT_EQ(s.code(), Code::kUnavailable);
}

TEST(GroupCommitterTest, CloseRunsEveryAcceptedJobThenRefuses) {
  FakeTransactor tx;
  GroupCommitter committer(tx);
  std::atomic<int> ran{0}, accepted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      Status s = committer.Run([&] {
        ++ran;
        return Status::Ok();
      });
      if (s.ok()) {
        ++accepted;
      } else {
        EXPECT_EQ(s.code(), Code::kUnavailable);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  committer.Close();  // concurrent with the callers: queued jobs still run
  for (auto& t : threads) t.join();
  EXPECT_EQ(ran, accepted);
  EXPECT_EQ(committer.Run([] { return Status::Ok(); }).code(), Code::kUnavailable);
}

TEST(GroupCommitterTest, AJobAloneNeedsNoSavepoint) {
  FakeTransactor tx;
  GroupCommitter committer(tx);
  EXPECT_EQ(committer.Run([] { return Status::NotFound("x"); }).code(), Code::kNotFound);
  committer.Close();
  EXPECT_EQ(tx.steps, (std::vector<std::string>{"begin", "rollback"}));
}

}  // namespace
}  // namespace baton::store_internal
