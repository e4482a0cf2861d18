// The handover of the demo programme through the real binary: from IOM's server to ALARM's on the
// command line (two data directories, as for a server with no browser), and between the two
// organisations of one server over HTTP, with the former owner's advisor reading afterwards.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "support/e2e.h"

namespace baton::test {
namespace {

constexpr const char* kPurpose = "ALARM continues the MHPSS programme of the Bor PoC site for the people it serves.";

// The suites' demo is the story stopped just before the handover: IOM has prepared it (consents
// asked again, risk flags acknowledged) but not planned it.
std::string DemoBeforeHandover(const TempDir& tmp) { return CopyDemo(tmp); }

// The value after "key:" on the line of `baton keys show` naming the organisation.
std::string PublicKeyIn(const std::string& out) {
  std::smatch m;
  std::regex key("(baton-org-key-1:[A-Za-z0-9_-]+)");
  EXPECT_TRUE(std::regex_search(out, m, key)) << out;
  return m.size() > 1 ? m[1].str() : "";
}

TEST(HandoverCliTest, AnotherServerVerifiesAndImportsThePackageAndBothLogsStayIntact) {
  TempDir tmp;
  const std::string iom = DemoBeforeHandover(tmp);
  const std::string alarm = tmp / "alarm";
  ASSERT_EQ(RunBaton({"init", "--data", alarm, "--org", "ALARM", "--admin", "chief", "--password-stdin"},
                     std::string("a long enough passphrase\n"))
                .exit_code,
            0);
  for (const char* role : {"manager", "counsellor", "supervisor"}) {
    CommandResult add = RunBaton({"user", "add", "--data", alarm, "--org", "alarm", "--username", std::string("alarm2.") + role,
                                  "--role", role, "--password-stdin"},
                                 std::string("a long enough passphrase\n"));
    ASSERT_EQ(add.exit_code, 0) << add.Describe();
  }
  // ALARM's key card, registered on IOM's server for the ALARM IOM knows.
  CommandResult card = RunBaton({"keys", "show", "--data", alarm, "--org", "alarm"});
  ASSERT_EQ(card.exit_code, 0) << card.Describe();
  // The demo keeps ALARM's key pair on IOM's server; here ALARM has its own.
  CommandResult reg = RunBaton(
      {"keys", "register", "--data", iom, "--org", "alarm", "--public-key", PublicKeyIn(card.out), "--replace-local"});
  ASSERT_EQ(reg.exit_code, 0) << reg.Describe();

  CommandResult plan = RunBaton({"handover", "plan", "--data", iom, "--to", "alarm", "--effective", "2017-08-15",
                                 "--purpose", kPurpose, "--agreement", "IOM-ALARM DTA 2017/08", "--support-until",
                                 "2017-12-31"});
  ASSERT_EQ(plan.exit_code, 0) << plan.Describe();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(plan.out, m, std::regex("handover ([0-9a-f-]{36}) planned"))) << plan.out;
  const std::string id = m[1];
  EXPECT_NE(plan.out.find("move with identity"), std::string::npos) << plan.out;

  const std::string package = tmp / "handover.baton";
  CommandResult exported = RunBaton({"handover", "export", "--data", iom, "--handover", id, "--out", package});
  ASSERT_EQ(exported.exit_code, 0) << exported.Describe();
  const std::string bytes = ReadFile(package);
  ASSERT_TRUE(bytes.starts_with("BATON-HANDOVER-1\n"));

  CommandResult verified = RunBaton({"handover", "verify", "--data", alarm, "--package", package});
  ASSERT_EQ(verified.exit_code, 0) << verified.Describe();
  EXPECT_NE(verified.out.find("IOM-ALARM DTA 2017/08"), std::string::npos) << verified.out;
  // The staff whose open cases need new counsellors, by id.
  std::vector<std::string> assign;
  const std::regex staff_line("\\n  ([0-9a-f-]{36})  IOM (counsellor|supervisor)");
  for (auto it = std::sregex_iterator(verified.out.begin(), verified.out.end(), staff_line); it != std::sregex_iterator(); ++it) {
    assign.push_back((*it)[1].str() + "=alarm2." + (*it)[2].str());
  }
  // (The suites' demo has no case open on the day; the service tests reassign open cases.)
  CommandResult malformed = RunBaton({"handover", "import", "--data", alarm, "--package", package, "--assign", "nobody"});
  EXPECT_EQ(malformed.exit_code, 1);
  EXPECT_NE(malformed.err.find("--assign takes SENDER_USER_ID=USERNAME"), std::string::npos) << malformed.Describe();

  // A changed byte and a cut file are refused, and nothing is written.
  const std::string altered = tmp / "altered.baton";
  std::string bad = bytes;
  bad[bad.size() / 2] ^= 0x01;
  WriteFile(altered, bad);
  CommandResult refused = RunBaton({"handover", "import", "--data", alarm, "--package", altered});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("altered"), std::string::npos) << refused.Describe();
  WriteFile(altered, bytes.substr(0, bytes.size() - 40));
  refused = RunBaton({"handover", "verify", "--data", alarm, "--package", altered});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("truncated"), std::string::npos) << refused.Describe();

  std::vector<std::string> args = {"handover", "import", "--data", alarm, "--package", package};
  for (const std::string& a : assign) {
    args.push_back("--assign");
    args.push_back(a);
  }
  const std::string receipt = tmp / "receipt.json";
  args.insert(args.end(), {"--receipt", receipt});
  CommandResult imported = RunBaton(args);
  ASSERT_EQ(imported.exit_code, 0) << imported.Describe();
  EXPECT_NE(imported.out.find("person "), std::string::npos) << imported.out;
  CommandResult again = RunBaton(args);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("imported already"), std::string::npos) << again.Describe();

  // IOM completes the handover on its own server with ALARM's receipt; an altered one is refused.
  const std::string forged = tmp / "forged.json";
  const std::string receipt_text = ReadFile(receipt);
  std::string forged_text = receipt_text;
  const size_t count = forged_text.find("deidentified_people");
  ASSERT_NE(count, std::string::npos) << receipt_text;
  forged_text.insert(forged_text.find(':', count) + 1, "1");  // a count ALARM did not sign
  WriteFile(forged, forged_text);
  ASSERT_NE(ReadFile(forged), receipt_text);
  CommandResult forgery = RunBaton({"handover", "complete", "--data", iom, "--handover", id, "--receipt", forged});
  EXPECT_EQ(forgery.exit_code, 1);
  EXPECT_NE(forgery.err.find("does not verify"), std::string::npos) << forgery.Describe();
  CommandResult completed = RunBaton({"handover", "complete", "--data", iom, "--handover", id, "--receipt", receipt});
  ASSERT_EQ(completed.exit_code, 0) << completed.Describe();
  EXPECT_NE(completed.out.find("completed"), std::string::npos) << completed.out;
  CommandResult twice = RunBaton({"handover", "complete", "--data", iom, "--handover", id, "--receipt", receipt});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("accepted already"), std::string::npos) << twice.Describe();
  EXPECT_EQ(RunBaton({"verify", "--data", alarm}).exit_code, 0);
  EXPECT_EQ(RunBaton({"verify", "--data", iom}).exit_code, 0);

  // ALARM's manager reads the handover's report and the people on its own server.
  auto server = BatonProcess::Serve(alarm);
  ASSERT_TRUE(server);
  Session manager = SignIn(server->client(), "alarm2.manager", "a long enough passphrase");
  HttpResponse report = server->client().Get("/api/v1/handovers/" + id + "/report", manager.token);
  ASSERT_EQ(report.status, 200) << report.Describe();
  const Json r = report.json();
  EXPECT_EQ(r["handover"]["status"], "accepted");
  EXPECT_EQ(r["handover"]["agreement_reference"], "IOM-ALARM DTA 2017/08");
  const int64_t identified = r["accepted"]["records"]["person"].get<int64_t>();
  EXPECT_EQ(r["package"]["people"]["identified"].get<int64_t>(), identified);
  HttpResponse people = server->client().Get("/api/v1/persons?limit=200", manager.token);
  ASSERT_EQ(people.status, 200) << people.Describe();
  EXPECT_EQ(static_cast<int64_t>(people.json()["items"].size()), std::min<int64_t>(identified, 200));
  ASSERT_FALSE(people.json()["items"].empty());
  EXPECT_FALSE(people.json()["items"][0].value("given_name", "").empty());
}

TEST(HandoverDemoTest, TheDemoEndsWithTheHandoverToAlarmAndTheSupportPeriodOver) {
  TempDir tmp;
  const std::string dir = tmp / "demo";
  CommandResult demo = RunBaton({"demo", "--data", dir, "--scale", "300"});
  ASSERT_EQ(demo.exit_code, 0) << demo.Describe();
  EXPECT_EQ(RunBaton({"verify", "--data", dir}).exit_code, 0);
  auto server = BatonProcess::Serve(dir);
  ASSERT_TRUE(server);
  Session alarm = SignIn(server->client(), "alarm.manager");
  HttpResponse programmes = server->client().Get("/api/v1/programmes", alarm.token);
  ASSERT_EQ(programmes.status, 200) << programmes.Describe();
  ASSERT_EQ(programmes.json()["items"].size(), 1u);
  const Json programme = programmes.json()["items"][0];
  EXPECT_EQ(programme["organization_id"], alarm.organization_id);
  EXPECT_EQ(programme["handed_over_on"], "2017-08-15");
  HttpResponse handovers = server->client().Get("/api/v1/handovers?programme_id=" + programme["id"].get<std::string>(), alarm.token);
  ASSERT_EQ(handovers.status, 200) << handovers.Describe();
  ASSERT_EQ(handovers.json()["items"].size(), 1u);
  EXPECT_EQ(handovers.json()["items"][0]["status"], "accepted");
  EXPECT_EQ(handovers.json()["items"][0]["support_until"], "2017-12-31");
  // IOM's advisory support ended on 31 December 2017: its advisor reads nothing of it today.
  Session advisor = SignIn(server->client(), "iom.advisor");
  EXPECT_TRUE(IsProblem(server->client().Get("/api/v1/programmes/" + programme["id"].get<std::string>(), advisor.token), 403));
}

class HandoverHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = DemoBeforeHandover(tmp_);
    server_ = BatonProcess::Serve(data_);
    ASSERT_TRUE(server_);
    iom_manager_ = SignIn(client(), "iom.manager");
    iom_admin_ = SignIn(client(), "iom.admin");
    alarm_manager_ = SignIn(client(), "alarm.manager");
    HttpResponse programmes = client().Get("/api/v1/programmes", iom_manager_.token);
    ASSERT_EQ(programmes.status, 200);
    programme_ = programmes.json()["items"][0]["id"];
    const Json orgs = client().Get("/api/v1/organizations?limit=50", iom_manager_.token).json();
    for (const Json& o : orgs["items"]) {
      if (o["code"] == "alarm") alarm_org_ = o["id"];
    }
  }
  HttpClient client() const { return server_->client(); }
  Json PlanBody() const {
    return {{"programme_id", programme_},
            {"receiver_organization_id", alarm_org_},
            {"effective_date", "2017-08-15"},
            {"purpose", kPurpose},
            {"agreement_reference", "IOM-ALARM DTA 2017/08"},
            // Support still running today, so the advisor's access can be seen.
            {"support_until", "2099-12-31"}};
  }
  HttpResponse Upload(const std::string& query, const std::string& bytes, const Session& who) const {
    return client().Request("POST", "/api/v1/handovers/import" + query,
                            {{"Authorization", "Bearer " + who.token}, {"Content-Type", "application/vnd.baton.handover"}},
                            bytes);
  }

  TempDir tmp_;
  std::string data_;
  std::unique_ptr<BatonProcess> server_;
  Session iom_manager_, iom_admin_, alarm_manager_;
  std::string programme_, alarm_org_;
};

TEST_F(HandoverHttpTest, BadPlansAndPackagesGetProblemsNamingWhatIsWrong) {
  HttpResponse missing = client().Post("/api/v1/handovers", Json{{"programme_id", programme_}}, iom_manager_.token);
  EXPECT_TRUE(IsProblem(missing, 422)) << missing.Describe();
  EXPECT_TRUE(NamesField(missing, "purpose"));
  EXPECT_TRUE(NamesField(missing, "effective_date"));
  HttpResponse dates = client().Post("/api/v1/handovers", WithChanges(PlanBody(), {{"support_until", "2017-01-01"}}),
                                     iom_manager_.token);
  EXPECT_TRUE(NamesField(dates, "support_until")) << dates.Describe();
  HttpResponse theirs = client().Post("/api/v1/handovers", PlanBody(), alarm_manager_.token);
  EXPECT_TRUE(IsProblem(theirs, 403)) << theirs.Describe();
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/handovers/00000000-0000-7000-8000-000000000000", iom_manager_.token), 404));

  HttpResponse garbage = Upload("", "not a package at all", alarm_manager_);
  EXPECT_TRUE(IsProblem(garbage, 422)) << garbage.Describe();
  EXPECT_NE(garbage.json()["detail"].get<std::string>().find("not a Baton handover package"), std::string::npos);
  EXPECT_TRUE(IsProblem(Upload("?mode=maybe", "x", alarm_manager_), 422));
  EXPECT_TRUE(IsProblem(Upload("?colour=red", "x", alarm_manager_), 422));
  EXPECT_TRUE(IsProblem(Upload("", "", alarm_manager_), 422));
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/handovers/import", Json::object()), 401));

  // Completing a handover takes the receiver's receipt: a plan not packaged is a conflict, a body
  // that is not JSON a 400, and one that is not a receipt a 422 naming it.
  HttpResponse plan = client().Post("/api/v1/handovers", PlanBody(), iom_manager_.token);
  ASSERT_EQ(plan.status, 201) << plan.Describe();
  const std::string complete = "/api/v1/handovers/" + plan.json()["id"].get<std::string>() + "/complete";
  const Json unsigned_receipt = {{"receipt", "{}"}, {"signature", "AAAA"}};
  HttpResponse early = client().Post(complete, unsigned_receipt, iom_manager_.token);
  EXPECT_TRUE(IsProblem(early, 409)) << early.Describe();
  HttpResponse text = client().Request("POST", complete,
                                       {{"Authorization", "Bearer " + iom_manager_.token}, {"Content-Type", "application/json"}},
                                       "a receipt, honestly");
  EXPECT_TRUE(IsProblem(text, 400)) << text.Describe();
  EXPECT_TRUE(IsProblem(client().Post(complete, unsigned_receipt, alarm_manager_.token), 403));
  EXPECT_TRUE(IsProblem(client().Post(complete, unsigned_receipt), 401));
}

TEST_F(HandoverHttpTest, PlanPreviewApproveAcceptOnOneServerThenTheFormerOwnerAdvises) {
  HttpResponse created = client().Post("/api/v1/handovers", PlanBody(), iom_manager_.token);
  ASSERT_EQ(created.status, 201) << created.Describe();
  const std::string id = created.json()["id"];
  const Json preview = created.json()["preview"];
  EXPECT_EQ(preview["people"]["total"].get<int64_t>(),
            preview["people"]["identified"].get<int64_t>() + preview["people"]["deidentified"].get<int64_t>());
  for (const Json& p : preview["problems"]) ADD_FAILURE() << "the prepared demo still has a problem: " << p.dump();

  // Packaging waits for both approvals; one person gives one.
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/handovers/" + id + "/package", Json::object(), iom_manager_.token), 409));
  HttpResponse first = client().Post("/api/v1/handovers/" + id + "/approve", Json::object(), iom_manager_.token);
  ASSERT_EQ(first.status, 200) << first.Describe();
  EXPECT_EQ(first.json()["status"], "planned");
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/handovers/" + id + "/approve", Json::object(), iom_manager_.token), 409));
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/handovers/" + id + "/approve", Json::object(), alarm_manager_.token), 403));
  HttpResponse second = client().Post("/api/v1/handovers/" + id + "/approve", Json::object(), iom_admin_.token);
  ASSERT_EQ(second.status, 200) << second.Describe();
  EXPECT_EQ(second.json()["status"], "approved");

  HttpResponse package = client().Post("/api/v1/handovers/" + id + "/package", Json::object(), iom_manager_.token);
  ASSERT_EQ(package.status, 200) << package.Describe();
  EXPECT_EQ(package.header("Content-Type").value_or(""), "application/vnd.baton.handover");
  EXPECT_NE(package.header("Content-Disposition").value_or("").find("handover-" + id + ".baton"), std::string::npos);
  const std::string bytes = package.body;

  // Only the receiver's managers and admins open it.
  EXPECT_TRUE(IsProblem(Upload("", bytes, iom_manager_), 403));
  EXPECT_TRUE(IsProblem(Upload("", bytes, SignIn(client(), "alarm.counsellor")), 403));
  HttpResponse verify = Upload("?mode=verify", bytes, alarm_manager_);
  ASSERT_EQ(verify.status, 200) << verify.Describe();
  const Json report = verify.json();
  EXPECT_TRUE(report["sender"]["known"].get<bool>());
  EXPECT_EQ(report["handover"]["purpose"], kPurpose);
  std::string query = "?mode=accept";
  const std::string counsellor = SignIn(client(), "alarm.counsellor").user_id;
  const std::string supervisor = SignIn(client(), "alarm.supervisor").user_id;
  for (const Json& c : report["open_cases"]) {
    query += "&assign." + c["counsellor_id"].get<std::string>() + "=" + counsellor;
    query += "&assign." + c["supervisor_id"].get<std::string>() + "=" + supervisor;
  }
  HttpResponse accepted = Upload(query, bytes, alarm_manager_);
  ASSERT_EQ(accepted.status, 200) << accepted.Describe();
  EXPECT_EQ(accepted.json()["records"]["person"], report["people"]["identified"]);
  HttpResponse twice = Upload(query, bytes, alarm_manager_);
  EXPECT_TRUE(IsProblem(twice, 409)) << twice.Describe();

  // The programme is ALARM's: its manager reads it and the people who consented; IOM's does not.
  HttpResponse programme = client().Get("/api/v1/programmes/" + programme_, alarm_manager_.token);
  ASSERT_EQ(programme.status, 200) << programme.Describe();
  EXPECT_EQ(programme.json()["organization_id"], alarm_org_);
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/programmes/" + programme_, iom_manager_.token), 403));
  HttpResponse people = client().Get("/api/v1/persons?limit=5", alarm_manager_.token);
  ASSERT_EQ(people.status, 200) << people.Describe();
  EXPECT_FALSE(people.json()["items"].empty());
  // IOM's advisor: the programme and its shared reports, never people or internal figures.
  Session advisor = SignIn(client(), "iom.advisor");
  EXPECT_EQ(client().Get("/api/v1/programmes/" + programme_, advisor.token).status, 200);
  HttpResponse shared = client().Get("/api/v1/reports/indicators?programme=" + programme_ + "&period=2017", advisor.token);
  ASSERT_EQ(shared.status, 200) << shared.Describe();
  EXPECT_EQ(shared.json()["audience"], "shared");
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/reports/indicators?programme=" + programme_ + "&period=2017&audience=internal",
                                     advisor.token),
                        403));
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/persons", advisor.token), 403));
  // Both organisations read the handover report.
  for (const Session* who : {&iom_manager_, &alarm_manager_}) {
    HttpResponse r = client().Get("/api/v1/handovers/" + id + "/report", who->token);
    ASSERT_EQ(r.status, 200) << r.Describe();
    EXPECT_EQ(r.json()["handover"]["status"], "accepted");
    EXPECT_EQ(r.json()["accepted"]["records"]["person"], report["people"]["identified"]);
  }
  EXPECT_GT(LogEntries(client(), iom_admin_.token), 0);  // the change log still verifies
}

}  // namespace
}  // namespace baton::test
