// The command line: version and help, one-line errors for misuse, init, and user management, each
// checked through the server where it matters.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/e2e.h"

namespace baton::test {
namespace {

// Misuse: a non-zero exit and exactly one line on stderr, starting "baton: ".
::testing::AssertionResult FailsWithOneLine(const CommandResult& r) {
  if (r.exit_code == 0) return ::testing::AssertionFailure() << "exited 0: " << r.Describe();
  if (r.exit_code < 0 || r.exit_code >= 128) return ::testing::AssertionFailure() << "crashed: " << r.Describe();
  if (r.err.empty() || r.err.back() != '\n' || std::count(r.err.begin(), r.err.end(), '\n') != 1) {
    return ::testing::AssertionFailure() << "stderr is not one line: " << r.Describe();
  }
  if (r.err.rfind("baton: ", 0) != 0) return ::testing::AssertionFailure() << "stderr lacks 'baton: ': " << r.Describe();
  return ::testing::AssertionSuccess();
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string kPassword = "a strong passphrase 42";

class CliTest : public ::testing::Test {
 protected:
  // `baton init` into tmp_/data as organisation "Bor Mental Health" with admin "chief".
  std::string Init() {
    std::string dir = tmp_ / "data";
    CommandResult r = RunBaton({"init", "--data", dir, "--org", "Bor Mental Health", "--admin", "chief",
                                "--password-stdin"},
                               kPassword + "\n");
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    EXPECT_TRUE(Contains(r.out, "baton serve --data " + dir)) << r.out;
    return dir;
  }

  TempDir tmp_;
};

TEST_F(CliTest, VersionPrintsTheVersion) {
  CommandResult r = RunBaton({"version"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_TRUE(std::regex_match(r.out, std::regex("baton [0-9]+\\.[0-9]+\\.[0-9]+\n"))) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST_F(CliTest, HelpOnEverySubcommandExitsZero) {
  const std::vector<std::vector<std::string>> commands = {
      {"--help"},          {"init", "--help"},        {"demo", "--help"},
      {"serve", "--help"}, {"verify", "--help"},      {"user", "--help"},
      {"user", "add", "--help"}, {"user", "disable", "--help"}, {"user", "reset-password", "--help"},
      {"user", "list", "--help"}, {"version", "--help"}, {"-h"},
      {"keys", "show", "--help"}, {"keys", "rotate", "--help"}, {"keys", "register", "--help"}};
  for (const auto& args : commands) {
    std::string line;
    for (const auto& a : args) line += a + " ";
    SCOPED_TRACE(line);
    CommandResult r = RunBaton(args);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    EXPECT_TRUE(Contains(r.out, "Usage") || Contains(r.out, "USAGE") || Contains(r.out, "usage")) << r.Describe();
    bool needs_data = args.size() > 1 && args[0] != "version" && args[0] != "user";
    if (args[0] == "user" && args.size() == 3) needs_data = true;
    if (needs_data) {
      EXPECT_TRUE(Contains(r.out, "--data")) << r.out;
    }
  }
  CommandResult top = RunBaton({"--help"});
  for (const char* sub : {"init", "demo", "serve", "verify", "user", "keys", "version"}) {
    EXPECT_TRUE(Contains(top.out, sub)) << sub;
  }
}

TEST_F(CliTest, MisusePrintsOneLineAndFails) {
  std::string demo = CopyDemo(tmp_);
  std::string missing = tmp_ / "no-such-dir";
  struct Case {
    std::vector<std::string> args;
    std::optional<std::string> in;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {{}, {}, ""},
      {{"frobnicate"}, {}, "unknown command 'frobnicate'"},
      {{"verify", "--data", demo, "--bogus"}, {}, "--bogus"},
      {{"verify"}, {}, "--data"},
      {{"serve"}, {}, "--data"},
      {{"user", "list"}, {}, "--data"},
      {{"verify", "--data", missing}, {}, missing},
      {{"serve", "--data", missing, "--listen", "127.0.0.1:0"}, {}, missing},
      {{"user", "list", "--data", missing}, {}, missing},
      {{"verify", "--data", tmp_.path().string()}, {}, "not a Baton data directory"},
      {{"init", "--data", tmp_ / "a", "--org", "X Org", "--admin", "boss"}, {}, "--password-stdin"},
      {{"init", "--data", tmp_ / "b", "--org", "X Org", "--admin", "boss", "--password-stdin"}, std::string(""), "standard input"},
      {{"init", "--data", tmp_ / "c", "--org", "X Org", "--admin", "boss", "--password-stdin"}, std::string("\n"), "standard input"},
      {{"init", "--data", tmp_ / "d", "--admin", "boss", "--password-stdin"}, kPassword, "--org"},
      {{"init", "--data", tmp_ / "e", "--org", "X Org", "--admin", "boss", "--password-stdin"}, std::string("short\n"), "password"},
      {{"serve", "--data", demo, "--listen", "nonsense"}, {}, "--listen"},
      {{"serve", "--data", demo, "--listen", "127.0.0.1:99999"}, {}, "--listen"},
      {{"verify", "--data", demo, "--store", "mysql:x"}, {}, "--store"},
      {{"demo", "--data", tmp_ / "f", "--scale", "0"}, {}, "--scale"},
      {{"init", "--data", tmp_ / "g", "--org", "X Org", "--admin", "boss", "--password-stdin", "--utc-offset", "+25:00"},
       kPassword + "\n", "+25:00"},
      {{"user", "add", "--data", demo, "--org", "iom", "--username", "x.y", "--role", "king", "--password-stdin"},
       kPassword, "king"},
      {{"user", "add", "--data", demo, "--org", "nope", "--username", "x.y", "--role", "viewer", "--password-stdin"},
       kPassword, "nope"},
      {{"user", "disable", "--data", demo, "--username", "nobody.at.all"}, {}, "nobody.at.all"},
      {{"user", "reset-password", "--data", demo, "--username", "iom.viewer"}, {}, "--password-stdin"},
  };
  for (const Case& c : cases) {
    std::string line;
    for (const auto& a : c.args) line += a + " ";
    SCOPED_TRACE(line);
    CommandResult r = RunBaton(c.args, c.in);
    EXPECT_TRUE(FailsWithOneLine(r));
    EXPECT_TRUE(Contains(r.err, c.mentions)) << "stderr does not mention '" << c.mentions << "': " << r.err;
  }
  // Nothing was created by the failed inits, and the demo data is still intact.
  for (const char* d : {"a", "b", "c", "d", "g"}) EXPECT_FALSE(std::filesystem::exists(tmp_.path() / d / "config.json")) << d;
  CommandResult v = RunBaton({"verify", "--data", demo});
  EXPECT_EQ(v.exit_code, 0) << v.Describe();
}

TEST_F(CliTest, ServeOnAnOccupiedPortSaysAddressAlreadyInUse) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  int port = ntohs(addr.sin_port);

  std::string demo = CopyDemo(tmp_);
  CommandResult r = RunBaton({"serve", "--data", demo, "--listen", "127.0.0.1:" + std::to_string(port)}, {},
                             std::chrono::seconds(30));
  ::close(fd);
  EXPECT_TRUE(FailsWithOneLine(r));
  EXPECT_TRUE(Contains(r.err, "address already in use")) << r.err;
  EXPECT_TRUE(Contains(r.err, std::to_string(port))) << r.err;
  EXPECT_FALSE(Contains(r.out, "listening")) << r.out;
}

TEST_F(CliTest, InitMakesAUsableDirectoryAndRefusesToRunTwice) {
  std::string dir = Init();
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir) / "config.json"));
  auto perms = std::filesystem::status(dir).permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none)
      << "the data directory is readable by others";

  CommandResult verify = RunBaton({"verify", "--data", dir});
  EXPECT_EQ(verify.exit_code, 0) << verify.Describe();
  EXPECT_TRUE(Contains(verify.out, "intact")) << verify.out;

  CommandResult again = RunBaton({"init", "--data", dir, "--org", "Other", "--admin", "other", "--password-stdin"},
                                 std::string("another strong passphrase\n"));
  EXPECT_TRUE(FailsWithOneLine(again));
  EXPECT_TRUE(Contains(again.err, "already")) << again.err;

  auto server = BatonProcess::Serve(dir);
  ASSERT_NE(server, nullptr);
  HttpClient c = server->client();
  EXPECT_EQ(c.Get("/api/v1/health").json()["store"], "sqlite");
  Session chief = SignIn(c, "chief", kPassword);
  ASSERT_FALSE(chief.token.empty());
  Json me = c.Get("/api/v1/me", chief.token).json();
  EXPECT_EQ(me["roles"], Json::array({"admin"}));
  EXPECT_EQ(me["organization"]["name"], "Bor Mental Health");
  EXPECT_EQ(me["organization"]["code"], "bor-mental-health");
  // The failed second init changed nothing: still one organisation, one user.
  EXPECT_EQ(c.Get("/api/v1/organizations", chief.token).json()["items"].size(), 1u);
  EXPECT_EQ(c.Get("/api/v1/users", chief.token).json()["items"].size(), 1u);
  EXPECT_TRUE(IsProblem(c.Post("/api/v1/session", {{"username", "other"}, {"password", "another strong passphrase"}}), 401));

  // The demo password is no password here: not at sign-in, not for a new user.
  EXPECT_TRUE(IsProblem(c.Post("/api/v1/session", {{"username", "chief"}, {"password", kDemoPassword}}), 401));
  HttpResponse demo_user = c.Post("/api/v1/users",
                                  {{"username", "demo.user"}, {"display_name", "Demo"}, {"roles", {"viewer"}},
                                   {"password", kDemoPassword}},
                                  chief.token);
  EXPECT_TRUE(IsProblem(demo_user, 422));
  EXPECT_TRUE(NamesField(demo_user, "password"));
  EXPECT_EQ(server->Stop(), 0);

  CommandResult add = RunBaton({"user", "add", "--data", dir, "--org", "bor-mental-health", "--username", "demo.user",
                                "--role", "viewer", "--password-stdin"},
                               std::string(kDemoPassword) + "\n");
  EXPECT_TRUE(FailsWithOneLine(add));
  EXPECT_TRUE(Contains(add.err, "password")) << add.err;
  CommandResult list = RunBaton({"user", "list", "--data", dir});
  EXPECT_EQ(list.exit_code, 0) << list.Describe();
  EXPECT_FALSE(Contains(list.out, "demo.user")) << list.out;
}

TEST_F(CliTest, TheProgrammesUtcOffsetIsKeptInTheConfigAndChecked) {
  std::string dir = tmp_ / "juba";
  CommandResult r = RunBaton({"init", "--data", dir, "--org", "Juba Office", "--admin", "chief", "--password-stdin",
                              "--utc-offset", "+02:00"},
                             kPassword + "\n");
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  const std::filesystem::path config = std::filesystem::path(dir) / "config.json";
  Json written = Json::parse(ReadFile(config));
  EXPECT_EQ(written["utc_offset"], "+02:00");
  EXPECT_EQ(RunBaton({"verify", "--data", dir}).exit_code, 0);

  // A hand-edited config with a bad offset is refused at start, naming the setting.
  for (const Json& bad : {Json("two hours"), Json(2)}) {
    written["utc_offset"] = bad;
    WriteFile(config, written.dump(2));
    CommandResult v = RunBaton({"verify", "--data", dir});
    EXPECT_TRUE(FailsWithOneLine(v)) << bad;
    EXPECT_TRUE(Contains(v.err, "utc_offset")) << v.err;
  }
}

TEST_F(CliTest, DemoPasswordOpensOnlyADemoStore) {
  // A copy of demo data whose store is no longer marked as a demo store refuses baton-demo.
  std::string dir = CopyDemo(tmp_);
  CommandResult tables = RunProgram("sqlite3", {dir + "/baton.db", "SELECT value FROM meta WHERE key='demo'"});
  ASSERT_EQ(tables.exit_code, 0) << tables.Describe();
  ASSERT_EQ(tables.out, "true\n") << "the demo marker is not where this test expects it";
  CommandResult flip = RunProgram("sqlite3", {dir + "/baton.db", "UPDATE meta SET value='false' WHERE key='demo'"});
  ASSERT_EQ(flip.exit_code, 0) << flip.Describe();
  auto server = BatonProcess::Serve(dir);
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(IsProblem(server->client().Post("/api/v1/session", {{"username", "iom.admin"}, {"password", kDemoPassword}}),
                        401));
}

TEST_F(CliTest, UserAddListDisableAndResetPassword) {
  std::string dir = Init();
  const std::string worker_password = "field worker passphrase";
  CommandResult add = RunBaton({"user", "add", "--data", dir, "--org", "bor-mental-health", "--username", "achol",
                                "--name", "Achol Garang", "--role", "counsellor", "--role", "facilitator",
                                "--password-stdin"},
                               worker_password + "\n");
  ASSERT_EQ(add.exit_code, 0) << add.Describe();
  EXPECT_TRUE(Contains(add.out, "achol")) << add.out;

  CommandResult dup = RunBaton({"user", "add", "--data", dir, "--org", "bor-mental-health", "--username", "achol",
                                "--role", "viewer", "--password-stdin"},
                               std::string("yet another passphrase\n"));
  EXPECT_TRUE(FailsWithOneLine(dup));
  EXPECT_TRUE(Contains(dup.err, "username")) << dup.err;

  CommandResult weak = RunBaton({"user", "add", "--data", dir, "--org", "bor-mental-health", "--username", "deng",
                                 "--role", "viewer", "--password-stdin"},
                                std::string("password\n"));
  EXPECT_TRUE(FailsWithOneLine(weak));

  CommandResult list = RunBaton({"user", "list", "--data", dir});
  ASSERT_EQ(list.exit_code, 0) << list.Describe();
  EXPECT_TRUE(std::regex_search(list.out, std::regex("\nachol +yes +counsellor,facilitator +Achol Garang\n"))) << list.out;
  EXPECT_TRUE(std::regex_search(list.out, std::regex("\nchief +yes +admin +chief\n"))) << list.out;
  EXPECT_FALSE(Contains(list.out, "deng")) << list.out;
  CommandResult filtered = RunBaton({"user", "list", "--data", dir, "--org", "bor-mental-health"});
  EXPECT_EQ(filtered.out, list.out);

  {
    auto server = BatonProcess::Serve(dir);
    ASSERT_NE(server, nullptr);
    Session s = SignIn(server->client(), "achol", worker_password);
    ASSERT_FALSE(s.token.empty());
    EXPECT_EQ(server->client().Get("/api/v1/me", s.token).json()["roles"], Json::array({"counsellor", "facilitator"}));
    EXPECT_EQ(server->Stop(), 0);
  }

  CommandResult disable = RunBaton({"user", "disable", "--data", dir, "--username", "achol"});
  ASSERT_EQ(disable.exit_code, 0) << disable.Describe();
  CommandResult reset = RunBaton({"user", "reset-password", "--data", dir, "--username", "chief", "--password-stdin"},
                                 std::string("the new passphrase of the boss\n"));
  ASSERT_EQ(reset.exit_code, 0) << reset.Describe();
  CommandResult weak_reset = RunBaton({"user", "reset-password", "--data", dir, "--username", "chief",
                                       "--password-stdin"},
                                      std::string("chief\n"));
  EXPECT_TRUE(FailsWithOneLine(weak_reset));

  list = RunBaton({"user", "list", "--data", dir});
  EXPECT_TRUE(std::regex_search(list.out, std::regex("\nachol +no +counsellor,facilitator"))) << list.out;

  auto server = BatonProcess::Serve(dir);
  ASSERT_NE(server, nullptr);
  HttpClient c = server->client();
  EXPECT_TRUE(IsProblem(c.Post("/api/v1/session", {{"username", "achol"}, {"password", worker_password}}), 401));
  EXPECT_TRUE(IsProblem(c.Post("/api/v1/session", {{"username", "chief"}, {"password", kPassword}}), 401));
  Session chief = SignIn(c, "chief", "the new passphrase of the boss");
  ASSERT_FALSE(chief.token.empty());
  // The command-line changes are in the audit trail, made by "system".
  Json users = c.Get("/api/v1/users?q=achol", chief.token).json()["items"];
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0]["active"], false);
  Json history = c.Get("/api/v1/audit?entity=users:" + users[0]["id"].get<std::string>(), chief.token).json()["items"];
  ASSERT_EQ(history.size(), 2u) << history;
  EXPECT_EQ(history[1]["changes"], Json({{"active", false}}));
  EXPECT_EQ(history[1]["actor_username"], "system");
  EXPECT_EQ(server->Stop(), 0);
  CommandResult verify = RunBaton({"verify", "--data", dir});
  EXPECT_EQ(verify.exit_code, 0) << verify.Describe();
}

}  // namespace
}  // namespace baton::test

namespace baton::test {
namespace {

TEST_F(CliTest, OrganisationsAreDisabledAndEnabledFromTheCommandLine) {
  std::string dir = Init();
  CommandResult off = RunBaton({"org", "disable", "--data", dir, "--org", "bor-mental-health"});
  ASSERT_EQ(off.exit_code, 0) << off.Describe();
  {
    auto server = BatonProcess::Serve(dir);
    ASSERT_NE(server, nullptr);
    HttpResponse refused = server->client().Post("/api/v1/session", {{"username", "chief"}, {"password", kPassword}});
    EXPECT_TRUE(IsProblem(refused, 401)) << refused.Describe();
    EXPECT_EQ(server->Stop(), 0);
  }
  CommandResult on = RunBaton({"org", "enable", "--data", dir, "--org", "bor-mental-health"});
  ASSERT_EQ(on.exit_code, 0) << on.Describe();
  {
    auto server = BatonProcess::Serve(dir);
    ASSERT_NE(server, nullptr);
    Session s = SignIn(server->client(), "chief", kPassword);
    EXPECT_FALSE(s.token.empty());
    EXPECT_EQ(server->Stop(), 0);
  }
  CommandResult unknown = RunBaton({"org", "disable", "--data", dir, "--org", "nobody"});
  EXPECT_TRUE(FailsWithOneLine(unknown));
  EXPECT_TRUE(Contains(unknown.err, "nobody")) << unknown.err;
}

// The value after "label:" on its line of `baton keys show` (the first such line); "" when none.
std::string CardLine(const std::string& out, const std::string& label) {
  std::smatch m;
  if (std::regex_search(out, m, std::regex("(^|\n)" + label + ": +([^\n]*)"))) return m[2];
  return "";
}

TEST_F(CliTest, KeysAreShownRotatedAndRegisteredFromTheCommandLine) {
  const std::regex key_text("baton-org-key-1:[A-Za-z0-9_-]{86}");
  const std::regex fingerprint("([0-9a-f]{4} ){7}[0-9a-f]{4}");
  // The demo's IOM key, as the command line and the server show it (a directory of its own: Init
  // takes tmp_).
  TempDir demo_tmp;
  std::string demo = CopyDemo(demo_tmp);
  CommandResult show = RunBaton({"keys", "show", "--data", demo, "--org", "iom"});
  ASSERT_EQ(show.exit_code, 0) << show.Describe();
  EXPECT_EQ(CardLine(show.out, "organization"), "iom (International Organization for Migration)") << show.out;
  const std::string iom_id = CardLine(show.out, "id");
  const std::string iom_key = CardLine(show.out, "public_key");
  EXPECT_TRUE(std::regex_match(iom_key, key_text)) << show.out;
  EXPECT_TRUE(std::regex_match(CardLine(show.out, "fingerprint"), fingerprint)) << show.out;
  EXPECT_EQ(CardLine(show.out, "source"), "generated") << show.out;
  EXPECT_EQ(CardLine(show.out, "local"), "yes") << show.out;
  {
    auto server = BatonProcess::Serve(demo);
    ASSERT_NE(server, nullptr);
    Session viewer = SignIn(server->client(), "dca.viewer");
    HttpResponse card = server->client().Get("/api/v1/organizations/" + iom_id + "/public-key", viewer.token);
    ASSERT_EQ(card.status, 200) << card.Describe();
    EXPECT_EQ(card.json()["public_key"], iom_key);
    EXPECT_EQ(card.json()["fingerprint"], CardLine(show.out, "fingerprint"));
    EXPECT_EQ(server->Stop(), 0);
  }
  EXPECT_EQ(CardLine(RunBaton({"keys", "show", "--data", demo, "--org", iom_id}).out, "public_key"), iom_key)
      << "an organisation is named by its id too";
  // Without --org: every organisation that has a key, the four of the demo.
  CommandResult all = RunBaton({"keys", "show", "--data", demo});
  ASSERT_EQ(all.exit_code, 0) << all.Describe();
  size_t cards = 0;
  for (size_t p = all.out.find("public_key:"); p != std::string::npos; p = all.out.find("public_key:", p + 1)) ++cards;
  EXPECT_EQ(cards, 4u) << all.out;
  for (const char* code : {"iom", "alarm", "unmiss", "dca"}) {
    EXPECT_TRUE(Contains(all.out, std::string("organization: ") + code + " (")) << code << ": " << all.out;
  }
  // Rotating replaces the key.
  CommandResult rotate = RunBaton({"keys", "rotate", "--data", demo, "--org", "iom"});
  ASSERT_EQ(rotate.exit_code, 0) << rotate.Describe();
  const std::string new_key = CardLine(rotate.out, "public_key");
  const std::string new_fingerprint = CardLine(rotate.out, "fingerprint");
  EXPECT_TRUE(std::regex_match(new_key, key_text)) << rotate.out;
  EXPECT_NE(new_key, iom_key);
  EXPECT_EQ(CardLine(RunBaton({"keys", "show", "--data", demo, "--org", "iom"}).out, "public_key"), new_key);

  // A fresh directory: its own organisation has its key pair; IOM's key is registered from its card.
  std::string dir = Init();
  CommandResult own = RunBaton({"keys", "show", "--data", dir});
  ASSERT_EQ(own.exit_code, 0) << own.Describe();
  EXPECT_EQ(CardLine(own.out, "organization"), "bor-mental-health (Bor Mental Health)") << own.out;
  EXPECT_TRUE(std::regex_match(CardLine(own.out, "public_key"), key_text)) << own.out;
  EXPECT_EQ(CardLine(own.out, "local"), "yes") << own.out;
  {
    auto server = BatonProcess::Serve(dir);
    ASSERT_NE(server, nullptr);
    Session chief = SignIn(server->client(), "chief", kPassword);
    HttpResponse iom = server->client().Post(
        "/api/v1/organizations",
        {{"code", "iom"}, {"name", "International Organization for Migration"}, {"type", "un_agency"}}, chief.token);
    ASSERT_EQ(iom.status, 201) << iom.Describe();
    EXPECT_EQ(server->Stop(), 0);
  }
  CommandResult none = RunBaton({"keys", "show", "--data", dir, "--org", "iom"});
  EXPECT_TRUE(FailsWithOneLine(none));
  EXPECT_TRUE(Contains(none.err, "no public key")) << none.err;
  CommandResult reg = RunBaton({"keys", "register", "--data", dir, "--org", "iom", "--public-key", new_key});
  ASSERT_EQ(reg.exit_code, 0) << reg.Describe();
  CommandResult after = RunBaton({"keys", "show", "--data", dir, "--org", "iom"});
  ASSERT_EQ(after.exit_code, 0) << after.Describe();
  EXPECT_EQ(CardLine(after.out, "public_key"), new_key) << after.out;
  EXPECT_EQ(CardLine(after.out, "fingerprint"), new_fingerprint) << after.out;
  EXPECT_EQ(CardLine(after.out, "source"), "registered") << after.out;
  EXPECT_EQ(CardLine(after.out, "local"), "no") << after.out;

  // Its own organisation's key is rotated, never registered; bad keys and names are refused.
  CommandResult self = RunBaton({"keys", "register", "--data", dir, "--org", "bor-mental-health", "--public-key", new_key});
  EXPECT_TRUE(FailsWithOneLine(self));
  EXPECT_TRUE(Contains(self.err, "rotate")) << self.err;
  CommandResult malformed = RunBaton({"keys", "register", "--data", dir, "--org", "iom", "--public-key", "baton-org-key-1:nope"});
  EXPECT_TRUE(FailsWithOneLine(malformed));
  EXPECT_TRUE(Contains(malformed.err, "public_key")) << malformed.err;
  CommandResult unknown = RunBaton({"keys", "rotate", "--data", dir, "--org", "nobody"});
  EXPECT_TRUE(FailsWithOneLine(unknown));
  EXPECT_TRUE(Contains(unknown.err, "nobody")) << unknown.err;
  CommandResult no_org = RunBaton({"keys", "rotate", "--data", dir});
  EXPECT_TRUE(FailsWithOneLine(no_org));
  EXPECT_TRUE(Contains(no_org.err, "--org")) << no_org.err;
  EXPECT_EQ(CardLine(RunBaton({"keys", "show", "--data", dir, "--org", "iom"}).out, "public_key"), new_key);
  CommandResult verify = RunBaton({"verify", "--data", dir});
  EXPECT_EQ(verify.exit_code, 0) << verify.Describe();
}

}  // namespace
}  // namespace baton::test
