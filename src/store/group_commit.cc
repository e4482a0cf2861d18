#include "store/group_commit.h"

#include <exception>
#include <utility>

namespace baton::store_internal {

GroupCommitter::GroupCommitter(Transactor& tx, size_t max_batch)
    : tx_(tx), max_batch_(max_batch == 0 ? 1 : max_batch), writer_([this] { WriterLoop(); }) {}

GroupCommitter::~GroupCommitter() { Close(); }

Status GroupCommitter::Run(Job job) {
  std::future<Status> result;
  {
    std::lock_guard lock(mu_);
    if (closing_) return Status::Unavailable("store is closed");
    Pending& p = queue_.emplace_back(Pending{std::move(job), {}});
    result = p.done.get_future();
  }
  wake_.notify_one();
  return result.get();
}

void GroupCommitter::Close() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();
}

void GroupCommitter::WriterLoop() {
  std::vector<Pending> group;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;  // closing and drained
      while (!queue_.empty() && group.size() < max_batch_) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    RunGroup(group);
    group.clear();
  }
}

namespace {

Status RunJob(const GroupCommitter::Job& job) {
  try {
    return job();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("write failed: ") + e.what());
  }
}

}  // namespace

void GroupCommitter::RunGroup(std::vector<Pending>& group) {
  auto fail_all = [&](const Status& s) {
    for (Pending& p : group) p.done.set_value(s);
  };
  if (Status s = tx_.BeginTransaction(); !s.ok()) {
    tx_.RollbackTransaction();
    return fail_all(s);
  }
  std::vector<Status> results(group.size());
  if (group.size() == 1) {
    // Alone in its transaction: no savepoint needed, a failure rolls back the whole transaction.
    results[0] = RunJob(group[0].job);
    if (!results[0].ok()) {
      tx_.RollbackTransaction();
      return fail_all(results[0]);
    }
  } else {
    for (size_t i = 0; i < group.size(); ++i) {
      if (Status s = tx_.Savepoint(); !s.ok()) {
        tx_.RollbackTransaction();
        return fail_all(s);
      }
      results[i] = RunJob(group[i].job);
      Status end = results[i].ok() ? tx_.ReleaseSavepoint() : tx_.RollbackToSavepoint();
      if (!end.ok()) {
        // The transaction is unusable (connection lost, disk error): nothing of the group is kept.
        tx_.RollbackTransaction();
        return fail_all(end);
      }
    }
  }
  if (Status s = tx_.CommitTransaction(); !s.ok()) {
    tx_.RollbackTransaction();
    return fail_all(s);
  }
  for (size_t i = 0; i < group.size(); ++i) group[i].done.set_value(std::move(results[i]));
}

}  // namespace baton::store_internal
