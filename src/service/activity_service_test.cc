// Activities and sessions at the service level, on a real SQLite store with a fake clock: planning
// with the stream's defaults, who records sessions, sealed notes and who reads them, the rules that
// tie a session to its activity, and the calendar.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/crypto.h"
#include "service/services.h"
#include "service/setup_service.h"
#include "service/test_node.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

class ActivityServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::FreshDir("baton-activity-test");
    node_ = std::make_unique<test::Node>(dir_, clock_, random_, 'k', /*demo=*/false);
    store_ = node_->store.get();
    services_ = node_->services.get();

    auto iom = InitializeOrganization(*services_, "IOM", "iom.admin", kPassword);
    ASSERT_TRUE(iom.ok()) << iom.status().ToString();
    auto alarm = InitializeOrganization(*services_, "ALARM", "alarm.admin", kPassword);
    ASSERT_TRUE(alarm.ok()) << alarm.status().ToString();
    Principal admin = SignIn("iom.admin");
    site_ = Create(admin, Collection::kSites, {{"name", "Bor PoC site"}, {"code", "bor"}, {"type", "poc_site"}, {"admin1", "Jonglei"}});
    programme_ = Create(admin, Collection::kProgrammes,
                        {{"name", "MHPSS Bor"}, {"site_id", site_}, {"start_date", "2014-03-01"}});
    for (const char* u : {"manager", "supervisor", "counsellor", "facilitator", "other.facilitator", "me_officer", "viewer"}) {
      const std::string name = u;
      const std::string role = name == "other.facilitator" ? "facilitator" : name;
      ids_[name] = Create(admin, Collection::kUsers,
                          {{"username", "iom." + name}, {"display_name", name}, {"roles", {role}}, {"password", kPassword}});
    }
    Principal alarm_admin = SignIn("alarm.admin");
    Create(alarm_admin, Collection::kUsers,
           {{"username", "alarm.manager"}, {"display_name", "m"}, {"roles", {"manager"}}, {"password", kPassword}});
    manager_ = SignIn("iom.manager");
    facilitator_ = SignIn("iom.facilitator");
    other_facilitator_ = SignIn("iom.other.facilitator");
    supervisor_ = SignIn("iom.supervisor");
    counsellor_ = SignIn("iom.counsellor");
    me_officer_ = SignIn("iom.me_officer");
    viewer_ = SignIn("iom.viewer");
    alarm_manager_ = SignIn("alarm.manager");
  }

  void TearDown() override {
    node_.reset();
    fs::remove_all(dir_);
  }

  Principal SignIn(const std::string& username) {
    auto s = services_->auth.Login(username, kPassword, "10.0.0.1");
    EXPECT_TRUE(s.ok()) << username << ": " << s.status().ToString();
    return s.ok() ? s->principal : Principal{};
  }

  std::string Create(const Principal& who, Collection c, const Json& body) {
    auto r = services_->accounts.Create(who, c, body);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->id : std::string();
  }

  ActivityService& activities() { return services_->activities; }

  // A peer-support group run by iom.facilitator, 2015 to 2016.
  Json Group(const Json& changes = Json::object()) {
    Json b = {{"programme_id", programme_},
              {"site_id", site_},
              {"stream", "peer_support"},
              {"title", "Women's peer-support group, block 3"},
              {"start_date", "2015-01-01"},
              {"end_date", "2016-12-31"},
              {"facilitators", {{"user_ids", {ids_["facilitator"]}}, {"external", {{{"name", "Mary Nyandeng"}}}}}}};
    for (auto it = changes.begin(); it != changes.end(); ++it) b[it.key()] = *it;
    return b;
  }

  std::string Plan(const Json& body) {
    auto a = activities().Create(manager_, body);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? a->view["id"].get<std::string>() : std::string();
  }

  static std::string FieldOf(const Status& s) { return s.errors().empty() ? "" : s.errors()[0].field; }

  static constexpr const char* kPassword = "mango tree by the nile";
  fs::path dir_;
  FakeClock clock_{1'502'789'400'000};  // 2017-08-15T09:30:00Z
  SeededRandom random_{11};
  std::unique_ptr<test::Node> node_;
  Store* store_ = nullptr;
  Services* services_ = nullptr;
  std::string site_, programme_;
  std::map<std::string, std::string> ids_;
  Principal manager_, facilitator_, other_facilitator_, supervisor_, counsellor_, me_officer_, viewer_, alarm_manager_;
};

TEST_F(ActivityServiceTest, APlannedActivityTakesItsStreamsDefaults) {
  auto a = activities().Create(manager_, Group());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  const Json& v = a->view;
  EXPECT_EQ(v["activity_code"], "8.2");  // basic counselling, groups
  EXPECT_EQ(v["attendance_mode"], "named");
  EXPECT_EQ(v["status"], "planned");
  EXPECT_TRUE(v["pyramid_layer"].is_number_integer());
  EXPECT_EQ(v["code_table_version"], "iasc-4ws-2012");
  EXPECT_EQ(v["organization_id"], manager_.organization_id);
  ASSERT_EQ(v["facilitator_users"].size(), 1u);
  EXPECT_EQ(v["facilitator_users"][0], (Json{{"id", ids_["facilitator"]}, {"display_name", "facilitator"}}));
  EXPECT_EQ(a->version, 1);

  auto info = activities().Create(manager_, Group({{"stream", "information"}, {"title", "Cholera awareness"}}));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->view["attendance_mode"], "headcount");
  EXPECT_EQ(info->view["activity_code"], "1.1");
}

TEST_F(ActivityServiceTest, BadPlansAreRefusedNamingTheField) {
  auto unknown_code = activities().Create(manager_, Group({{"activity_code", "99.9"}}));
  EXPECT_EQ(unknown_code.status().code(), Code::kInvalid);
  EXPECT_EQ(FieldOf(unknown_code.status()), "activity_code");

  auto backwards = activities().Create(manager_, Group({{"start_date", "2016-01-01"}, {"end_date", "2015-01-01"}}));
  EXPECT_EQ(backwards.status().code(), Code::kInvalid);
  EXPECT_EQ(FieldOf(backwards.status()), "end_date");

  auto stranger = activities().Create(manager_, Group({{"facilitators", {{"user_ids", {"01890000-0000-7000-8000-000000000000"}}}}}));
  EXPECT_EQ(stranger.status().code(), Code::kInvalid);
  EXPECT_EQ(FieldOf(stranger.status()), "facilitators.user_ids[0]");

  auto foreign = activities().Create(alarm_manager_, Group());
  EXPECT_EQ(foreign.status().code(), Code::kInvalid);
  EXPECT_EQ(FieldOf(foreign.status()), "programme_id");

  auto trimmed = activities().Create(manager_, Group({{"facilitators", {{"user_ids", nullptr}, {"external", {{{"name", " Mary "}}}}}}}));
  ASSERT_TRUE(trimmed.ok()) << trimmed.status().ToString();
  EXPECT_EQ(trimmed->view["facilitators"], (Json{{"external", {{{"name", "Mary"}}}}}));
  ASSERT_TRUE(activities().Update(manager_, trimmed->view["id"].get<std::string>(), {{"active", false}}, std::nullopt).ok());

  auto trade = activities().Create(manager_, Group({{"trade", "bakery"}}));
  EXPECT_EQ(FieldOf(trade.status()), "trade") << "a trade belongs to vocational training";

  EXPECT_EQ(activities().Create(facilitator_, Group()).status().code(), Code::kForbidden);
  EXPECT_EQ(activities().Create(viewer_, Group()).status().code(), Code::kForbidden);
  EXPECT_EQ(activities().Create(viewer_, Json::object()).status().code(), Code::kForbidden) << "access before content";
  // Nothing of the refused plans was written.
  auto listed = activities().List(manager_, {});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->items.size(), 1u) << "only the plan with trimmed facilitators";
}

TEST_F(ActivityServiceTest, UpdatesKeepTheStreamAndRefuseAStaleVersion) {
  const std::string id = Plan(Group());
  auto moved = activities().Update(manager_, id, {{"status", "ongoing"}}, 1);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->view["status"], "ongoing");
  EXPECT_EQ(moved->version, 2);
  EXPECT_EQ(activities().Update(manager_, id, {{"status", "completed"}}, 1).status().code(), Code::kPreconditionFailed);
  auto stream = activities().Update(manager_, id, {{"stream", "recreational"}}, std::nullopt);
  EXPECT_EQ(FieldOf(stream.status()), "stream");
  auto same = activities().Update(manager_, id, {{"status", "ongoing"}}, std::nullopt);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->version, 2) << "an unchanged patch writes nothing";
  EXPECT_EQ(activities().Update(facilitator_, id, {{"status", "completed"}}, std::nullopt).status().code(),
            Code::kForbidden);
}

TEST_F(ActivityServiceTest, ListsFilterByStreamAndStayInTheOrganisation) {
  const std::string group = Plan(Group());
  const std::string football = Plan(Group({{"stream", "recreational"}, {"title", "Youth football"}}));
  auto by_stream = activities().List(me_officer_, {.filters = {{"stream", "recreational"}}});
  ASSERT_TRUE(by_stream.ok()) << by_stream.status().ToString();
  ASSERT_EQ(by_stream->items.size(), 1u);
  EXPECT_EQ(by_stream->items[0]["id"], football);
  auto by_title = activities().List(counsellor_, {.q = "peer-support"});
  ASSERT_TRUE(by_title.ok());
  ASSERT_EQ(by_title->items.size(), 1u);
  EXPECT_EQ(by_title->items[0]["id"], group);
  auto paged = activities().List(manager_, {.limit = 1});
  ASSERT_TRUE(paged.ok());
  ASSERT_TRUE(paged->next_cursor.has_value());
  auto next = activities().List(manager_, {.cursor = *paged->next_cursor, .limit = 1});
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->items.size(), 1u);
  EXPECT_NE(next->items[0]["id"], paged->items[0]["id"]);

  EXPECT_EQ(FieldOf(activities().List(manager_, {.filters = {{"stream", "football"}}}).status()), "stream");
  EXPECT_EQ(FieldOf(activities().List(manager_, {.filters = {{"colour", "red"}}}).status()), "colour");
  EXPECT_EQ(FieldOf(activities().List(manager_, {.filters = {{"status", "finished"}}}).status()), "status");
  EXPECT_EQ(FieldOf(activities().List(manager_, {.filters = {{"attendance_mode", "roll"}}}).status()), "attendance_mode");
  EXPECT_EQ(activities().List(viewer_, {}).status().code(), Code::kForbidden);
  auto alarm = activities().List(alarm_manager_, {});
  ASSERT_TRUE(alarm.ok());
  EXPECT_TRUE(alarm->items.empty());
  EXPECT_EQ(activities().Get(alarm_manager_, group).status().code(), Code::kForbidden);
}

TEST_F(ActivityServiceTest, TheNamedFacilitatorRecordsSessionsWithSealedNotes) {
  const std::string id = Plan(Group());
  const Json body = {{"date", "2015-03-04"}, {"start_time", "09:00"}, {"end_time", "11:00"}, {"place", "Block 3 tent"},
                     {"notes", "Nyandeng spoke about her brother for the first time"}};
  auto s = activities().CreateSession(facilitator_, id, body);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->view["notes"], body["notes"]);
  EXPECT_EQ(s->view["activity_id"], id);
  EXPECT_EQ(s->view["programme_id"], programme_);
  EXPECT_FALSE(s->view.contains("sealed"));
  const std::string sid = s->view["id"];

  // The store holds the notes sealed, not in clear.
  auto stored = store_->Get("session", sid);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->data.contains("notes"));
  EXPECT_EQ(stored->data.dump().find("brother"), std::string::npos);

  for (const Principal* who : {&manager_, &supervisor_, &facilitator_}) {
    auto read = activities().GetSession(*who, sid);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_EQ(read->view["notes"], body["notes"]) << who->user_id;
  }
  for (const Principal* who : {&me_officer_, &counsellor_, &other_facilitator_}) {
    auto read = activities().GetSession(*who, sid);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_FALSE(read->view.contains("notes")) << who->user_id;
    EXPECT_EQ(read->view["place"], "Block 3 tent");
    EXPECT_FALSE(read->view.contains("facilitator_name")) << "none was named";
  }
  // A list opens the notes the same way, for the same people.
  auto listed = activities().Sessions(facilitator_, {.activity_id = id});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0]["notes"], body["notes"]);
  auto listed_me = activities().Sessions(me_officer_, {.programme_id = programme_});
  ASSERT_TRUE(listed_me.ok());
  ASSERT_EQ(listed_me->items.size(), 1u);
  EXPECT_FALSE(listed_me->items[0].contains("notes"));
  EXPECT_FALSE(listed_me->items[0].contains("sealed"));
  EXPECT_EQ(activities().GetSession(viewer_, sid).status().code(), Code::kForbidden);
  EXPECT_EQ(activities().CreateSession(other_facilitator_, id, {{"date", "2015-03-11"}}).status().code(), Code::kForbidden);
  EXPECT_EQ(activities().CreateSession(counsellor_, id, {{"date", "2015-03-11"}}).status().code(), Code::kForbidden);

  // Changing the notes re-seals them; someone who may not read them may not change them.
  auto changed = activities().UpdateSession(facilitator_, sid, {{"notes", "Follow-up agreed"}}, 1);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_EQ(changed->view["notes"], "Follow-up agreed");
  EXPECT_EQ(changed->version, 2);
  EXPECT_EQ(activities().UpdateSession(facilitator_, sid, {{"place", "x"}}, 1).status().code(), Code::kPreconditionFailed);
  auto cleared = activities().UpdateSession(manager_, sid, {{"notes", nullptr}}, std::nullopt);
  ASSERT_TRUE(cleared.ok()) << cleared.status().ToString();
  EXPECT_FALSE(cleared->view.contains("notes"));
}

TEST_F(ActivityServiceTest, ASessionBelongsWithinItsActivity) {
  const std::string id = Plan(Group());
  auto early = activities().CreateSession(manager_, id, {{"date", "2014-12-31"}});
  EXPECT_EQ(early.status().code(), Code::kInvalid);
  EXPECT_EQ(FieldOf(early.status()), "date");
  auto late_end = activities().CreateSession(manager_, id, {{"date", "2015-02-02"}, {"start_time", "10:00"}, {"end_time", "09:00"}});
  EXPECT_EQ(FieldOf(late_end.status()), "end_time");
  auto elsewhere = activities().CreateSession(manager_, id, {{"date", "2015-02-02"}, {"activity_id", "01890000-0000-7000-8000-000000000000"}});
  EXPECT_EQ(FieldOf(elsewhere.status()), "activity_id");
  auto stranger = activities().CreateSession(manager_, id, {{"date", "2015-02-02"}, {"facilitator_id", "01890000-0000-7000-8000-000000000000"}});
  EXPECT_EQ(FieldOf(stranger.status()), "facilitator_id");
  EXPECT_EQ(activities().CreateSession(manager_, "01890000-0000-7000-8000-000000000000", {{"date", "2015-02-02"}}).status().code(),
            Code::kNotFound);

  auto ok = activities().CreateSession(manager_, id, {{"date", "2015-02-02"}, {"facilitator_id", ids_["facilitator"]}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->view["facilitator_name"], "facilitator");
  auto moved_out = activities().UpdateSession(manager_, ok->view["id"].get<std::string>(), {{"date", "2017-01-01"}}, std::nullopt);
  EXPECT_EQ(FieldOf(moved_out.status()), "date");

  // New dates that would leave a session outside are refused, naming the date that moved.
  auto later_start = activities().Update(manager_, id, {{"start_date", "2015-03-01"}}, std::nullopt);
  EXPECT_EQ(FieldOf(later_start.status()), "start_date");
  auto earlier_end = activities().Update(manager_, id, {{"end_date", "2015-01-31"}}, std::nullopt);
  EXPECT_EQ(FieldOf(earlier_end.status()), "end_date");
  ASSERT_TRUE(activities().Update(manager_, id, {{"start_date", "2015-02-02"}}, std::nullopt).ok());
  ASSERT_TRUE(activities().Update(manager_, id, {{"status", "cancelled"}}, std::nullopt).ok());
  EXPECT_EQ(activities().CreateSession(manager_, id, {{"date", "2015-02-09"}}).status().code(), Code::kConflict);
}

TEST_F(ActivityServiceTest, TheCalendarListsAProgrammesSessionsBetweenTwoDates) {
  const std::string group = Plan(Group());
  const std::string football = Plan(Group({{"stream", "recreational"}, {"title", "Youth football"}}));
  for (const char* date : {"2015-03-02", "2015-03-30", "2015-04-01"}) {
    ASSERT_TRUE(activities().CreateSession(manager_, group, {{"date", date}}).ok());
  }
  ASSERT_TRUE(activities().CreateSession(manager_, football, {{"date", "2015-03-15"}}).ok());
  auto march = activities().Sessions(facilitator_, {.programme_id = programme_, .from = "2015-03-01", .to = "2015-03-31"});
  ASSERT_TRUE(march.ok()) << march.status().ToString();
  std::vector<std::string> dates;
  for (const Json& s : march->items) dates.push_back(s["date"]);
  std::sort(dates.begin(), dates.end());
  EXPECT_EQ(dates, (std::vector<std::string>{"2015-03-02", "2015-03-15", "2015-03-30"}));
  auto of_group = activities().Sessions(manager_, {.activity_id = football});
  ASSERT_TRUE(of_group.ok());
  ASSERT_EQ(of_group->items.size(), 1u);
  EXPECT_EQ(of_group->items[0]["activity_id"], football);

  EXPECT_EQ(FieldOf(activities().Sessions(manager_, {}).status()), "activity_id");
  EXPECT_EQ(FieldOf(activities().Sessions(manager_, {.programme_id = programme_, .from = "March"}).status()), "from");
  EXPECT_EQ(FieldOf(activities().Sessions(manager_, {.programme_id = programme_, .from = "2015-04-01", .to = "2015-03-01"}).status()), "to");
  auto alarm = activities().Sessions(alarm_manager_, {.programme_id = programme_});
  ASSERT_TRUE(alarm.ok());
  EXPECT_TRUE(alarm->items.empty()) << "another organisation sees none of them";
}

TEST_F(ActivityServiceTest, OptionsOfferTheProgrammesCodeTable) {
  auto options = activities().Options(manager_, programme_);
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ((*options)["code_table"]["version"], "iasc-4ws-2012");
  EXPECT_EQ((*options)["code_table"]["stream_defaults"]["peer_support"]["code"], "8.2");
  EXPECT_EQ((*options)["streams"].size(), 6u);
  EXPECT_EQ((*options)["pyramid_layers"].size(), 4u);
  EXPECT_EQ(FieldOf(activities().Options(alarm_manager_, programme_).status()), "programme_id");

  // A programme extends the table (an admin sets it on the programme); its activities may use it.
  Principal admin = SignIn("iom.admin");
  Json bad = {{"activity_codes", {{"version", "bor-2016"}, {"codes", {{{"code", "12.1"}, {"label", "x"}, {"layer", 9}}}}}}};
  auto refused = services_->accounts.Update(admin, Collection::kProgrammes, programme_, bad, std::nullopt);
  EXPECT_EQ(refused.status().code(), Code::kInvalid);
  EXPECT_EQ(FieldOf(refused.status()), "activity_codes.codes[0].layer");
  Json extension = {{"activity_codes",
                     {{"version", "bor-2016"},
                      {"codes", {{{"code", "12.1"}, {"label", "Conflict mediation committee"}, {"layer", 2}, {"mapped", true}}}}}}};
  ASSERT_TRUE(services_->accounts.Update(admin, Collection::kProgrammes, programme_, extension, std::nullopt).ok());
  auto extended = activities().Options(manager_, programme_);
  ASSERT_TRUE(extended.ok());
  EXPECT_EQ((*extended)["code_table"]["version"], "iasc-4ws-2012+bor-2016");
  auto mediation = activities().Create(manager_, Group({{"stream", "information"}, {"activity_code", "12.1"}}));
  ASSERT_TRUE(mediation.ok()) << mediation.status().ToString();
  EXPECT_EQ(mediation->view["pyramid_layer"], 2);
  EXPECT_EQ(mediation->view["code_table_version"], "iasc-4ws-2012+bor-2016");
  EXPECT_EQ(activities().Options(viewer_, programme_).status().code(), Code::kForbidden);
}

}  // namespace
}  // namespace baton
