// Group commit: one writer thread takes every queued write and runs the lot in one transaction,
// each job inside its own savepoint so that a failing job is rolled back alone. Callers block until
// the transaction holding their job has committed, so one fsync serves many writes. Shared by the
// SQLite and PostgreSQL stores; the backend supplies the transaction steps.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "base/status.h"

namespace baton::store_internal {

// The transaction steps of one backend connection. Called on the writer thread only.
class Transactor {
 public:
  virtual ~Transactor() = default;
  // Starts a write transaction (and takes whatever lock orders writers across processes).
  virtual Status BeginTransaction() = 0;
  // Makes the transaction durable; on error nothing of it is kept.
  virtual Status CommitTransaction() = 0;
  virtual void RollbackTransaction() = 0;
  virtual Status Savepoint() = 0;
  virtual Status ReleaseSavepoint() = 0;
  virtual Status RollbackToSavepoint() = 0;
};

class GroupCommitter {
 public:
  // A unit of work run inside the group transaction. An error rolls back its effects only; a job
  // must keep any in-memory state it changes consistent with that (restore it on error).
  using Job = std::function<Status()>;

  // `tx` must outlive this object. At most `max_batch` jobs share one transaction.
  explicit GroupCommitter(Transactor& tx, size_t max_batch = 1024);
  ~GroupCommitter();
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Runs `job` on the writer thread; returns once its transaction is durable (ok), or with the
  // job's own error, or with the transaction's error (then nothing of the job was kept).
  // kUnavailable after Close().
  Status Run(Job job);

  // Finishes the queued jobs and stops the writer thread. Idempotent.
  void Close();

 private:
  struct Pending {
    Job job;
    std::promise<Status> done;
  };

  void WriterLoop();
  void RunGroup(std::vector<Pending>& group);

  Transactor& tx_;
  const size_t max_batch_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;  // guarded by mu_
  bool closing_ = false;       // guarded by mu_
  std::thread writer_;
};

}  // namespace baton::store_internal
