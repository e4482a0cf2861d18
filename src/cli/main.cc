// `baton`: the command line. Parses arguments with CLI11 and hands over to cli/commands.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "base/crypto.h"
#include "cli/commands.h"
#include "service/setup_service.h"

int main(int argc, char** argv) {
  baton::crypto::Init();
  CLI::App app{"Baton: an information system for MHPSS programmes"};
  app.require_subcommand(1);
  app.fallthrough();
  baton::cli::Common common;
  app.add_option("--store", common.store, "Store to use instead of the data directory's: sqlite:PATH or postgres:CONNINFO");
  app.add_option("--passphrase-file", common.passphrase_file,
                 "File whose first line is the passphrase the data key comes from (at init: use a passphrase instead of a key file)");

  auto add_data = [&](CLI::App* cmd) {
    cmd->add_option("--data", common.data, "Data directory")->required();
  };
  auto add_utc_offset = [&](CLI::App* cmd) {
    cmd->add_option("--utc-offset", common.utc_offset,
                    "The programme's time as an offset from UTC, e.g. +02:00 for South Sudan: the date of "
                    "'today' is taken there (default: this machine's)");
  };
  bool password_stdin = false;

  auto* init = app.add_subcommand("init", "Create a data directory with one organisation and its admin");
  add_data(init);
  std::string org, admin;
  init->add_option("--org", org, "Organisation name")->required();
  init->add_option("--admin", admin, "Admin username")->required();
  init->add_flag("--password-stdin", password_stdin, "Read the admin password from standard input");
  add_utc_offset(init);

  auto* demo = app.add_subcommand("demo", "Create a data directory with the demo programme of Bor PoC site");
  add_data(demo);
  int scale = baton::kDemoPeople;
  demo->add_option("--scale", scale,
                   "Number of people to register (2500 = the story as told; more for benchmarks, with group "
                   "work and about ten attendance entries per person)")
      ->check(CLI::Range(1, baton::kMaxDemoPeople));
  add_utc_offset(demo);
  bool no_handover = false;
  demo->add_flag("--no-handover", no_handover,
                 "Stop the story just before the handover to ALARM (IOM still runs the programme), e.g. to rehearse it");

  auto* serve = app.add_subcommand("serve", "Start the HTTP server and web app");
  add_data(serve);
  std::string listen = "127.0.0.1:8080";
  serve->add_option("--listen", listen, "HOST:PORT to listen on (port 0 picks a free one)");
  std::string web_dir;
  serve->add_option("--web-dir", web_dir, "Serve the web app from this directory (e.g. web/dist) instead of the built-in copy");

  auto* verify = app.add_subcommand("verify", "Check that the change log and current state are intact");
  add_data(verify);

  auto* user = app.add_subcommand("user", "Manage user accounts");
  user->require_subcommand(1);
  std::string username, name, user_org;
  std::vector<std::string> roles;
  auto* user_add = user->add_subcommand("add", "Add a user");
  add_data(user_add);
  user_add->add_option("--org", user_org, "Organisation code, e.g. iom")->required();
  user_add->add_option("--username", username, "Username")->required();
  user_add->add_option("--name", name, "Display name");
  user_add->add_option("--role", roles, "Role (repeat for several)")->required()->check(
      CLI::IsMember({"admin", "manager", "supervisor", "counsellor", "facilitator", "me_officer", "viewer", "advisor"}));
  user_add->add_flag("--password-stdin", password_stdin, "Read the password from standard input");
  auto* user_disable = user->add_subcommand("disable", "Deactivate a user and end their sessions");
  add_data(user_disable);
  user_disable->add_option("--username", username, "Username")->required();
  auto* user_reset = user->add_subcommand("reset-password", "Set a user's password and end their sessions");
  add_data(user_reset);
  user_reset->add_option("--username", username, "Username")->required();
  user_reset->add_flag("--password-stdin", password_stdin, "Read the password from standard input");
  auto* user_list = user->add_subcommand("list", "List users");
  add_data(user_list);
  user_list->add_option("--org", user_org, "Only this organisation (code)");

  auto* org_cmd = app.add_subcommand("org", "Enable or disable an organisation");
  org_cmd->require_subcommand(1);
  std::string org_code;
  auto* org_disable = org_cmd->add_subcommand("disable", "Deactivate an organisation: its people can no longer sign in");
  add_data(org_disable);
  org_disable->add_option("--org", org_code, "Organisation code, e.g. iom")->required();
  auto* org_enable = org_cmd->add_subcommand("enable", "Reactivate an organisation");
  add_data(org_enable);
  org_enable->add_option("--org", org_code, "Organisation code, e.g. iom")->required();

  auto* handover = app.add_subcommand("handover", "Hand a programme over to a partner organisation, or receive one");
  handover->require_subcommand(1);
  baton::cli::HandoverPlanArgs plan_args;
  std::string handover_id, package_file, receipt_file;
  std::vector<std::string> assign;
  auto* handover_plan = handover->add_subcommand("plan", "Plan a handover and print its preview");
  add_data(handover_plan);
  handover_plan->add_option("--programme", plan_args.programme, "Programme id (default: the only programme)");
  handover_plan->add_option("--to", plan_args.to, "Receiving organisation: code or id")->required();
  handover_plan->add_option("--effective", plan_args.effective, "Effective date, YYYY-MM-DD")->required();
  handover_plan->add_option("--purpose", plan_args.purpose, "Why the data moves")->required();
  handover_plan->add_option("--agreement", plan_args.agreement, "Reference of the written data-transfer agreement")->required();
  handover_plan->add_option("--support-until", plan_args.support_until, "Last day of the former owner's advisory support");
  handover_plan->add_flag("--withhold", plan_args.withhold,
                          "Move nothing of people without consent (default: de-identified stand-ins)");
  auto* handover_export = handover->add_subcommand("export", "Approve a planned handover and write its signed, encrypted package");
  add_data(handover_export);
  handover_export->add_option("--handover", handover_id, "Handover id")->required();
  handover_export->add_option("--out", package_file, "File to write")->required();
  auto* handover_verify = handover->add_subcommand("verify", "Check a package addressed to this server without importing it");
  add_data(handover_verify);
  handover_verify->add_option("--package", package_file, "Package file")->required();
  auto* handover_import = handover->add_subcommand("import", "Verify a package and import the programme it holds");
  add_data(handover_import);
  handover_import->add_option("--package", package_file, "Package file")->required();
  handover_import->add_option("--assign", assign, "SENDER_USER_ID=USERNAME: who takes over that person's open cases (repeat)");
  handover_import->add_option("--receipt", receipt_file,
                              "File to write the signed receipt to, which the sender completes the handover with");
  auto* handover_complete = handover->add_subcommand(
      "complete", "On the sender's server: complete a handover another server accepted, with its receipt");
  add_data(handover_complete);
  handover_complete->add_option("--handover", handover_id, "Handover id")->required();
  handover_complete->add_option("--receipt", receipt_file, "The receipt file the receiver's import wrote")->required();

  auto* keys = app.add_subcommand("keys", "Organisation key pairs, which sign and open handover packages");
  keys->require_subcommand(1);
  std::string key_org, public_key;
  auto* keys_show = keys->add_subcommand("show", "Print organisations' key cards (public key and fingerprint)");
  add_data(keys_show);
  keys_show->add_option("--org", key_org, "Only this organisation (id or code, e.g. iom)");
  auto* keys_rotate = keys->add_subcommand("rotate", "Make an organisation a new key pair, kept on this node");
  add_data(keys_rotate);
  keys_rotate->add_option("--org", key_org, "Organisation id or code, e.g. iom")->required();
  auto* keys_register = keys->add_subcommand("register", "Record a partner organisation's public key from its key card");
  add_data(keys_register);
  keys_register->add_option("--org", key_org, "Organisation id or code, e.g. alarm")->required();
  keys_register->add_option("--public-key", public_key, "The key as its card shows it: baton-org-key-1:...")->required();
  bool replace_local = false;
  keys_register->add_flag("--replace-local", replace_local,
                          "The organisation keeps a key pair here but its staff moved to their own server: forget it");

  app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports an unknown command word as a missing subcommand; name the word instead.
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
      std::fprintf(stderr, "baton: unknown command '%s' (see baton --help)\n", argv[1]);
    } else {
      std::fprintf(stderr, "baton: %s (see baton --help)\n", e.what());
    }
    return 2;
  }

  using namespace baton::cli;
  if (app.got_subcommand("version")) {
    std::printf("baton %s\n", BATON_VERSION);
    return 0;
  }
  if (*init) return Init(common, org, admin, password_stdin);
  if (*demo) return Demo(common, scale, !no_handover);
  if (*serve) return Serve(common, listen, web_dir);
  if (*verify) return Verify(common);
  if (*user_add) return UserAdd(common, user_org, username, name, roles, password_stdin);
  if (*user_disable) return UserDisable(common, username);
  if (*user_reset) return UserResetPassword(common, username, password_stdin);
  if (*user_list) return UserList(common, user_org);
  if (*org_disable) return OrgSetActive(common, org_code, false);
  if (*org_enable) return OrgSetActive(common, org_code, true);
  if (*handover_plan) return HandoverPlan(common, plan_args);
  if (*handover_export) return HandoverExport(common, handover_id, package_file);
  if (*handover_verify) return HandoverVerify(common, package_file);
  if (*handover_import) return HandoverImport(common, package_file, assign, receipt_file);
  if (*handover_complete) return HandoverComplete(common, handover_id, receipt_file);
  if (*keys_show) return KeysShow(common, key_org);
  if (*keys_rotate) return KeysRotate(common, key_org);
  if (*keys_register) return KeysRegister(common, key_org, public_key, replace_local);
  return 2;
}
