#include "cli/commands.h"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <iostream>
#include <memory>

#include "base/clock.h"
#include "base/crypto.h"
#include "cli/data_dir.h"
#include "http/api/api.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "http/web_assets.h"
#include "service/services.h"
#include "service/setup_service.h"

namespace baton::cli {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "baton: %s\n", message.c_str());
  return 1;
}

int Fail(const Status& s) {
  std::string message = s.message();
  if (!s.errors().empty() && message.find(s.errors()[0].field) == std::string::npos) {
    message = s.errors()[0].field + " " + s.errors()[0].message;
  }
  return Fail(message);
}

Result<std::string> ReadPassword(bool password_stdin) {
  if (!password_stdin) {
    return Status::Invalid("give the password on standard input with --password-stdin (it is never taken as an argument)");
  }
  if (isatty(STDIN_FILENO)) std::fprintf(stderr, "Password: ");
  std::string line;
  if (!std::getline(std::cin, line) || line.empty()) {
    return Status::Invalid("--password-stdin was given but standard input held no password");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// An open data directory with its store and services.
struct Opened {
  std::unique_ptr<Store> store;
  std::unique_ptr<Services> services;
  ~Opened() {
    services.reset();
    if (store) store->Close();
  }
};

Result<std::string> Passphrase(const Common& c) {
  if (c.passphrase_file.empty()) return std::string();
  return ReadPassphraseFile(c.passphrase_file);
}

Result<std::unique_ptr<Opened>> Open(const Common& c) {
  if (c.data.empty()) return Status::Invalid("--data DIR is required");
  BATON_ASSIGN_OR_RETURN(std::string passphrase, Passphrase(c));
  BATON_ASSIGN_OR_RETURN(DataDir dir, OpenDataDir(c.data, c.store, passphrase));
  auto opened = std::make_unique<Opened>();
  BATON_ASSIGN_OR_RETURN(opened->store, OpenDataDirStore(dir));
  BATON_ASSIGN_OR_RETURN(opened->services, OpenServices(*opened->store, SystemClock::Instance(),
                                                        SystemRandom::Instance(),
                                                        {.data_key = dir.data_key, .utc_offset_minutes = dir.utc_offset_minutes}));
  return opened;
}

// Creates a data directory and marks its store as demo or real; the store must be empty.
Result<std::unique_ptr<Opened>> Create(const Common& c, bool demo) {
  if (c.data.empty()) return Status::Invalid("--data DIR is required");
  BATON_ASSIGN_OR_RETURN(std::string passphrase, Passphrase(c));
  BATON_ASSIGN_OR_RETURN(DataDir dir, CreateDataDir(c.data, c.store, passphrase, c.utc_offset));
  // A demo store is seeded by this command alone and synced when it closes.
  BATON_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenDataDirStore(dir, /*bulk_load=*/demo));
  BATON_RETURN_IF_ERROR(MarkStore(*store, demo));
  auto opened = std::make_unique<Opened>();
  opened->store = std::move(store);
  BATON_ASSIGN_OR_RETURN(opened->services, OpenServices(*opened->store, SystemClock::Instance(),
                                                        SystemRandom::Instance(),
                                                        {.data_key = dir.data_key, .utc_offset_minutes = dir.utc_offset_minutes}));
  return opened;
}

Result<Record> FindUser(Services& s, const std::string& username) {
  ListQuery q{.kind = "user", .equals = {{"username", username}}, .limit = 1};
  BATON_ASSIGN_OR_RETURN(RecordPage page, s.ctx.store().List(q));
  if (page.items.empty()) return Status::NotFound("no user named " + username);
  return page.items[0];
}

Result<Record> FindOrganization(Services& s, const std::string& code) {
  ListQuery q{.kind = "organization", .equals = {{"code", code}}, .limit = 1};
  BATON_ASSIGN_OR_RETURN(RecordPage page, s.ctx.store().List(q));
  if (page.items.empty()) return Status::NotFound("no organisation with code " + code);
  return page.items[0];
}

Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return Status::Invalid("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = -1;
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1) port = -1;
  } catch (...) {
    port = -1;
  }
  if (host.empty() || port < 0 || port > 65535) {
    return Status::Invalid("--listen must be HOST:PORT with a port from 0 to 65535, not '" + listen + "'");
  }
  return std::make_pair(host, static_cast<uint16_t>(port));
}

}  // namespace

int Init(const Common& c, const std::string& org, const std::string& admin, bool password_stdin) {
  auto password = ReadPassword(password_stdin);
  if (!password.ok()) return Fail(password.status());
  auto opened = Create(c, /*demo=*/false);
  if (!opened.ok()) return Fail(opened.status());
  auto result = InitializeOrganization(*(*opened)->services, org, admin, *password);
  if (!result.ok()) return Fail(result.status());
  std::printf("Created %s with organisation '%s' and admin '%s'.\nStart it with: baton serve --data %s\n",
              c.data.c_str(), org.c_str(), admin.c_str(), c.data.c_str());
  return 0;
}

int Demo(const Common& c, int scale) {
  auto opened = Create(c, /*demo=*/true);
  if (!opened.ok()) return Fail(opened.status());
  auto logins = SeedDemo(*(*opened)->services, scale,
                         [](const std::string& line) { std::fprintf(stderr, "baton demo: %s\n", line.c_str()); });
  if (!logins.ok()) return Fail(logins.status());
  std::printf("Demo data directory %s: the Bor PoC MHPSS programme (IOM, handed over to ALARM).\n", c.data.c_str());
  std::printf("Demo logins (password '%s', accepted only in a demo data directory):\n", std::string(kDemoPassword).c_str());
  for (const DemoLogin& l : *logins) std::printf("  %-20s %s\n", l.username.c_str(), l.roles.c_str());
  return 0;
}

int Serve(const Common& c, const std::string& listen, const std::string& web_dir) {
  auto address = ParseListen(listen);
  if (!address.ok()) return Fail(address.status());
  // The web app: embedded in the binary, or from disk for front-end development.
  std::shared_ptr<const http::StaticFiles> web;
  if (web_dir.empty()) {
    web = std::make_shared<const http::StaticFiles>(http::WebAssets());
  } else {
    auto from_disk = http::StaticFiles::FromDirectory(web_dir);
    if (!from_disk.ok()) return Fail("--web-dir: " + web_dir + " is not a directory");
    web = std::make_shared<const http::StaticFiles>(std::move(*from_disk));
  }
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  Services& services = *(*opened)->services;

  http::Router router;
  http::RegisterApi(router, services, {BATON_VERSION, StoreKindName(services.ctx.store().kind())});
  http::ServerOptions options;
  options.host = address->first;
  options.port = address->second;
  options.upload_path_suffixes = {"/persons/import"};  // registers arrive as files of many MB
  http::Server server(options, http::WithWebApp([&router](http::Request& r) { return router.Dispatch(r); }, web));
  if (Status s = server.Start(); !s.ok()) return Fail(s);
  std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::printf("Baton %s listening on http://%s:%u/ (store: %s)\n", BATON_VERSION, host.c_str(),
              static_cast<unsigned>(server.port()), StoreKindName(services.ctx.store().kind()));
  if (!web_dir.empty()) {
    std::printf("serving the web app from %s\n", web_dir.c_str());
  } else if (http::WebAssetsArePlaceholder()) {
    std::printf("the web app was not built into this binary: / shows how to build it (scripts/build)\n");
  }
  std::fflush(stdout);
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  std::thread housekeeper([&] {
    std::unique_lock lock(mu);
    do {
      (void)Housekeep(services.ctx.store(), SystemClock::Instance().NowMs());
    } while (!cv.wait_for(lock, std::chrono::minutes(10), [&] { return stopping; }));
  });
  server.Run(/*handle_signals=*/true);
  {
    std::lock_guard lock(mu);
    stopping = true;
  }
  cv.notify_all();
  housekeeper.join();
  std::fprintf(stderr, "baton: stopped\n");
  return 0;
}

int Verify(const Common& c) {
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  auto report = (*opened)->services->audit.Verify(Principal::System());
  if (!report.ok()) return Fail(report.status());
  if (!report->ok) {
    return Fail("change log check failed: " + report->problem);
  }
  std::printf("change log intact: %lld entries, %lld records match, head %s\n",
              static_cast<long long>(report->entries), static_cast<long long>(report->records),
              report->head_hash.c_str());
  return 0;
}

int UserAdd(const Common& c, const std::string& org_code, const std::string& username, const std::string& name,
            const std::vector<std::string>& roles, bool password_stdin) {
  auto password = ReadPassword(password_stdin);
  if (!password.ok()) return Fail(password.status());
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  Services& s = *(*opened)->services;
  auto org = FindOrganization(s, org_code);
  if (!org.ok()) return Fail(org.status());
  auto user = s.accounts.Create(Principal::System(), Collection::kUsers,
                                Json{{"username", username},
                                     {"display_name", name.empty() ? username : name},
                                     {"roles", roles},
                                     {"password", *password}},
                                org->id);
  if (!user.ok()) return Fail(user.status());
  std::printf("added %s (%s) to %s\n", username.c_str(), user->data["roles"].dump().c_str(), org_code.c_str());
  return 0;
}

int UserDisable(const Common& c, const std::string& username) {
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  Services& s = *(*opened)->services;
  auto user = FindUser(s, username);
  if (!user.ok()) return Fail(user.status());
  auto done = s.accounts.Deactivate(Principal::System(), Collection::kUsers, user->id, std::nullopt);
  if (!done.ok()) return Fail(done.status());
  std::printf("disabled %s; their sessions have ended\n", username.c_str());
  return 0;
}

int UserResetPassword(const Common& c, const std::string& username, bool password_stdin) {
  auto password = ReadPassword(password_stdin);
  if (!password.ok()) return Fail(password.status());
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  Services& s = *(*opened)->services;
  auto user = FindUser(s, username);
  if (!user.ok()) return Fail(user.status());
  if (Status st = s.auth.ResetPassword(Principal::System(), user->id, *password); !st.ok()) return Fail(st);
  std::printf("password of %s reset; their sessions have ended\n", username.c_str());
  return 0;
}

int UserList(const Common& c, const std::string& org_code) {
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  Services& s = *(*opened)->services;
  ListParams params;
  params.limit = 200;
  if (!org_code.empty()) {
    auto org = FindOrganization(s, org_code);
    if (!org.ok()) return Fail(org.status());
    params.filters["organization_id"] = org->id;
  }
  std::printf("%-24s %-8s %-30s %s\n", "USERNAME", "ACTIVE", "ROLES", "NAME");
  for (;;) {
    auto page = s.accounts.List(Principal::System(), Collection::kUsers, params);
    if (!page.ok()) return Fail(page.status());
    for (const Record& u : page->items) {
      std::string roles;
      for (const Json& r : u.data["roles"]) roles += (roles.empty() ? "" : ",") + r.get<std::string>();
      std::printf("%-24s %-8s %-30s %s\n", u.data.value("username", "").c_str(),
                  u.data.value("active", true) ? "yes" : "no", roles.c_str(),
                  u.data.value("display_name", "").c_str());
    }
    if (!page->next_cursor) break;
    params.cursor = *page->next_cursor;
  }
  return 0;
}

int OrgSetActive(const Common& c, const std::string& org_code, bool active) {
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  Services& s = *(*opened)->services;
  auto org = FindOrganization(s, org_code);
  if (!org.ok()) return Fail(org.status());
  auto done = s.accounts.Update(Principal::System(), Collection::kOrganizations, org->id, Json{{"active", active}},
                                std::nullopt);
  if (!done.ok()) return Fail(done.status());
  std::printf("%s %s; its people %s sign in\n", org_code.c_str(), active ? "enabled" : "disabled",
              active ? "can" : "can no longer");
  return 0;
}

}  // namespace baton::cli
