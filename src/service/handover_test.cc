// Handovers through the services, on real SQLite stores and a fake clock: IOM's demo programme
// handed to ALARM on another server and on the same one. What moves with identity moves only on a
// consent that covers it; counts in the manifest are what arrives; a package that was altered,
// cut short, sent elsewhere or sent twice is refused with nothing written; the former owner's
// advisors lose access when the support ends.
#include "service/handover_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "domain/handover.h"
#include "changes/handover_package.h"
#include "service/test_node.h"
#include "service/services.h"
#include "service/report_service.h"
#include "service/setup_service.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kDay = 86'400'000;
constexpr int64_t k20170816 = 1'502'841'600'000;  // 2017-08-16T00:00:00Z

// One node, with what these tests read of it.
struct Node : test::Node {
  using test::Node::Node;
  std::vector<Record> All(const std::string& kind, std::vector<std::pair<std::string, Json>> equals = {}) {
    std::vector<Record> out;
    ListQuery q{.kind = kind, .equals = std::move(equals), .limit = 1000};
    for (;;) {
      auto page = store->List(q);
      EXPECT_TRUE(page.ok());
      for (Record& r : page->items) out.push_back(std::move(r));
      if (!page->has_more) return out;
      q.after_id = out.back().id;
    }
  }
  int64_t Head() { return store->Head().value().first; }
  bool Verified() {
    auto report = services->audit.Verify(Principal::System());
    return report.ok() && report->ok;
  }
};

class HandoverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::FreshDir("baton-handover-test");
    iom_ = std::make_unique<Node>(dir_ / "iom", clock_, random_, 'i');
    ASSERT_TRUE(SeedDemo(*iom_->services, 300).ok());
    programme_ = iom_->All("programme").at(0).id;
    alarm_here_ = iom_->OrgId("alarm");
    iom_org_ = iom_->OrgId("iom");
  }
  void TearDown() override {
    iom_.reset();
    alarm_.reset();
    fs::remove_all(dir_);
  }

  // ALARM's own server: its organisation, staff and key pair; its key card registered on IOM's
  // server for the ALARM IOM knows.
  void StartAlarmServer() {
    alarm_ = std::make_unique<Node>(dir_ / "alarm", clock_, random_, 'a');
    Services& s = *alarm_->services;
    auto org = s.accounts.Create(Principal::System(), Collection::kOrganizations,
                                 {{"code", "alarm"}, {"name", "ALARM"}, {"type", "national_ngo"}});
    ASSERT_TRUE(org.ok()) << org.status().ToString();
    for (const char* role : {"admin", "manager", "counsellor", "supervisor"}) {
      ASSERT_TRUE(s.accounts
                      .Create(Principal::System(), Collection::kUsers,
                              {{"username", std::string("alarm2.") + role},
                               {"display_name", std::string("ALARM ") + role},
                               {"roles", {role}},
                               {"password", "a long enough passphrase"}},
                              org->id)
                      .ok());
    }
    auto card = s.org_keys.Rotate(Principal::System(), org->id);
    ASSERT_TRUE(card.ok()) << card.status().ToString();
    // The demo keeps ALARM's key pair on IOM's server (its staff work there); here they have their
    // own server, so IOM's records its key instead.
    auto registered = iom_->services->org_keys.Register(Principal::System(), alarm_here_, (*card)["public_key"].get<std::string>(),
                                                        /*replace_local=*/true);
    ASSERT_TRUE(registered.ok()) << registered.status().ToString();
    alarm_org_ = org->id;
  }

  Json Plan(Json extra = Json::object()) {
    Json input = {{"programme_id", programme_},
                  {"receiver_organization_id", alarm_here_},
                  {"effective_date", "2017-08-15"},
                  {"purpose", "ALARM continues the MHPSS programme of the Bor PoC site for the people it serves."},
                  {"agreement_reference", "IOM-ALARM DTA 2017/08"},
                  {"support_until", "2017-12-31"}};
    input.update(extra);
    return input;
  }

  // Settles what blocks the demo programme's handover as IOM's staff would: every open risk
  // flag acknowledged, and the open cases of people who did not consent closed.
  void Settle() {
    Services& s = *iom_->services;
    const Principal manager = iom_->As("iom.manager");
    auto plan = s.handovers.Create(manager, Plan());
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    plan_ = plan->id;
    for (int round = 0; round < 3; ++round) {
      auto view = s.handovers.Get(manager, plan_);
      ASSERT_TRUE(view.ok()) << view.status().ToString();
      const Json problems = (*view)["preview"]["problems"];
      if (problems.size() <= 1) return;  // the receiver's key may still be missing
      for (const Json& p : problems) {
        const std::string code = p["code"];
        if (code == "open_risk_flag") {
          auto r = s.risk.Acknowledge(manager, p["flag_id"].get<std::string>(), {{"note", "Seen by the supervisor; safety plan reviewed."}}, std::nullopt);
          ASSERT_TRUE(r.ok()) << r.status().ToString();
        } else if (code == "open_case_without_consent") {
          Record c = iom_->store->Get("case", p["case_id"].get<std::string>()).value();
          ChangeSet set = s.ctx.NewChangeSet(Principal::System());
          EntityChange ch{"case", c.id, ChangeOp::kUpdate, {{"status", "closed"}, {"closed_on", "2017-08-10"}}};
          set.changes.push_back(std::move(ch));
          ASSERT_TRUE(iom_->store->Commit(std::move(set)).ok());
        }
      }
    }
  }

  std::string Approved() {
    Settle();
    Services& s = *iom_->services;
    EXPECT_TRUE(s.handovers.Approve(iom_->As("iom.manager"), plan_, std::nullopt).ok());
    auto r = s.handovers.Approve(iom_->As("iom.admin"), plan_, std::nullopt);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->data["status"], "approved");
    return plan_;
  }

  std::string Package() {
    auto file = iom_->services->handovers.Package(iom_->As("iom.manager"), Approved());
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    return file.ok() ? file->bytes : std::string();
  }

  // Assignments of the open cases' staff to `node`'s counsellor and supervisor.
  Json Assignments(const Json& report, Node& node, const std::string& prefix) {
    Json a = Json::object();
    for (const Json& c : report["open_cases"]) {
      a[c["counsellor_id"].get<std::string>()] = node.As(prefix + ".counsellor").user_id;
      a[c["supervisor_id"].get<std::string>()] = node.As(prefix + ".supervisor").user_id;
    }
    return {{"assignments", a}};
  }

  fs::path dir_;
  FakeClock clock_{k20170816};
  SeededRandom random_{17};
  std::unique_ptr<Node> iom_;
  std::unique_ptr<Node> alarm_;
  std::string programme_, alarm_here_, iom_org_, alarm_org_, plan_;
};

TEST_F(HandoverTest, PlanNeedsAManagerOfTheOwnerAndNamesWhatBlocksIt) {
  Services& s = *iom_->services;
  EXPECT_EQ(s.handovers.Create(iom_->As("iom.counsellor"), Plan()).status().code(), Code::kForbidden);
  EXPECT_EQ(s.handovers.Create(iom_->As("alarm.manager"), Plan()).status().code(), Code::kForbidden);
  auto bad = s.handovers.Create(iom_->As("iom.manager"), Plan({{"support_until", "2017-01-01"}}));
  EXPECT_EQ(bad.status().code(), Code::kInvalid);
  ASSERT_FALSE(bad.status().errors().empty());
  EXPECT_EQ(bad.status().errors()[0].field, "support_until");
  EXPECT_EQ(s.handovers.Create(iom_->As("iom.manager"), Plan({{"receiver_organization_id", iom_org_}})).status().code(),
            Code::kInvalid);

  auto plan = s.handovers.Create(iom_->As("iom.manager"), Plan());
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(s.handovers.Create(iom_->As("iom.manager"), Plan()).status().code(), Code::kConflict);  // one at a time
  auto view = s.handovers.Get(iom_->As("iom.manager"), plan->id);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  const Json& preview = (*view)["preview"];
  const Json& people = preview["people"];
  EXPECT_EQ(people["total"].get<int64_t>(), 300);
  EXPECT_EQ(people["identified"].get<int64_t>() + people["deidentified"].get<int64_t>(), 300);
  EXPECT_GT(people["identified"].get<int64_t>(), 0);
  EXPECT_GT(people["deidentified"].get<int64_t>(), 0);
  EXPECT_EQ(preview["records"]["person"], people["identified"]);
  // ALARM's key (the demo keeps it on this server) is on record: the readiness list shows its
  // fingerprint, to be compared with ALARM's by phone.
  const std::string fingerprint = s.org_keys.PublicKey(alarm_here_).value().fingerprint;
  bool key_done = false;
  for (const Json& r : preview["readiness"]) key_done |= r["item"] == "receiver_key" && r["state"] == "done" && r["value"] == fingerprint;
  EXPECT_TRUE(key_done) << preview["readiness"].dump();
  // Every withheld record says why, for the sender; ALARM's manager reads the plan without them.
  for (const Json& w : preview["withheld"]) EXPECT_FALSE(w["reason"].get<std::string>().empty());
  auto theirs = s.handovers.Get(iom_->As("alarm.manager"), plan->id);
  ASSERT_TRUE(theirs.ok()) << theirs.status().ToString();
  EXPECT_FALSE((*theirs)["preview"].contains("withheld"));
  EXPECT_EQ(s.handovers.Get(iom_->As("alarm.counsellor"), plan->id).status().code(), Code::kForbidden);
  EXPECT_EQ(s.handovers.Get(iom_->As("dca.viewer"), plan->id).status().code(), Code::kForbidden);

  // To an organisation with no key on record: a problem, and a step still to do.
  ASSERT_TRUE(s.handovers.Cancel(iom_->As("iom.manager"), plan->id, std::nullopt).ok());
  auto keyless = s.accounts.Create(Principal::System(), Collection::kOrganizations,
                                   {{"code", "tpo"}, {"name", "TPO South Sudan"}, {"type", "national_ngo"}});
  ASSERT_TRUE(keyless.ok());
  auto second = s.handovers.Create(iom_->As("iom.manager"), Plan({{"receiver_organization_id", keyless->id}}));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  const Json again = s.handovers.Get(iom_->As("iom.manager"), second->id).value()["preview"];
  bool key_missing = false;
  for (const Json& p : again["problems"]) key_missing |= p["code"] == "receiver_key_missing";
  EXPECT_TRUE(key_missing);
  bool key_todo = false;
  for (const Json& r : again["readiness"]) key_todo |= r["item"] == "receiver_key" && r["state"] == "todo";
  EXPECT_TRUE(key_todo);
  // Only those who consented to share with any partner move to an organisation they were never
  // asked about.
  EXPECT_LT(again["people"]["identified"].get<int64_t>(), people["identified"].get<int64_t>());
}

TEST_F(HandoverTest, ApprovalTakesAManagerAndAnAdminAndIsRefusedWhileAProblemBlocks) {
  Services& s = *iom_->services;
  auto plan = s.handovers.Create(iom_->As("iom.manager"), Plan());
  ASSERT_TRUE(plan.ok());
  auto view = s.handovers.Get(iom_->As("iom.manager"), plan->id).value();
  bool blocked = false;
  for (const Json& p : view["preview"]["problems"]) blocked |= p["code"] != "receiver_key_missing";
  if (blocked) {
    EXPECT_EQ(s.handovers.Approve(iom_->As("iom.manager"), plan->id, std::nullopt).status().code(), Code::kConflict);
  }
  ASSERT_TRUE(s.handovers.Cancel(iom_->As("iom.manager"), plan->id, std::nullopt).ok());
  Approved();
  // Each approval names its approver, so the receiver's copy can say who approved.
  const Json approvals = iom_->store->Get("handover", plan_).value().data["approvals"];
  ASSERT_EQ(approvals.size(), 2u);
  EXPECT_EQ(approvals[0]["name"], "IOM manager");
  EXPECT_EQ(approvals[0]["role"], "manager");
  EXPECT_EQ(approvals[1]["name"], "IOM admin");
  EXPECT_EQ(approvals[1]["role"], "admin");
  const Json list = s.handovers.List(iom_->As("iom.admin"), programme_).value();
  ASSERT_EQ(list["items"].size(), 2u);  // the cancelled one too, newest first
  EXPECT_EQ(list["items"][0]["id"], plan_);
  EXPECT_EQ(list["items"][0]["programme_name"], "MHPSS programme, Bor PoC site");
  EXPECT_EQ(s.handovers.List(iom_->As("iom.counsellor"), programme_).status().code(), Code::kForbidden);
  EXPECT_EQ(s.handovers.Approve(iom_->As("iom.manager"), plan_, std::nullopt).status().code(), Code::kConflict);
  EXPECT_EQ(s.handovers.Approve(iom_->As("iom.counsellor"), plan_, std::nullopt).status().code(), Code::kForbidden);
}

TEST_F(HandoverTest, AnotherServerImportsTheProgrammeWithItsHistoryOnConsentOnly) {
  StartAlarmServer();
  // A change set touching what moves (the programme) and what stays (a user of IOM's) travels
  // without what stays.
  ChangeSet mixed = iom_->services->ctx.NewChangeSet(Principal::System());
  mixed.changes.push_back({"programme", programme_, ChangeOp::kUpdate, {{"description", "Six streams, one site."}}});
  mixed.changes.push_back({"user", iom_->As("iom.counsellor").user_id, ChangeOp::kUpdate, {{"display_name", "Akech D."}}});
  const std::string mixed_id = mixed.id;
  ASSERT_TRUE(iom_->store->Commit(std::move(mixed)).ok());
  const std::string bytes = Package();
  ASSERT_FALSE(bytes.empty());
  // Nothing readable leaves: no name of the demo is in the file.
  EXPECT_EQ(bytes.find("Bor PoC"), std::string::npos);

  Services& a = *alarm_->services;
  const Principal manager = alarm_->As("alarm2.manager");
  const int64_t before = alarm_->Head();
  auto report = a.handovers.Verify(manager, bytes);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE((*report)["sender"]["known"] == false);  // IOM's key is not registered on ALARM's server
  EXPECT_EQ((*report)["recipient"]["organization_id"], alarm_org_);
  EXPECT_EQ(alarm_->Head(), before);
  EXPECT_EQ(a.handovers.Verify(alarm_->As("alarm2.counsellor"), bytes).status().code(), Code::kForbidden);

  const Json options = Assignments(*report, *alarm_, "alarm2");
  auto missing = a.handovers.Import(manager, bytes, Json::object());
  if (!(*report)["open_cases"].empty()) {
    EXPECT_EQ(missing.status().code(), Code::kInvalid);
  }
  auto result = a.handovers.Import(manager, bytes, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  // The manifest's counts are what arrived, owned by ALARM.
  for (const auto& [kind, n] : (*report)["records"].items()) {
    EXPECT_EQ(alarm_->All(kind, {{"organization_id", alarm_org_}}).size(), n.get<size_t>()) << kind;
    EXPECT_EQ((*result)["records"][kind], n) << kind;
  }
  const Json people = (*report)["people"];
  std::vector<Record> stubs = alarm_->All("person", {{"organization_id", iom_org_}});
  EXPECT_EQ(stubs.size(), people["deidentified"].get<size_t>());
  for (const Record& p : stubs) {
    EXPECT_EQ(p.data["status"], "deidentified");
    EXPECT_FALSE(p.data.contains("sealed"));
    EXPECT_EQ(p.data["birth_date_est"].get<std::string>().substr(4), "-07-01");
  }
  // ALARM's staff open the people who consented, names and all; the others they cannot open.
  std::vector<Record> moved = alarm_->All("person", {{"organization_id", alarm_org_}});
  ASSERT_FALSE(moved.empty());
  auto read = a.persons.Get(manager, moved[0].id);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  auto original = iom_->services->persons.Get(iom_->As("iom.manager"), moved[0].id);
  ASSERT_TRUE(original.ok());
  EXPECT_EQ(read->view["given_name"], original->view["given_name"]);
  EXPECT_FALSE(a.persons.Get(manager, stubs[0].id).ok());
  // Names are found by search on the receiver too (its own blind index).
  PersonListParams search;
  search.q = original->view["given_name"].get<std::string>();
  auto found = a.persons.List(manager, search);
  ASSERT_TRUE(found.ok());
  bool hit = false;
  for (const Json& p : found->items) hit |= p["id"] == moved[0].id;
  EXPECT_TRUE(hit);
  // Open cases have ALARM's counsellor; history is kept (the case's audit shows IOM's changes).
  for (const Json& c : (*report)["open_cases"]) {
    Record kase = alarm_->store->Get("case", c["case_id"].get<std::string>()).value();
    EXPECT_EQ(kase.data["counsellor_id"], alarm_->As("alarm2.counsellor").user_id);
    auto history = alarm_->store->History("case", kase.id, 0, 100).value();
    EXPECT_GE(history.size(), 2u);
    EXPECT_EQ(history[0].set.node, iom_->services->ctx.options().node_id);
  }
  // Every referral that arrived names a service of ALARM's own directory now (IOM's entries came
  // with the referrals that name them).
  const std::vector<Record> referrals = alarm_->All("referral", {{"organization_id", alarm_org_}});
  ASSERT_FALSE(referrals.empty());
  std::set<std::string> named;
  for (const Record& r : referrals) {
    if (r.data.contains("service_id")) named.insert(r.data["service_id"].get<std::string>());
  }
  ASSERT_FALSE(named.empty());
  EXPECT_EQ((*result)["directory_services"].get<size_t>(), named.size());
  for (const std::string& id : named) {
    auto service = a.referrals.GetService(manager, id);
    ASSERT_TRUE(service.ok()) << id << ": " << service.status().ToString();
    EXPECT_EQ((*service)["name"], iom_->store->Get("service", id).value().data["name"]);
    EXPECT_EQ((*service)["organization_id"], alarm_org_);
  }
  bool mixed_arrived = false;
  const std::vector<LogEntry> programme_history = alarm_->store->History("programme", programme_, 0, 1000).value();
  for (const LogEntry& e : programme_history) {
    if (e.set.id != mixed_id) continue;
    mixed_arrived = true;
    ASSERT_EQ(e.set.changes.size(), 1u);
    EXPECT_EQ(e.set.changes[0].patch, Json({{"description", "Six streams, one site."}}));
  }
  EXPECT_TRUE(mixed_arrived);
  EXPECT_EQ(alarm_->store->Get("programme", programme_).value().data["description"], "Six streams, one site.");
  EXPECT_TRUE(alarm_->Verified());
  EXPECT_TRUE(iom_->Verified());
  // What group work reached stays whole: the de-identified stand-ins count where the people did.
  // (Counselling of people who stay is withheld with them, so its figures are the receiver's own.)
  const std::vector<std::string> whole = {"people_reached_peer_support", "contacts_peer_support", "headcount_participants",
                                          "sessions_held"};
  ReportParams params{.programme_id = programme_, .period = "2016", .indicators = whole, .audience = "internal"};
  auto sent = iom_->services->reports.Indicators(iom_->As("iom.manager"), params);
  auto received = a.reports.Indicators(manager, params);
  ASSERT_TRUE(sent.ok() && received.ok()) << sent.status().ToString() << received.status().ToString();
  ASSERT_EQ((*sent)["indicators"].size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    EXPECT_GT((*sent)["indicators"][i]["value"].get<double>(), 0) << whole[i];
    EXPECT_EQ((*received)["indicators"][i]["value"], (*sent)["indicators"][i]["value"]) << whole[i];
  }

  // Importing twice changes nothing.
  const int64_t head = alarm_->Head();
  EXPECT_EQ(a.handovers.Import(manager, bytes, options).status().code(), Code::kConflict);
  EXPECT_EQ(alarm_->Head(), head);
  auto again = a.handovers.Verify(manager, bytes);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE((*again)["already_imported"].get<bool>());
}

TEST_F(HandoverTest, TheReceiversSignedReceiptCompletesTheHandoverOnTheSendersServer) {
  StartAlarmServer();
  const std::string bytes = Package();
  Services& s = *iom_->services;
  const Principal manager = iom_->As("iom.manager");
  Services& a = *alarm_->services;
  const Principal alarm = alarm_->As("alarm2.manager");
  auto report = a.handovers.Verify(alarm, bytes);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto result = a.handovers.Import(alarm, bytes, Assignments(*report, *alarm_, "alarm2"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const Json receipt = (*result)["receipt"];
  const Json said = Json::parse(receipt["receipt"].get<std::string>());
  EXPECT_EQ(said["handover_id"], plan_);
  EXPECT_EQ(said["records"], (*result)["records"]);
  // ALARM keeps it with its record of the handover.
  EXPECT_EQ(alarm_->store->Get("handover", plan_).value().data["accepted"]["receipt"], receipt);

  // Until then IOM's server still has IOM running the programme.
  const std::string gone = alarm_->All("person", {{"organization_id", alarm_org_}}).at(0).id;
  EXPECT_TRUE(s.persons.Get(manager, gone).ok());
  const int64_t head = iom_->Head();
  auto refused = [&](const Json& r) { return s.handovers.Complete(manager, plan_, r).status(); };
  EXPECT_EQ(s.handovers.Complete(iom_->As("iom.counsellor"), plan_, receipt).status().code(), Code::kForbidden);
  EXPECT_EQ(refused(Json::object()).code(), Code::kInvalid);
  EXPECT_EQ(refused("a receipt").code(), Code::kInvalid);
  Json altered = receipt;
  std::string text = altered["receipt"];
  text.replace(text.find("\"records\""), 9, "\"recordz\"");
  altered["receipt"] = text;
  Status bad = refused(altered);
  EXPECT_EQ(bad.code(), Code::kInvalid);
  EXPECT_NE(bad.ToString().find("does not verify"), std::string::npos) << bad.ToString();
  // Signed by ALARM, but for another package than the one IOM made last.
  Json other = said;
  other["package_id"] = "01900000-0000-7000-8000-0000000000ff";
  const OrgSecretKeys alarm_keys = a.org_keys.SecretKeys(alarm_org_).value();
  const std::string other_text = other.dump();
  bad = refused({{"receipt", other_text}, {"signature", crypto::Base64Url(crypto::Sign(alarm_keys.signing, other_text))}});
  EXPECT_EQ(bad.code(), Code::kInvalid);
  EXPECT_NE(bad.ToString().find("another package"), std::string::npos) << bad.ToString();
  EXPECT_EQ(iom_->Head(), head);  // nothing written

  // An activity IOM records after the package was made never reached ALARM: it stays IOM's.
  clock_.Set(k20170816 + 60 * 1000);
  ChangeSet late = s.ctx.NewChangeSet(manager);
  late.changes.push_back({"activity", s.ctx.NewId(), ChangeOp::kCreate,
                          {{"programme_id", programme_}, {"organization_id", iom_org_}, {"title", "Football, added late"},
                           {"stream", "recreational"}, {"status", "planned"}}});
  const std::string late_id = late.changes[0].id;
  ASSERT_TRUE(iom_->store->Commit(std::move(late)).ok());

  auto done = s.handovers.Complete(manager, plan_, receipt);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->data["status"], "accepted");
  EXPECT_EQ(done->data["accepted"]["package_id"], said["package_id"]);
  EXPECT_EQ(done->data["accepted"]["made_after_package"], 1);
  EXPECT_EQ(iom_->store->Get("activity", late_id).value().data["organization_id"], iom_org_);
  // The records that moved are ALARM's here too, as many as ALARM took; IOM advises until the
  // support ends and no longer opens the people who moved.
  for (const auto& [kind, n] : (*result)["records"].items()) {
    EXPECT_EQ(iom_->All(kind, {{"organization_id", alarm_here_}}).size(), n.get<size_t>()) << kind;
  }
  const Record programme = iom_->store->Get("programme", programme_).value();
  EXPECT_EQ(programme.data["organization_id"], alarm_here_);
  EXPECT_EQ(programme.data["advisors"][0]["organization_id"], iom_org_);
  EXPECT_EQ(s.persons.Get(manager, gone).status().code(), Code::kForbidden);
  EXPECT_TRUE(s.accounts.Get(iom_->As("iom.advisor"), Collection::kProgrammes, programme_).ok());
  EXPECT_EQ(iom_->All("person", {{"organization_id", iom_org_}}).size(), (*report)["people"]["deidentified"].get<size_t>());
  EXPECT_TRUE(iom_->Verified());
  // Once is enough.
  EXPECT_EQ(s.handovers.Complete(manager, plan_, receipt).status().code(), Code::kConflict);
}

TEST_F(HandoverTest, AWithdrawalRecordedBeforeTheDateOrSinceIsHonoured) {
  StartAlarmServer();
  Services& s = *iom_->services;
  const Principal manager = iom_->As("iom.manager");
  // Two people who consented to share with ALARM: one withdraws before the effective date, one
  // after it but before the package is made.
  std::vector<std::string> consenting;
  for (const Record& c : iom_->All("consent", {{"purpose", "share_partner"}, {"status", "given"}})) {
    if (c.data["partner_org_id"] != alarm_here_ || c.data["date"] >= "2017-08-01") continue;
    // Adults, who withdraw for themselves.
    const Record p = iom_->store->Get("person", c.data["person_id"].get<std::string>()).value();
    if (p.data.value("birth_date_est", "9999") < "1995-01-01") consenting.push_back(p.id);
    if (consenting.size() == 2) break;
  }
  ASSERT_EQ(consenting.size(), 2u);
  clock_.Set(k20170816 - 10 * kDay);
  auto withdrawn = s.persons.AddConsent(manager, consenting[0],
                                   {{"purpose", "share_partner"}, {"partner_org_id", alarm_here_}, {"status", "withdrawn"},
                                    {"date", "2017-08-05"}, {"method", "verbal"}, {"text_version", "2017-07"}});
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status().ToString();
  clock_.Set(k20170816 + 5 * kDay);
  ASSERT_TRUE(s.persons.AddConsent(manager, consenting[1],
                                   {{"purpose", "share_partner"}, {"partner_org_id", alarm_here_}, {"status", "withdrawn"},
                                    {"date", "2017-08-20"}, {"method", "verbal"}, {"text_version", "2017-07"}})
                  .ok());
  const std::string bytes = Package();
  ASSERT_FALSE(bytes.empty());
  Services& a = *alarm_->services;
  auto report = a.handovers.Verify(alarm_->As("alarm2.manager"), bytes);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(a.handovers.Import(alarm_->As("alarm2.manager"), bytes, Assignments(*report, *alarm_, "alarm2")).ok());
  for (const std::string& id : consenting) {
    Record p = alarm_->store->Get("person", id).value();
    EXPECT_EQ(p.data["status"], "deidentified") << id;
    EXPECT_EQ(p.data["organization_id"], iom_org_);
    EXPECT_FALSE(p.data.contains("sealed"));
    // Their consents and cases stayed with IOM.
    EXPECT_TRUE(alarm_->All("consent", {{"person_id", id}}).empty());
    EXPECT_TRUE(alarm_->All("case", {{"person_id", id}}).empty());
  }
}

TEST_F(HandoverTest, AlteredTruncatedMisaddressedOrRepeatedPackagesAreRefusedWithNothingWritten) {
  StartAlarmServer();
  const std::string bytes = Package();
  ASSERT_GT(bytes.size(), 1000u);
  Services& a = *alarm_->services;
  const Principal manager = alarm_->As("alarm2.manager");
  const int64_t head = alarm_->Head();
  auto refused = [&](const std::string& package, const std::string& words) {
    auto r = a.handovers.Import(manager, package, {{"assignments", Json::object()}});
    EXPECT_EQ(r.status().code(), Code::kInvalid) << words;
    EXPECT_NE(r.status().message().find(words), std::string::npos) << r.status().message();
    EXPECT_EQ(alarm_->Head(), head);
  };
  // One changed byte anywhere: in the header, in the first part, near the end.
  for (size_t at : {size_t{30}, size_t{400}, bytes.size() / 2, bytes.size() - 5}) {
    std::string bad = bytes;
    bad[at] ^= 0x20;
    auto r = a.handovers.Import(manager, bad, {{"assignments", Json::object()}});
    EXPECT_EQ(r.status().code(), Code::kInvalid) << at;
    EXPECT_EQ(alarm_->Head(), head);
  }
  refused(bytes.substr(0, bytes.size() - 100), "truncated");
  refused(bytes.substr(0, bytes.size() / 3), "truncated");
  refused(bytes.substr(0, 10), "not a Baton handover package");
  refused(bytes + "x", "bytes follow");
  // A package made for someone else: a third server with its own ALARM key cannot open it.
  Node other(dir_ / "other", clock_, random_, 'o');
  auto org = other.services->accounts.Create(Principal::System(), Collection::kOrganizations,
                                             {{"code", "alarm"}, {"name", "ALARM"}, {"type", "national_ngo"}});
  ASSERT_TRUE(org.ok());
  ASSERT_TRUE(other.services->org_keys.Rotate(Principal::System(), org->id).ok());
  const int64_t other_head = other.Head();
  auto misaddressed = other.services->handovers.Import(Principal::System(), bytes, Json::object());
  EXPECT_EQ(misaddressed.status().code(), Code::kInvalid);
  EXPECT_NE(misaddressed.status().message().find("no organisation on this server holds that key"), std::string::npos)
      << misaddressed.status().message();
  EXPECT_EQ(other.Head(), other_head);
  // A sender this server knows must have signed with the key registered for it here: IOM
  // registered on ALARM's server with another key (the third server's) refuses the package.
  ChangeSet set = a.ctx.NewChangeSet(Principal::System());
  set.changes.push_back({"organization", iom_org_, ChangeOp::kCreate, {{"code", "iom"}, {"name", "IOM"}, {"type", "un_agency"}}});
  ASSERT_TRUE(alarm_->store->Commit(std::move(set)).ok());
  const std::string other_key = other.services->org_keys.PublicKey(org->id).value().text;
  ASSERT_TRUE(a.org_keys.Register(Principal::System(), iom_org_, other_key).ok());
  const int64_t known_head = alarm_->Head();
  auto impostor = a.handovers.Verify(manager, bytes);
  EXPECT_EQ(impostor.status().code(), Code::kInvalid);
  EXPECT_NE(impostor.status().message().find("signed with another key"), std::string::npos) << impostor.status().message();
  ASSERT_TRUE(a.org_keys.Register(Principal::System(), iom_org_, iom_->services->org_keys.PublicKey(iom_org_).value().text).ok());
  auto genuine = a.handovers.Verify(manager, bytes);
  ASSERT_TRUE(genuine.ok()) << genuine.status().ToString();
  EXPECT_TRUE((*genuine)["sender"]["known"].get<bool>());
  EXPECT_EQ(alarm_->Head(), known_head + 1);  // only the key registration was written
}

TEST_F(HandoverTest, APackageAnyoneMadeWithAManifestOfTheWrongShapeIsRefusedNotAnError) {
  StartAlarmServer();
  // Anyone can make a package addressed to ALARM's public key and sign it with a key of their own.
  Node other(dir_ / "other", clock_, random_, 'o');
  auto org = other.services->accounts.Create(Principal::System(), Collection::kOrganizations,
                                             {{"code", "someone"}, {"name", "Someone"}, {"type", "other"}});
  ASSERT_TRUE(org.ok());
  ASSERT_TRUE(other.services->org_keys.Rotate(Principal::System(), org->id).ok());
  const OrgSecretKeys forger = other.services->org_keys.SecretKeys(org->id).value();
  const OrgPublicKey alarm_key = alarm_->services->org_keys.PublicKey(alarm_org_).value();
  PackageHeader header{.package_id = "01900000-0000-7000-8000-000000000001",
                       .handover_id = "01900000-0000-7000-8000-000000000002",
                       .created_at = "2017-08-16T00:00:00.000Z",
                       .sender_organization_id = org->id,
                       .sender_name = "Someone",
                       .sender_public_key = forger.public_key.text,
                       .recipient_organization_id = alarm_org_,
                       .recipient_name = "ALARM",
                       .recipient_public_key = alarm_key.text};
  const Principal manager = alarm_->As("alarm2.manager");
  const int64_t head = alarm_->Head();
  for (const Json& odd : {Json{{"handover", {{"id", header.handover_id}}}, {"open_cases", {5, "x"}}},
                          Json{{"handover", {{"id", header.handover_id}}}, {"staff", "nobody"}},
                          Json{{"handover", 7}}}) {
    const std::string bytes = WritePackage(header, {}, odd, forger, alarm_key, random_);
    auto verified = alarm_->services->handovers.Verify(manager, bytes);
    EXPECT_EQ(verified.status().code(), Code::kInvalid) << odd.dump() << " " << verified.status().ToString();
    auto imported = alarm_->services->handovers.Import(manager, bytes, Json::object());
    EXPECT_EQ(imported.status().code(), Code::kInvalid) << odd.dump() << " " << imported.status().ToString();
  }
  EXPECT_EQ(alarm_->Head(), head);
}

TEST_F(HandoverTest, AFailedImportLeavesNothing) {
  StartAlarmServer();
  const std::string bytes = Package();
  Services& a = *alarm_->services;
  const Principal manager = alarm_->As("alarm2.manager");
  auto report = a.handovers.Verify(manager, bytes).value();
  // A record of the package's programme already here (a clash): the whole import is refused.
  ChangeSet set = a.ctx.NewChangeSet(Principal::System());
  set.changes.push_back({"programme", programme_, ChangeOp::kCreate, {{"name", "clash"}, {"organization_id", alarm_org_}}});
  ASSERT_TRUE(alarm_->store->Commit(std::move(set)).ok());
  const int64_t head = alarm_->Head();
  auto r = a.handovers.Import(manager, bytes, Assignments(report, *alarm_, "alarm2"));
  EXPECT_EQ(r.status().code(), Code::kConflict) << r.status().ToString();
  EXPECT_EQ(alarm_->Head(), head);
  EXPECT_TRUE(alarm_->All("person").empty());
  EXPECT_TRUE(alarm_->All("handover").empty());
}

TEST_F(HandoverTest, OnOneServerAcceptingMovesOwnershipAndTheSenderKeepsWhatDidNotConsent) {
  // ALARM's key is made here (one server holds both organisations).
  ASSERT_TRUE(iom_->services->org_keys.Rotate(Principal::System(), alarm_here_).ok());
  const std::string bytes = Package();
  ASSERT_FALSE(bytes.empty());
  Services& s = *iom_->services;
  const Principal alarm = iom_->As("alarm.manager");
  EXPECT_EQ(s.handovers.Verify(iom_->As("iom.manager"), bytes).status().code(), Code::kForbidden);
  auto report = s.handovers.Verify(alarm, bytes);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE((*report)["sender"]["known"].get<bool>());
  const size_t people_before = iom_->All("person").size();
  auto result = s.handovers.Import(alarm, bytes, Assignments(*report, *iom_, "alarm"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(iom_->All("person").size(), people_before);  // no stand-ins: the sender's records stay
  EXPECT_EQ((*result)["directory_services"], 0);          // nor copies of its directory
  for (const auto& [kind, n] : (*report)["records"].items()) {
    EXPECT_EQ(iom_->All(kind, {{"organization_id", alarm_here_}}).size(), n.get<size_t>()) << kind;
  }
  EXPECT_EQ(iom_->All("person", {{"organization_id", iom_org_}}).size(), (*report)["people"]["deidentified"].get<size_t>());
  Record programme = iom_->store->Get("programme", programme_).value();
  EXPECT_EQ(programme.data["organization_id"], alarm_here_);
  EXPECT_EQ(programme.data["advisors"][0]["organization_id"], iom_org_);
  EXPECT_EQ(iom_->store->Get("handover", plan_).value().data["status"], "accepted");
  // ALARM's manager opens a person who consented; IOM's manager no longer does.
  const std::string moved = iom_->All("person", {{"organization_id", alarm_here_}}).at(0).id;
  EXPECT_TRUE(s.persons.Get(alarm, moved).ok());
  EXPECT_FALSE(s.persons.Get(iom_->As("iom.manager"), moved).ok());
  EXPECT_TRUE(iom_->Verified());
  EXPECT_EQ(s.handovers.Import(alarm, bytes, Assignments(*report, *iom_, "alarm")).status().code(), Code::kConflict);

  // IOM's advisor reads the programme and its shared reports until the support ends (31 December
  // 2017), never the people; then nothing.
  const Principal advisor = iom_->As("iom.advisor");
  ReportParams params{.programme_id = programme_, .period = "2017"};
  clock_.Set(k20170816 + 100 * kDay);  // 2017-11-24
  EXPECT_TRUE(s.accounts.Get(advisor, Collection::kProgrammes, programme_).ok());
  auto shared = s.reports.Indicators(advisor, params);
  ASSERT_TRUE(shared.ok()) << shared.status().ToString();
  EXPECT_EQ(shared->value("audience", ""), "shared");
  params.audience = "internal";
  EXPECT_EQ(s.reports.Indicators(advisor, params).status().code(), Code::kForbidden);
  params.audience = "";
  EXPECT_FALSE(s.persons.Get(advisor, moved).ok());
  EXPECT_EQ(s.accounts.Get(iom_->As("iom.manager"), Collection::kProgrammes, programme_).status().code(), Code::kForbidden);
  clock_.Set(1'514'764'800'000);  // 2018-01-01T00:00:00Z: the day after the support ended
  EXPECT_EQ(s.accounts.Get(advisor, Collection::kProgrammes, programme_).status().code(), Code::kForbidden);
  EXPECT_EQ(s.reports.Indicators(advisor, params).status().code(), Code::kForbidden);
  // ALARM's own staff are not affected.
  EXPECT_TRUE(s.reports.Indicators(alarm, params).ok());
}

}  // namespace
}  // namespace baton
