// Starting the real `baton` binary: `baton serve` as a child process that a test talks HTTP to,
// and one-shot CLI commands. Also temporary data directories and the shared demo data.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/http_client.h"

namespace baton::test {

// Path of the baton binary under test (from CMake).
const std::string& BatonBinary();

// A directory under /tmp removed (recursively) when this goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;  // exit status; 128+N when killed by signal N
  std::string out;
  std::string err;
  std::string Describe() const;  // for assertion messages
};

// Runs `baton ARGS...` to completion. `stdin_text`: what standard input holds (nullopt: /dev/null).
CommandResult RunBaton(const std::vector<std::string>& args, const std::optional<std::string>& stdin_text = {},
                       std::chrono::seconds timeout = std::chrono::seconds(180));
// Runs any program the same way (e.g. sqlite3, psql).
CommandResult RunProgram(const std::string& program, const std::vector<std::string>& args,
                         const std::optional<std::string>& stdin_text = {},
                         std::chrono::seconds timeout = std::chrono::seconds(120));

// A running `baton serve`.
class BatonProcess {
 public:
  // Spawns `baton ARGS...` (e.g. {"serve", "--data", DIR, "--listen", "127.0.0.1:0"}) and waits up to
  // `timeout` for the line "listening on http://HOST:PORT/" on standard output. Fails the current
  // test (ADD_FAILURE) and returns nullptr if it does not come.
  static std::unique_ptr<BatonProcess> Start(const std::vector<std::string>& args,
                                             std::chrono::seconds timeout = std::chrono::seconds(20));
  // `baton serve --data DIR --listen 127.0.0.1:0 [extra...]`
  static std::unique_ptr<BatonProcess> Serve(const std::string& data_dir, const std::vector<std::string>& extra = {});

  ~BatonProcess();  // SIGKILL if still running
  BatonProcess(const BatonProcess&) = delete;
  BatonProcess& operator=(const BatonProcess&) = delete;

  const std::string& host() const { return host_; }
  uint16_t port() const { return port_; }
  HttpClient client() const { return HttpClient(host_, port_); }
  pid_t pid() const { return pid_; }

  // SIGTERM, then waits up to `timeout` (SIGKILL after that). Returns the exit status (128+N for
  // signal N).
  int Stop(std::chrono::seconds timeout = std::chrono::seconds(30));
  // SIGKILL and reap.
  void Kill();
  bool running() const { return pid_ > 0; }

  std::string Stdout() const;
  std::string Stderr() const;

 private:
  BatonProcess() = default;
  int Wait(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int exit_status_ = -1;
  std::string host_;
  uint16_t port_ = 0;
  std::unique_ptr<TempDir> logs_;
};

// The demo data directory made once (by the ctest fixture named in BATON_TEST_DEMO_DIR, or else
// once per test process) and never served; copy it with CopyDemo before use.
const std::filesystem::path& DemoTemplate();
// Copies the demo data into `into`/data and returns that path.
std::string CopyDemo(const TempDir& into);
// Copies a (stopped) data directory.
void CopyDir(const std::filesystem::path& from, const std::filesystem::path& to);

inline constexpr const char* kDemoPassword = "baton-demo";

// Signs in; returns {token, csrf_token} or fails the current test and returns empty strings.
struct Session {
  std::string token;
  std::string csrf;
  std::string user_id;
  std::string organization_id;
};
Session SignIn(const HttpClient& client, const std::string& username, const std::string& password = kDemoPassword);

std::string ReadFile(const std::filesystem::path& path);
// Replaces the file's contents (keeping its mode).
void WriteFile(const std::filesystem::path& path, const std::string& text);

}  // namespace baton::test
