#include "support/baton_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

extern char** environ;

namespace baton::test {
namespace fs = std::filesystem;
namespace {

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Spawns program with argv; stdin from `in` (empty: /dev/null), stdout/stderr to files.
pid_t Spawn(const std::string& program, const std::vector<std::string>& args, const std::string& in,
            const std::string& out, const std::string& err) {
  std::vector<std::string> storage;
  storage.push_back(program);
  for (const auto& a : args) storage.push_back(a);
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.empty() ? "/dev/null" : in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = -1;
  int rc = program.find('/') == std::string::npos
               ? posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ)
               : posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    ADD_FAILURE() << "cannot start " << program << ": " << std::strerror(rc);
    return -1;
  }
  return pid;
}

// Waits for pid up to timeout; -2 if it is still running.
int WaitFor(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return DecodeStatus(status);
    if (r < 0 && errno != EINTR) return -1;
    if (std::chrono::steady_clock::now() >= deadline) return -2;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string Quote(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += " " + a;
  return s;
}

}  // namespace

const std::string& BatonBinary() {
  static const std::string path = BATON_BINARY;
  return path;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "baton-e2e-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string CommandResult::Describe() const {
  return "exit " + std::to_string(exit_code) + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
}

CommandResult RunProgram(const std::string& program, const std::vector<std::string>& args,
                         const std::optional<std::string>& stdin_text, std::chrono::seconds timeout) {
  TempDir io;
  std::string in;
  if (stdin_text) {
    in = io / "stdin";
    std::ofstream(in, std::ios::binary) << *stdin_text;
  }
  CommandResult result;
  pid_t pid = Spawn(program, args, in, io / "stdout", io / "stderr");
  if (pid < 0) return result;
  int status = WaitFor(pid, timeout);
  if (status == -2) {
    ::kill(pid, SIGKILL);
    WaitFor(pid, std::chrono::seconds(10));
    ADD_FAILURE() << program << Quote(args) << " did not finish within " << timeout.count() << " s";
    status = -1;
  }
  result.exit_code = status;
  result.out = ReadFile(io.path() / "stdout");
  result.err = ReadFile(io.path() / "stderr");
  return result;
}

CommandResult RunBaton(const std::vector<std::string>& args, const std::optional<std::string>& stdin_text,
                       std::chrono::seconds timeout) {
  return RunProgram(BatonBinary(), args, stdin_text, timeout);
}

std::unique_ptr<BatonProcess> BatonProcess::Start(const std::vector<std::string>& args, std::chrono::seconds timeout) {
  std::unique_ptr<BatonProcess> p(new BatonProcess());
  p->logs_ = std::make_unique<TempDir>();
  p->pid_ = Spawn(BatonBinary(), args, "", *p->logs_ / "stdout", *p->logs_ / "stderr");
  if (p->pid_ < 0) return nullptr;
  static const std::regex kListening(R"(listening on http://(\[[^\]]+\]|[^:/]+):(\d+)/)");
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::string out = p->Stdout();
    std::smatch m;
    if (std::regex_search(out, m, kListening)) {
      p->host_ = m[1].str();
      if (p->host_.front() == '[') p->host_ = p->host_.substr(1, p->host_.size() - 2);
      p->port_ = static_cast<uint16_t>(std::stoi(m[2].str()));
      return p;
    }
    int status = p->Wait(std::chrono::milliseconds(0));
    if (status != -2) {
      ADD_FAILURE() << "baton" << Quote(args) << " exited with " << status << " before listening\n--- stdout:\n"
                    << out << "--- stderr:\n" << p->Stderr();
      return nullptr;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ADD_FAILURE() << "baton" << Quote(args) << " did not print its URL within " << timeout.count()
                    << " s\n--- stdout:\n" << out << "--- stderr:\n" << p->Stderr();
      p->Kill();
      return nullptr;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::unique_ptr<BatonProcess> BatonProcess::Serve(const std::string& data_dir, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"serve", "--data", data_dir, "--listen", "127.0.0.1:0"};
  args.insert(args.end(), extra.begin(), extra.end());
  return Start(args);
}

int BatonProcess::Wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return exit_status_;
  int status = WaitFor(pid_, timeout);
  if (status != -2) {
    exit_status_ = status;
    pid_ = -1;
  }
  return status;
}

int BatonProcess::Stop(std::chrono::seconds timeout) {
  if (pid_ <= 0) return exit_status_;
  ::kill(pid_, SIGTERM);
  int status = Wait(timeout);
  if (status == -2) {
    ADD_FAILURE() << "baton did not stop within " << timeout.count() << " s of SIGTERM";
    Kill();
    return -1;
  }
  return status;
}

void BatonProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  Wait(std::chrono::seconds(30));
}

BatonProcess::~BatonProcess() { Kill(); }

std::string BatonProcess::Stdout() const { return ReadFile(logs_->path() / "stdout"); }
std::string BatonProcess::Stderr() const { return ReadFile(logs_->path() / "stderr"); }

void CopyDir(const fs::path& from, const fs::path& to) {
  fs::copy(from, to, fs::copy_options::recursive);
}

const fs::path& DemoTemplate() {
  static std::once_flag once;
  static fs::path path;
  static std::unique_ptr<TempDir> own;
  std::call_once(once, [] {
    if (const char* env = std::getenv("BATON_TEST_DEMO_DIR"); env != nullptr && *env != '\0') {
      if (fs::exists(fs::path(env) / "config.json")) {
        path = env;
        return;
      }
    }
    own = std::make_unique<TempDir>();
    path = own->path() / "demo";
    CommandResult r = RunBaton({"demo", "--data", path.string(), "--scale", "400", "--no-handover"});
    if (r.exit_code != 0) {
      ADD_FAILURE() << "baton demo failed: " << r.Describe();
    }
  });
  return path;
}

std::string CopyDemo(const TempDir& into) {
  fs::path to = into.path() / "data";
  CopyDir(DemoTemplate(), to);
  return to.string();
}

Session SignIn(const HttpClient& client, const std::string& username, const std::string& password) {
  HttpResponse r = client.Post("/api/v1/session", {{"username", username}, {"password", password}});
  Session s;
  if (r.status != 201) {
    ADD_FAILURE() << "sign-in of " << username << " failed: " << r.Describe();
    return s;
  }
  Json j = r.json();
  s.token = j.value("token", "");
  s.csrf = j.value("csrf_token", "");
  if (j.contains("user") && j["user"].is_object()) {
    s.user_id = j["user"].value("id", "");
    s.organization_id = j["user"].value("organization_id", "");
  }
  return s;
}

}  // namespace baton::test
