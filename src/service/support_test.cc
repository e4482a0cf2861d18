// Support after a handover through the services, on a real SQLite store and a fake clock: IOM's
// demo programme, its tools (whose versions are their history) and advising sessions; who reads and
// records them; and, after the programme is handed to ALARM on the same server, IOM's advisor
// taking part until the support ends — and refused from the next day.
#include "service/support_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "service/services.h"
#include "service/setup_service.h"
#include "service/test_node.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kDay = 86'400'000;
constexpr int64_t k20170816 = 1'502'841'600'000;  // 2017-08-16T00:00:00Z
constexpr int64_t k20180101 = 1'514'764'800'000;  // 2018-01-01T00:00:00Z

class SupportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::FreshDir("baton-support-test");
    node_ = std::make_unique<test::Node>(dir_, clock_, random_, 's');
    store_ = node_->store.get();
    services_ = node_->services.get();
  }
  void TearDown() override {
    node_.reset();
    fs::remove_all(dir_);
  }

  // The demo, stopped before the handover (IOM runs the programme).
  void SeedBeforeHandover() {
    ASSERT_TRUE(SeedDemo(*services_, 300).ok());
    programme_ = All("programme").at(0).id;
    iom_org_ = OrgId("iom");
    alarm_org_ = OrgId("alarm");
  }

  Principal As(const std::string& username) { return node_->As(username); }
  std::string OrgId(const std::string& code) { return node_->OrgId(code); }
  std::vector<Record> All(const std::string& kind) {
    ListQuery q{.kind = kind, .limit = 1000};
    return store_->List(q).value().items;
  }

  Json Tool(const Json& extra = Json::object()) {
    Json input = {{"programme_id", programme_},
                  {"title", "Lay counselling manual"},
                  {"category", "manual"},
                  {"version", "2.0"},
                  {"location", "shared drive MHPSS/Tools/lay-counselling-manual-2.0.pdf"},
                  {"shared_on", "2017-08-01"}};
    input.update(extra);
    return input;
  }
  Json Advising(const Json& extra = Json::object()) {
    Json input = {{"programme_id", programme_},
                  {"date", "2017-08-10"},
                  {"topic", "Supervision of new counsellors"},
                  {"mode", "remote_call"},
                  {"advisor_name", "IOM MHPSS advisor"},
                  {"notes", "Caseloads even; supervision on Thursdays."}};
    input.update(extra);
    return input;
  }

  // The fields the errors of a refused request name.
  static std::vector<std::string> Fields(const Status& s) {
    std::vector<std::string> out;
    for (const FieldError& e : s.errors()) out.push_back(e.field);
    return out;
  }
  static bool Names(const Status& s, const std::string& field) {
    const auto fields = Fields(s);
    return s.code() == Code::kInvalid && std::find(fields.begin(), fields.end(), field) != fields.end();
  }

  // Hands the demo programme to ALARM on this server, as IOM's and ALARM's managers do: a plan
  // with support until 31 December 2017, its blocking problems settled, approved, packaged and
  // accepted.
  void HandOverToAlarm() {
    Services& s = *services_;
    ASSERT_TRUE(s.org_keys.Rotate(Principal::System(), alarm_org_).ok());
    const Principal manager = As("iom.manager");
    auto plan = s.handovers.Create(manager, {{"programme_id", programme_},
                                             {"receiver_organization_id", alarm_org_},
                                             {"effective_date", "2017-08-15"},
                                             {"purpose", "ALARM continues the MHPSS programme of the Bor PoC site."},
                                             {"agreement_reference", "IOM-ALARM DTA 2017/08"},
                                             {"support_until", "2017-12-31"}});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    plan_ = plan->id;
    for (int round = 0; round < 3; ++round) {
      auto view = s.handovers.Get(manager, plan_);
      ASSERT_TRUE(view.ok()) << view.status().ToString();
      const Json problems = (*view)["preview"]["problems"];
      if (problems.empty()) break;
      for (const Json& p : problems) {
        const std::string code = p["code"];
        if (code == "open_risk_flag") {
          ASSERT_TRUE(s.risk.Acknowledge(manager, p["flag_id"].get<std::string>(), {{"note", "Reviewed."}}, std::nullopt).ok());
        } else if (code == "open_case_without_consent") {
          ChangeSet set = s.ctx.NewChangeSet(Principal::System());
          set.changes.push_back({"case", p["case_id"].get<std::string>(), ChangeOp::kUpdate,
                                 {{"status", "closed"}, {"closed_on", "2017-08-10"}}});
          ASSERT_TRUE(store_->Commit(std::move(set)).ok());
        }
      }
    }
    ASSERT_TRUE(s.handovers.Approve(manager, plan_, std::nullopt).ok());
    ASSERT_TRUE(s.handovers.Approve(As("iom.admin"), plan_, std::nullopt).ok());
    auto file = s.handovers.Package(manager, plan_);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    const Principal alarm = As("alarm.manager");
    auto report = s.handovers.Verify(alarm, file->bytes);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    Json assignments = Json::object();
    for (const Json& c : (*report)["open_cases"]) {
      assignments[c["counsellor_id"].get<std::string>()] = As("alarm.counsellor").user_id;
      assignments[c["supervisor_id"].get<std::string>()] = As("alarm.supervisor").user_id;
    }
    auto accepted = s.handovers.Import(alarm, file->bytes, {{"assignments", assignments}});
    ASSERT_TRUE(accepted.ok()) << accepted.status().ToString();
  }

  fs::path dir_;
  FakeClock clock_{k20170816};
  SeededRandom random_{23};
  std::unique_ptr<test::Node> node_;
  Store* store_ = nullptr;
  Services* services_ = nullptr;
  std::string programme_, iom_org_, alarm_org_, plan_;
};

TEST_F(SupportTest, AManagerSharesToolsWhoseVersionsAreTheirHistory) {
  SeedBeforeHandover();
  SupportService& support = services_->support;
  const Principal manager = As("iom.manager");
  auto created = support.Create(manager, SupportKind::kTool, Tool({{"title", "  Lay counselling manual  "}}));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string id = (*created)["id"];
  EXPECT_EQ((*created)["title"], "Lay counselling manual") << "trimmed";
  EXPECT_EQ((*created)["version"], "2.0") << "the document's version keeps its name";
  EXPECT_EQ((*created)["record_version"], 1);
  EXPECT_EQ((*created)["organization_id"], iom_org_);
  EXPECT_EQ((*created)["shared_by_organization_id"], iom_org_);
  EXPECT_EQ((*created)["active"], true);
  auto read = support.Get(manager, SupportKind::kTool, id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ((*read)["location"], "shared drive MHPSS/Tools/lay-counselling-manual-2.0.pdf");
  auto today = support.Create(manager, SupportKind::kTool,
                              Tool({{"title", "PHQ-9 scoring sheet"}, {"category", "form"}, {"version", "1.0"}, {"shared_on", nullptr}}));
  ASSERT_TRUE(today.ok()) << today.status().ToString();
  EXPECT_EQ((*today)["shared_on"], "2017-08-16") << "shared today unless said";

  // Listed oldest first, a page at a time.
  auto first = support.List(manager, SupportKind::kTool, {.programme_id = programme_, .cursor = "", .limit = 1});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ((*first)["items"].size(), 1u);
  EXPECT_EQ((*first)["items"][0]["id"], id);
  ASSERT_TRUE((*first)["next_cursor"].is_string());
  auto second = support.List(manager, SupportKind::kTool,
                             {.programme_id = programme_, .cursor = (*first)["next_cursor"], .limit = 1});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ((*second)["items"].size(), 1u);
  EXPECT_EQ((*second)["items"][0]["id"], (*today)["id"]);
  EXPECT_TRUE((*second)["next_cursor"].is_null());

  // A new version: a change of `version` (and of what else changed), If-Match honoured.
  clock_.Set(k20170816 + 2 * kDay);
  auto v21 = support.Update(manager, SupportKind::kTool, id,
                            {{"version", "2.1"}, {"shared_on", "2017-08-17"},
                             {"location", "shared drive MHPSS/Tools/lay-counselling-manual-2.1.pdf"}},
                            1);
  ASSERT_TRUE(v21.ok()) << v21.status().ToString();
  EXPECT_EQ((*v21)["version"], "2.1");
  EXPECT_EQ((*v21)["record_version"], 2);
  EXPECT_EQ(support.Update(manager, SupportKind::kTool, id, {{"description", "late"}}, 1).status().code(),
            Code::kPreconditionFailed);
  ASSERT_TRUE(support.Update(manager, SupportKind::kTool, id, {{"description", "With the referral directory."}}, std::nullopt).ok());
  auto versions = support.Versions(manager, id);
  ASSERT_TRUE(versions.ok()) << versions.status().ToString();
  EXPECT_EQ((*versions)["current_version"], "2.1");
  const Json& items = (*versions)["items"];
  ASSERT_EQ(items.size(), 2u) << items.dump() << " (the description's change is no new version)";
  EXPECT_EQ(items[0]["version"], "2.0");
  EXPECT_EQ(items[0]["shared_on"], "2017-08-01");
  EXPECT_EQ(items[0]["recorded_at"].get<std::string>().substr(0, 10), "2017-08-16");
  EXPECT_EQ(items[1]["version"], "2.1");
  EXPECT_EQ(items[1]["shared_on"], "2017-08-17");
  EXPECT_EQ(items[1]["location"], "shared drive MHPSS/Tools/lay-counselling-manual-2.1.pdf");
  EXPECT_EQ(items[1]["recorded_at"].get<std::string>().substr(0, 10), "2017-08-18");
  EXPECT_EQ(items[1]["recorded_by"], manager.user_id);
  EXPECT_EQ(items[1]["recorded_by_name"], "IOM manager");

  // Advising sessions, listed by date.
  for (const char* date : {"2017-08-14", "2017-07-20", "2017-08-02"}) {
    ASSERT_TRUE(support.Create(manager, SupportKind::kAdvisingSession, Advising({{"date", date}})).ok()) << date;
  }
  auto sessions = support.List(manager, SupportKind::kAdvisingSession, {.programme_id = programme_, .cursor = "", .limit = 2});
  ASSERT_TRUE(sessions.ok()) << sessions.status().ToString();
  ASSERT_EQ((*sessions)["items"].size(), 2u);
  EXPECT_EQ((*sessions)["items"][0]["date"], "2017-07-20");
  EXPECT_EQ((*sessions)["items"][1]["date"], "2017-08-02");
  EXPECT_FALSE((*sessions)["items"][0].contains("advisor_user_id")) << "recorded by the owner's manager, not by an advisor";
  auto rest = support.List(manager, SupportKind::kAdvisingSession,
                           {.programme_id = programme_, .cursor = (*sessions)["next_cursor"], .limit = 2});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ((*rest)["items"].size(), 1u);
  EXPECT_EQ((*rest)["items"][0]["date"], "2017-08-14");
  EXPECT_TRUE(services_->audit.Verify(Principal::System())->ok);
}

TEST_F(SupportTest, BadInputIsRefusedNamingTheField) {
  SeedBeforeHandover();
  SupportService& support = services_->support;
  const Principal manager = As("iom.manager");
  auto missing = support.Create(manager, SupportKind::kTool, {{"programme_id", programme_}, {"category", "poster"}});
  EXPECT_TRUE(Names(missing.status(), "title")) << missing.status().ToString();
  EXPECT_TRUE(Names(missing.status(), "category"));
  EXPECT_TRUE(Names(missing.status(), "version"));
  EXPECT_TRUE(Names(support.Create(manager, SupportKind::kTool, Tool({{"shared_on", "2017-08-17"}})).status(), "shared_on"));
  EXPECT_TRUE(Names(support.Create(manager, SupportKind::kTool, Tool({{"version", std::string(21, '1')}})).status(), "version"));
  EXPECT_TRUE(Names(support.Create(manager, SupportKind::kTool, Tool({{"programme_id", "0190a1b2-0000-7000-8000-000000000001"}})).status(),
                    "programme_id"));
  EXPECT_TRUE(Names(support.Create(manager, SupportKind::kTool, Tool({{"shared_by_organization_id", iom_org_}})).status(),
                    "shared_by_organization_id"))
      << "set by the service";
  EXPECT_TRUE(Names(support.Create(manager, SupportKind::kAdvisingSession, Advising({{"date", "2017-08-17"}})).status(), "date"));
  EXPECT_TRUE(Names(support.Create(manager, SupportKind::kAdvisingSession, Advising({{"mode", "letter"}})).status(), "mode"));
  EXPECT_TRUE(Names(support.Create(manager, SupportKind::kAdvisingSession, Advising({{"advisor_name", nullptr}})).status(),
                    "advisor_name"));
  EXPECT_TRUE(Names(support.Create(manager, SupportKind::kAdvisingSession, Advising({{"advisor_user_id", manager.user_id}})).status(),
                    "advisor_user_id"));
  auto tool = support.Create(manager, SupportKind::kTool, Tool());
  ASSERT_TRUE(tool.ok());
  const std::string id = (*tool)["id"];
  EXPECT_TRUE(Names(support.Update(manager, SupportKind::kTool, id, {{"programme_id", programme_}}, std::nullopt).status(), "programme_id"));
  EXPECT_TRUE(Names(support.Update(manager, SupportKind::kTool, id, {{"version", nullptr}}, std::nullopt).status(), "version"));
  EXPECT_EQ(support.Get(manager, SupportKind::kTool, "0190a1b2-0000-7000-8000-000000000001").status().code(), Code::kNotFound);
  EXPECT_EQ(support.Get(manager, SupportKind::kAdvisingSession, id).status().code(), Code::kNotFound) << "a tool is no session";
  EXPECT_TRUE(Names(support.List(manager, SupportKind::kTool, {}).status(), "programme_id"));
  EXPECT_TRUE(Names(support.List(manager, SupportKind::kTool, {.programme_id = programme_, .cursor = "nope", .limit = 50}).status(),
                    "cursor"));
  EXPECT_TRUE(Names(support.List(manager, SupportKind::kTool, {.programme_id = programme_, .cursor = "", .limit = 500}).status(), "limit"));
  EXPECT_EQ(support.List(manager, SupportKind::kTool, {.programme_id = "0190a1b2-0000-7000-8000-000000000001", .cursor = "", .limit = 50})
                .status()
                .code(),
            Code::kNotFound);
}

TEST_F(SupportTest, TheOwnersStaffReadItsManagersRecordAndOtherOrganisationsSeeNothing) {
  SeedBeforeHandover();
  SupportService& support = services_->support;
  const Principal manager = As("iom.manager");
  auto tool = support.Create(manager, SupportKind::kTool, Tool());
  ASSERT_TRUE(tool.ok()) << tool.status().ToString();
  auto session = support.Create(manager, SupportKind::kAdvisingSession, Advising());
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  const std::string tool_id = (*tool)["id"], session_id = (*session)["id"];
  const SupportListParams list{.programme_id = programme_, .cursor = "", .limit = 50};
  for (const char* reader : {"iom.counsellor", "iom.supervisor", "iom.facilitator", "iom.me_officer"}) {
    const Principal p = As(reader);
    EXPECT_TRUE(support.Get(p, SupportKind::kTool, tool_id).ok()) << reader;
    EXPECT_TRUE(support.Get(p, SupportKind::kAdvisingSession, session_id).ok()) << reader;
    EXPECT_TRUE(support.Versions(p, tool_id).ok()) << reader;
    auto listed = support.List(p, SupportKind::kAdvisingSession, list);
    ASSERT_TRUE(listed.ok()) << reader;
    EXPECT_EQ((*listed)["items"].size(), 1u);
    EXPECT_EQ(support.Create(p, SupportKind::kTool, Tool()).status().code(), Code::kForbidden) << reader;
    EXPECT_EQ(support.Create(p, SupportKind::kAdvisingSession, Advising()).status().code(), Code::kForbidden) << reader;
    EXPECT_EQ(support.Update(p, SupportKind::kTool, tool_id, {{"version", "9"}}, std::nullopt).status().code(), Code::kForbidden)
        << reader;
    EXPECT_EQ(support.Update(p, SupportKind::kAdvisingSession, session_id, {{"topic", "x"}}, std::nullopt).status().code(),
              Code::kForbidden)
        << reader;
  }
  // The owner's admin, viewer and advisor (no programme handed over by IOM yet), and every user
  // of another organisation: nothing.
  for (const char* other : {"iom.admin", "iom.viewer", "iom.advisor", "alarm.manager", "alarm.counsellor", "dca.viewer"}) {
    const Principal p = As(other);
    EXPECT_EQ(support.Get(p, SupportKind::kTool, tool_id).status().code(), Code::kForbidden) << other;
    EXPECT_EQ(support.Get(p, SupportKind::kAdvisingSession, session_id).status().code(), Code::kForbidden) << other;
    EXPECT_EQ(support.Versions(p, tool_id).status().code(), Code::kForbidden) << other;
    EXPECT_EQ(support.List(p, SupportKind::kTool, list).status().code(), Code::kForbidden) << other;
    EXPECT_EQ(support.Create(p, SupportKind::kTool, Tool()).status().code(), Code::kForbidden) << other;
    EXPECT_EQ(support.Update(p, SupportKind::kAdvisingSession, session_id, {{"topic", "x"}}, std::nullopt).status().code(),
              Code::kForbidden)
        << other;
  }
}

TEST_F(SupportTest, TheFormerOwnersAdvisorTakesPartWhileTheSupportLastsAndNotADayLonger) {
  SeedBeforeHandover();
  SupportService& support = services_->support;
  // A tool IOM shared before the handover moves with the programme.
  auto before = support.Create(As("iom.manager"), SupportKind::kTool, Tool());
  ASSERT_TRUE(before.ok());
  HandOverToAlarm();
  if (HasFatalFailure()) return;
  EXPECT_EQ(store_->Get("support_tool", (*before)["id"].get<std::string>())->data["organization_id"], alarm_org_);
  EXPECT_EQ(store_->Get("programme", programme_)->data["advisors"][0]["organization_id"], iom_org_);

  const Principal advisor = As("iom.advisor");
  const Principal alarm = As("alarm.manager");
  clock_.Set(k20170816 + 47 * kDay);  // 2017-10-02
  auto call = support.Create(advisor, SupportKind::kAdvisingSession,
                             Advising({{"date", "2017-09-28"}, {"advisor_name", nullptr}, {"topic", "Referral pathways"}}));
  ASSERT_TRUE(call.ok()) << call.status().ToString();
  EXPECT_EQ((*call)["organization_id"], alarm_org_) << "the programme's owner's";
  EXPECT_EQ((*call)["advisor_user_id"], advisor.user_id);
  EXPECT_EQ((*call)["advisor_name"], "IOM advisor") << "the advisor's own name when none is given";
  auto tool = support.Create(advisor, SupportKind::kTool,
                             Tool({{"title", "Peer-support group facilitator guide"}, {"category", "guideline"},
                                   {"version", "1.2"}, {"shared_on", "2017-10-01"}}));
  ASSERT_TRUE(tool.ok()) << tool.status().ToString();
  EXPECT_EQ((*tool)["shared_by_organization_id"], iom_org_);
  EXPECT_EQ((*tool)["organization_id"], alarm_org_);
  const std::string tool_id = (*tool)["id"], call_id = (*call)["id"];
  ASSERT_TRUE(support.Update(advisor, SupportKind::kTool, tool_id, {{"version", "1.3"}}, std::nullopt).ok());
  auto versions = support.Versions(advisor, tool_id);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ((*versions)["items"].size(), 2u);
  EXPECT_EQ((*versions)["items"][1]["recorded_by"], advisor.user_id);
  // ALARM's staff read what the advisor recorded; ALARM's manager records too; IOM's manager no
  // longer reads anything of the programme.
  EXPECT_TRUE(support.Get(alarm, SupportKind::kAdvisingSession, call_id).ok());
  EXPECT_TRUE(support.Get(As("alarm.counsellor"), SupportKind::kTool, tool_id).ok());
  EXPECT_TRUE(support.Create(alarm, SupportKind::kAdvisingSession, Advising({{"date", "2017-10-02"}})).ok());
  EXPECT_EQ(support.Get(As("iom.manager"), SupportKind::kTool, tool_id).status().code(), Code::kForbidden);
  auto listed = support.List(advisor, SupportKind::kAdvisingSession, {.programme_id = programme_, .cursor = "", .limit = 50});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ((*listed)["items"].size(), 2u);

  // The handover report shows what the programme was given.
  auto report = services_->handovers.Report(alarm, plan_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const Json& given = (*report)["support"];
  EXPECT_EQ(given["until"], "2017-12-31");
  ASSERT_EQ(given["tools"].size(), 2u) << given.dump();
  EXPECT_EQ(given["tools"][1], (Json{{"id", tool_id}, {"title", "Peer-support group facilitator guide"}, {"category", "guideline"},
                                     {"version", "1.3"}}));
  ASSERT_EQ(given["advising_sessions"].size(), 2u);
  EXPECT_EQ(given["advising_sessions"][0],
            (Json{{"date", "2017-09-28"}, {"topic", "Referral pathways"}, {"mode", "remote_call"}, {"advisor_name", "IOM advisor"}}));
  ASSERT_FALSE(given["refresher_trainings"].empty()) << "the demo's refresher of its first training";
  for (const Json& r : given["refresher_trainings"]) EXPECT_TRUE(r["refresher_of"].is_string()) << r.dump();

  // The last day of the support still counts; from the next day the advisor reads and records
  // nothing, while ALARM's staff go on.
  clock_.Set(k20180101 - 1);
  EXPECT_TRUE(support.Get(advisor, SupportKind::kTool, tool_id).ok());
  clock_.Set(k20180101);
  EXPECT_EQ(support.Get(advisor, SupportKind::kTool, tool_id).status().code(), Code::kForbidden);
  EXPECT_EQ(support.Get(advisor, SupportKind::kAdvisingSession, call_id).status().code(), Code::kForbidden);
  EXPECT_EQ(support.Versions(advisor, tool_id).status().code(), Code::kForbidden);
  EXPECT_EQ(support.List(advisor, SupportKind::kTool, {.programme_id = programme_, .cursor = "", .limit = 50}).status().code(),
            Code::kForbidden);
  EXPECT_EQ(support.Create(advisor, SupportKind::kAdvisingSession, Advising({{"date", "2017-12-30"}})).status().code(),
            Code::kForbidden);
  EXPECT_EQ(support.Create(advisor, SupportKind::kTool, Tool()).status().code(), Code::kForbidden);
  EXPECT_EQ(support.Update(advisor, SupportKind::kTool, tool_id, {{"version", "1.4"}}, std::nullopt).status().code(),
            Code::kForbidden);
  EXPECT_EQ(support.Update(advisor, SupportKind::kAdvisingSession, call_id, {{"follow_up", "x"}}, std::nullopt).status().code(),
            Code::kForbidden);
  EXPECT_TRUE(support.Get(alarm, SupportKind::kTool, tool_id).ok());
  EXPECT_TRUE(support.Update(alarm, SupportKind::kAdvisingSession, call_id, {{"follow_up", "Done in January."}}, std::nullopt).ok());
  EXPECT_TRUE(services_->audit.Verify(Principal::System())->ok);
}

// The demo's story after the handover: IOM's support until the end of 2017, recorded so that the
// rules hold on any later day (the advisor's access has ended).
TEST_F(SupportTest, TheDemoRecordsIomsSupportUntilTheEndOf2017) {
  clock_.Set(k20180101 + 60 * kDay);
  ASSERT_TRUE(SeedDemo(*services_, 300, {}, /*with_handover=*/true).ok());
  programme_ = All("programme").at(0).id;
  const Principal alarm = As("alarm.manager");
  const std::string plan = All("handover").at(0).id;
  auto report = services_->handovers.Report(alarm, plan);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const Json& given = (*report)["support"];
  int autumn = 0;
  for (const Json& r : given["refresher_trainings"]) {
    const std::string start = r["start_date"];
    if (start >= "2017-09-01" && start <= "2017-11-30") ++autumn;
    Record original = store_->Get("activity", r["refresher_of"].get<std::string>()).value();
    EXPECT_EQ(original.data["stream"], "capacity_building");
    EXPECT_EQ(original.data["programme_id"], programme_);
  }
  EXPECT_EQ(autumn, 2) << given["refresher_trainings"].dump();
  ASSERT_EQ(given["tools"].size(), 3u) << given["tools"].dump();
  EXPECT_EQ(given["tools"][0]["title"], "Lay counselling manual");
  EXPECT_EQ(given["tools"][0]["version"], "2.1");
  auto versions = services_->support.Versions(alarm, given["tools"][0]["id"].get<std::string>());
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ((*versions)["items"].size(), 2u);
  EXPECT_EQ((*versions)["items"][0]["version"], "2.0");
  ASSERT_EQ(given["advising_sessions"].size(), 4u);
  const char* months[] = {"2017-09", "2017-10", "2017-11", "2017-12"};  // monthly
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(given["advising_sessions"][i]["date"].get<std::string>().substr(0, 7), months[i]);
    EXPECT_EQ(given["advising_sessions"][i]["advisor_name"], "IOM advisor");
  }
  auto tool = store_->Get("support_tool", given["tools"][0]["id"].get<std::string>());
  EXPECT_EQ(tool->data["shared_by_organization_id"], OrgId("iom"));
  EXPECT_EQ(services_->support.Get(As("iom.advisor"), SupportKind::kTool, tool->id).status().code(), Code::kForbidden);
  EXPECT_TRUE(services_->audit.Verify(Principal::System())->ok);
}

}  // namespace
}  // namespace baton
