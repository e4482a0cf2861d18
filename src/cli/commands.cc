#include "cli/commands.h"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <mutex>
#include <thread>
#include <iostream>
#include <memory>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/ids.h"
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

// An organisation named by its id or by its code.
Result<Record> FindOrganizationByIdOrCode(Services& s, const std::string& id_or_code) {
  auto by_id = s.ctx.store().Get("organization", id_or_code);
  if (by_id.ok() || by_id.status().code() != Code::kNotFound) return by_id;
  auto by_code = FindOrganization(s, id_or_code);
  if (!by_code.ok() && by_code.status().code() == Code::kNotFound) {
    return Status::NotFound("no organisation with id or code " + id_or_code);
  }
  return by_code;
}

// A key card, one "label: value" a line (the public key is copied from here to a partner).
void PrintKeyCard(const Record& org, const Json& card) {
  auto line = [](const char* label, const std::string& value) { std::printf("%-13s %s\n", label, value.c_str()); };
  line("organization:", org.data.value("code", "") + " (" + org.data.value("name", "") + ")");
  line("id:", org.id);
  line("public_key:", card.value("public_key", ""));
  line("fingerprint:", card.value("fingerprint", ""));
  line("created_at:", card.value("created_at", ""));
  line("source:", card.value("source", ""));
  line("local:", card.value("local", false) ? "yes" : "no");
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
  // Its staff work on this node: the organisation keeps its key pair here, for handovers.
  auto card = (*opened)->services->org_keys.Rotate(Principal::System(), result->organization_id);
  if (!card.ok()) return Fail(card.status());
  std::printf("Created %s with organisation '%s' and admin '%s'.\nStart it with: baton serve --data %s\n",
              c.data.c_str(), org.c_str(), admin.c_str(), c.data.c_str());
  return 0;
}

int Demo(const Common& c, int scale, bool with_handover) {
  auto opened = Create(c, /*demo=*/true);
  if (!opened.ok()) return Fail(opened.status());
  auto logins = SeedDemo(
      *(*opened)->services, scale, [](const std::string& line) { std::fprintf(stderr, "baton demo: %s\n", line.c_str()); },
      with_handover);
  if (!logins.ok()) return Fail(logins.status());
  std::printf("Demo data directory %s: the Bor PoC MHPSS programme (IOM, %s).\n", c.data.c_str(),
              with_handover ? "handed over to ALARM on 15 August 2017" : "just before its handover to ALARM");
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
  // Registers and handover packages arrive as files of many MB.
  options.upload_path_suffixes = {"/persons/import", "/handovers/import"};
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

namespace {

void PrintPreview(const Json& preview) {
  const Json& people = preview["people"];
  std::printf("people: %lld in the programme; %lld move with identity (consent to share), %lld de-identified, %lld withheld; consent coverage %lld%%\n",
              static_cast<long long>(people.value("total", 0)), static_cast<long long>(people.value("identified", 0)),
              static_cast<long long>(people.value("deidentified", 0)), static_cast<long long>(people.value("withheld", 0)),
              static_cast<long long>(people.value("consent_coverage_percent", 0)));
  std::printf("records that move:");
  for (const auto& [kind, n] : preview["records"].items()) std::printf(" %s %lld", kind.c_str(), static_cast<long long>(n.get<int64_t>()));
  std::printf("\n");
  for (const Json& r : preview.value("readiness", Json::array())) {
    std::printf("  [%s] %s: %s\n", r.value("state", "").c_str(), r.value("item", "").c_str(), r.value("detail", "").c_str());
  }
  for (const Json& p : preview.value("problems", Json::array())) std::printf("problem: %s\n", p.value("message", "").c_str());
}

Result<std::string> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

int HandoverPlan(const Common& c, const HandoverPlanArgs& a) {
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  Services& s = *(*opened)->services;
  std::string programme = a.programme;
  if (programme.empty()) {
    // The only programme of the store, as on a site laptop.
    auto page = s.ctx.store().List({.kind = "programme", .limit = 2});
    if (!page.ok()) return Fail(page.status());
    if (page->items.size() != 1) return Fail("name the programme with --programme ID");
    programme = page->items[0].id;
  }
  auto receiver_org = FindOrganizationByIdOrCode(s, a.to);
  if (!receiver_org.ok()) return Fail(receiver_org.status());
  const std::string receiver = receiver_org->id;
  Json input = {{"programme_id", programme},
                {"receiver_organization_id", receiver},
                {"effective_date", a.effective},
                {"purpose", a.purpose},
                {"agreement_reference", a.agreement},
                {"non_consenting", a.withhold ? "withhold" : "deidentified"}};
  if (!a.support_until.empty()) input["support_until"] = a.support_until;
  auto plan = s.handovers.Create(Principal::System(), input);
  if (!plan.ok()) return Fail(plan.status());
  auto view = s.handovers.Get(Principal::System(), plan->id);
  if (!view.ok()) return Fail(view.status());
  std::printf("handover %s planned\n", plan->id.c_str());
  PrintPreview((*view)["preview"]);
  return 0;
}

int HandoverExport(const Common& c, const std::string& handover_id, const std::string& out) {
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  Services& s = *(*opened)->services;
  auto plan = s.ctx.store().Get("handover", handover_id);
  if (!plan.ok()) return Fail("no handover with id " + handover_id);
  if (plan->data.value("status", "") == "planned") {
    // Whoever holds the data directory approves as its manager and admin at once.
    auto approved = s.handovers.Approve(Principal::System(), handover_id, std::nullopt);
    if (!approved.ok()) return Fail(approved.status());
    std::printf("approved from the command line\n");
  }
  auto file = s.handovers.Package(Principal::System(), handover_id);
  if (!file.ok()) return Fail(file.status());
  std::ofstream f(out, std::ios::binary | std::ios::trunc);
  if (!f) return Fail("cannot write " + out);
  f.write(file->bytes.data(), static_cast<std::streamsize>(file->bytes.size()));
  f.close();
  if (!f) return Fail("cannot write " + out);
  std::filesystem::permissions(out, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto after = s.ctx.store().Get("handover", handover_id);
  const Json package = after.ok() ? after->data.value("package", Json::object()) : Json::object();
  std::printf("wrote %s (%zu bytes): package %s, %lld change sets\n", out.c_str(), file->bytes.size(),
              package.value("id", "").c_str(), static_cast<long long>(package.value("change_sets", 0)));
  return 0;
}

namespace {
int PrintVerifyReport(const Json& r) {
  std::printf("package %s of handover %s, made %s\n", r.value("package_id", "").c_str(),
              r["handover"].value("id", "").c_str(), r.value("created_at", "").c_str());
  std::printf("from: %s (key %s, %s)\n", r["sender"].value("name", "").c_str(), r["sender"].value("fingerprint", "").c_str(),
              r["sender"].value("known", false) ? "the key registered here" : "not registered here: compare the key with the sender's");
  std::printf("to:   %s (key %s)\n", r["recipient"].value("name", "").c_str(), r["recipient"].value("fingerprint", "").c_str());
  std::printf("programme: %s; effective %s; agreement %s\n", r["handover"].value("programme_name", "").c_str(),
              r["handover"].value("effective_date", "").c_str(), r["handover"].value("agreement_reference", "").c_str());
  std::printf("purpose: %s\n", r["handover"].value("purpose", "").c_str());
  PrintPreview(r);
  std::map<std::string, std::string> staff;
  for (const Json& u : r.value("staff", Json::array())) staff[u.value("id", "")] = u.value("display_name", "");
  std::set<std::string> assignees;
  for (const Json& c : r.value("open_cases", Json::array())) {
    assignees.insert(c.value("counsellor_id", ""));
    assignees.insert(c.value("supervisor_id", ""));
  }
  assignees.erase("");
  if (!assignees.empty()) std::printf("open cases need new staff (--assign ID=USERNAME):\n");
  for (const std::string& id : assignees) std::printf("  %s  %s\n", id.c_str(), staff[id].c_str());
  if (r.value("already_imported", false)) std::printf("this package was imported here already\n");
  std::printf("verified: signature, content and consent basis hold\n");
  return 0;
}
}  // namespace

int HandoverVerify(const Common& c, const std::string& package) {
  auto bytes = ReadFileBytes(package);
  if (!bytes.ok()) return Fail(bytes.status());
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  auto report = (*opened)->services->handovers.Verify(Principal::System(), *bytes);
  if (!report.ok()) return Fail("refused: " + report.status().message());
  return PrintVerifyReport(*report);
}

int HandoverImport(const Common& c, const std::string& package, const std::vector<std::string>& assign,
                   const std::string& receipt) {
  auto bytes = ReadFileBytes(package);
  if (!bytes.ok()) return Fail(bytes.status());
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  Services& s = *(*opened)->services;
  Json assignments = Json::object();
  for (const std::string& a : assign) {
    const size_t eq = a.find('=');
    if (eq == std::string::npos) return Fail("--assign takes SENDER_USER_ID=USERNAME, e.g. --assign 0190...=alarm.counsellor");
    std::string to = a.substr(eq + 1);
    if (!IsUuid(to)) {
      auto user = FindUser(s, to);
      if (!user.ok()) return Fail(user.status());
      to = user->id;
    }
    assignments[a.substr(0, eq)] = to;
  }
  auto result = s.handovers.Import(Principal::System(), *bytes, {{"assignments", assignments}});
  if (!result.ok()) return Fail("refused: " + result.status().message());
  std::printf("imported handover %s into %s: %lld change sets applied, %lld people de-identified\n",
              result->value("handover_id", "").c_str(), result->value("organization_id", "").c_str(),
              static_cast<long long>(result->value("change_sets_applied", 0)),
              static_cast<long long>(result->value("deidentified_people", 0)));
  for (const auto& [kind, n] : (*result)["records"].items()) std::printf("  %s %lld\n", kind.c_str(), static_cast<long long>(n.get<int64_t>()));
  if (!receipt.empty()) {
    std::ofstream f(receipt, std::ios::trunc);
    f << (*result)["receipt"].dump() << "\n";
    f.close();
    if (!f) return Fail("imported, but cannot write the receipt to " + receipt);
    std::printf("wrote the receipt to %s: the sender completes the handover with it (baton handover complete)\n",
                receipt.c_str());
  }
  return 0;
}

int HandoverComplete(const Common& c, const std::string& handover_id, const std::string& receipt) {
  auto text = ReadFileBytes(receipt);
  if (!text.ok()) return Fail(text.status());
  const Json body = Json::parse(*text, nullptr, false);
  if (body.is_discarded()) return Fail(receipt + " is not a receipt (it is not JSON)");
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  auto done = (*opened)->services->handovers.Complete(Principal::System(), handover_id, body);
  if (!done.ok()) return Fail("refused: " + done.status().message());
  const Json accepted = done->data.value("accepted", Json::object());
  std::printf("handover %s completed: accepted by %s on %s; the programme's records are theirs here too\n",
              handover_id.c_str(), accepted.value("organization_id", "").c_str(), accepted.value("at", "").c_str());
  return 0;
}

int KeysShow(const Common& c, const std::string& org) {
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  Services& s = *(*opened)->services;
  if (!org.empty()) {
    auto record = FindOrganizationByIdOrCode(s, org);
    if (!record.ok()) return Fail(record.status());
    auto card = s.org_keys.Card(Principal::System(), record->id);
    if (!card.ok()) return Fail(card.status());
    PrintKeyCard(*record, *card);
    return 0;
  }
  int shown = 0;
  Status walked = ForEachRecord(s.ctx.store(), ListQuery{.kind = "organization", .limit = 200}, [&](const Record& r) {
    auto card = s.org_keys.Card(Principal::System(), r.id);
    if (!card.ok()) return card.status().code() == Code::kNotFound ? Status::Ok() : card.status();
    if (shown++ > 0) std::printf("\n");
    PrintKeyCard(r, *card);
    return Status::Ok();
  });
  if (!walked.ok()) return Fail(walked);
  if (shown == 0) std::printf("no organisation has a public key yet (baton keys rotate --org CODE makes one)\n");
  return 0;
}

int KeysRotate(const Common& c, const std::string& org) {
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  Services& s = *(*opened)->services;
  auto record = FindOrganizationByIdOrCode(s, org);
  if (!record.ok()) return Fail(record.status());
  const bool had_key = s.org_keys.PublicKey(record->id).ok();
  auto card = s.org_keys.Rotate(Principal::System(), record->id);
  if (!card.ok()) return Fail(card.status());
  if (had_key) {
    std::printf("replaced the key pair of %s: packages sealed to its old key no longer open here; give partners the "
                "new key card\n\n", record->data.value("code", "").c_str());
  } else {
    std::printf("made the key pair of %s; give partners its key card\n\n", record->data.value("code", "").c_str());
  }
  PrintKeyCard(*record, *card);
  return 0;
}

int KeysRegister(const Common& c, const std::string& org, const std::string& public_key, bool replace_local) {
  auto opened = Open(c);
  if (!opened.ok()) return Fail(opened.status());
  Services& s = *(*opened)->services;
  auto record = FindOrganizationByIdOrCode(s, org);
  if (!record.ok()) return Fail(record.status());
  auto card = s.org_keys.Register(Principal::System(), record->id, public_key, replace_local);
  if (!card.ok()) return Fail(card.status());
  std::printf("registered the public key of %s: check its fingerprint with them\n\n", record->data.value("code", "").c_str());
  PrintKeyCard(*record, *card);
  return 0;
}

}  // namespace baton::cli
