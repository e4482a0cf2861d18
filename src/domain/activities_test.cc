#include "domain/activities.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "domain/persons.h"

namespace baton {
namespace {

const char* const kProgramme = "0190a1b2-0000-7000-8000-000000000001";
const char* const kSite = "0190a1b2-0000-7000-8000-000000000002";
const char* const kUser = "0190a1b2-0000-7000-8000-000000000003";
const char* const kUser2 = "0190a1b2-0000-7000-8000-000000000004";
const char* const kActivity = "0190a1b2-0000-7000-8000-000000000005";
const char* const kPerson[] = {"0190a1b2-0000-7000-8000-00000000000a", "0190a1b2-0000-7000-8000-00000000000b",
                               "0190a1b2-0000-7000-8000-00000000000c", "0190a1b2-0000-7000-8000-00000000000d"};

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& e : s.errors()) out.push_back(e.field);
  return out;
}

bool Names(const Status& s, const std::string& field) {
  std::vector<std::string> fields = Fields(s);
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

Json Activity(const std::string& stream) {
  return Json{{"programme_id", kProgramme}, {"site_id", kSite},          {"stream", stream},
              {"title", "Weekly group"},    {"start_date", "2016-01-01"}, {"end_date", "2016-12-31"}};
}

// The activity as the service would store it: validated, then defaults applied.
Result<Json> Create(const Json& input, const ActivityCodeTable& codes = DefaultActivityCodeTable()) {
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(ActivitySpec(codes), input, InputMode::kCreate));
  ApplyActivityDefaults(state, codes);
  BATON_RETURN_IF_ERROR(CheckActivityState(state, true));
  return state;
}

// ---- the code table ----

TEST(ActivityCodesTest, DefaultTableHoldsTheCodesOfMhpss) {
  const ActivityCodeTable& t = DefaultActivityCodeTable();
  EXPECT_EQ(t.version, "iasc-4ws-2012");
  for (const char* code : {"1.1", "1.2", "3.5", "4.1", "7.1", "7.2", "8.1", "8.2", "9.3", "11.1", "11.3", "11.5"}) {
    const ActivityCode* c = t.Find(code);
    ASSERT_NE(c, nullptr) << code;
    EXPECT_FALSE(c->mapped) << code;
    EXPECT_FALSE(c->label.empty()) << code;
    EXPECT_GE(c->layer, kMinPyramidLayer) << code;
    EXPECT_LE(c->layer, kMaxPyramidLayer) << code;
  }
  EXPECT_EQ(t.Find("3.5")->label, "Recreational activities (not child-friendly spaces)");
  EXPECT_EQ(t.Find("8.1")->group, "person");
  EXPECT_EQ(t.Find("11.3")->group, "general");
  // No 4Ws code: mapped by rule, layer 2.
  for (const char* code : {"vocational_training", "conflict_mediation", "peacebuilding"}) {
    ASSERT_NE(t.Find(code), nullptr) << code;
    EXPECT_TRUE(t.Find(code)->mapped) << code;
    EXPECT_EQ(t.Find(code)->layer, 2) << code;
  }
  EXPECT_EQ(t.Find("2.1"), nullptr);
  EXPECT_EQ(t.Codes().size(), 15u);
}

TEST(ActivityCodesTest, PyramidLayersHaveLabels) {
  EXPECT_STREQ(PyramidLayerLabel(1), "social considerations in basic services and security");
  EXPECT_STREQ(PyramidLayerLabel(2), "strengthening community and family supports");
  EXPECT_STREQ(PyramidLayerLabel(3), "focused, non-specialised supports");
  EXPECT_STREQ(PyramidLayerLabel(4), "specialised services");
  EXPECT_STREQ(PyramidLayerLabel(0), "");
  EXPECT_STREQ(PyramidLayerLabel(5), "");
}

TEST(ActivityCodesTest, EveryStreamDefaultsToACodeAndLayer) {
  struct Expect {
    const char* stream;
    const char* code;
    int layer;
  };
  for (const Expect& e : std::vector<Expect>{{"needs_assessment", "11.1", 1},
                                             {"capacity_building", "11.3", 3},
                                             {"recreational", "3.5", 2},
                                             {"vocational", "vocational_training", 2},
                                             {"peer_support", "8.2", 3},
                                             {"information", "1.1", 1}}) {
    auto a = Create(Activity(e.stream));
    ASSERT_TRUE(a.ok()) << e.stream << " " << a.status().ToString();
    EXPECT_EQ((*a)["activity_code"], e.code) << e.stream;
    EXPECT_EQ((*a)["pyramid_layer"], e.layer) << e.stream;
    EXPECT_EQ((*a)["code_table_version"], "iasc-4ws-2012") << e.stream;
    EXPECT_EQ((*a)["status"], "planned") << e.stream;
    EXPECT_EQ((*a)["attendance_mode"], std::string(e.stream) == "information" ? "headcount" : "named") << e.stream;
  }
  EXPECT_EQ(ActivityStreams().size(), 6u);
  for (const std::string& stream : ActivityStreams()) EXPECT_NE(DefaultActivityCodeTable().DefaultFor(stream), nullptr);
}

TEST(ActivityCodesTest, CodeAndLayerAreEditablePerActivity) {
  // A code without a layer takes the code's layer, not the stream's.
  Json input = Activity("information");
  input["activity_code"] = "1.2";
  auto a = Create(input);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ((*a)["activity_code"], "1.2");
  EXPECT_EQ((*a)["pyramid_layer"], 2);
  // A layer without a code keeps the layer and takes the stream's code.
  input = Activity("peer_support");
  input["pyramid_layer"] = 2;
  a = Create(input);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ((*a)["activity_code"], "8.2");
  EXPECT_EQ((*a)["pyramid_layer"], 2);
  // Both given: both kept, even where they differ from the table.
  input = Activity("recreational");
  input["activity_code"] = "4.1";
  input["pyramid_layer"] = 1;
  a = Create(input);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)["activity_code"], "4.1");
  EXPECT_EQ((*a)["pyramid_layer"], 1);
  // A default never overwrites what a state holds.
  Json state = *a;
  ApplyActivityDefaults(state, DefaultActivityCodeTable());
  EXPECT_EQ(state, *a);
}

TEST(ActivityCodesTest, CodeMustBeInTheTableAndLayerInRange) {
  Json input = Activity("recreational");
  input["activity_code"] = "3.6";
  input["pyramid_layer"] = 5;
  auto r = ValidateInput(ActivitySpec(DefaultActivityCodeTable()), input, InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Names(r.status(), "activity_code"));
  EXPECT_TRUE(Names(r.status(), "pyramid_layer"));
  input["pyramid_layer"] = 0;
  EXPECT_TRUE(Names(ValidateInput(ActivitySpec(DefaultActivityCodeTable()), input, InputMode::kCreate).status(),
                    "pyramid_layer"));
}

Json Extension() {
  return Json{{"version", "bor-2016"},
              {"codes", Json::array({{{"code", "3.6"}, {"label", "Cultural events"}, {"layer", 2},
                                      {"group", "community"}},
                                     {{"code", "8.2"}, {"label", "Peer-support groups"}, {"layer", 2}}})}};
}

TEST(ActivityCodesTest, ProgrammeExtendsTheTable) {
  ASSERT_TRUE(CheckActivityCodes(Extension()).ok()) << CheckActivityCodes(Extension()).ToString();
  ActivityCodeTable t = ActivityCodesOfProgramme(Json{{"name", "Bor"}, {"activity_codes", Extension()}});
  EXPECT_EQ(t.version, "iasc-4ws-2012+bor-2016");
  EXPECT_EQ(t.Codes().size(), 16u);  // built-ins kept, 3.6 added, 8.2 replaced
  ASSERT_NE(t.Find("3.6"), nullptr);
  EXPECT_EQ(t.Find("3.6")->label, "Cultural events");
  EXPECT_EQ(t.Find("8.2")->label, "Peer-support groups");
  EXPECT_NE(t.Find("11.1"), nullptr);

  // The new code is accepted by the programme's activity spec, not by the built-in one.
  Json input = Activity("recreational");
  input["activity_code"] = "3.6";
  EXPECT_FALSE(ValidateInput(ActivitySpec(DefaultActivityCodeTable()), input, InputMode::kCreate).ok());
  auto a = Create(input, t);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ((*a)["pyramid_layer"], 2);
  EXPECT_EQ((*a)["code_table_version"], "iasc-4ws-2012+bor-2016");

  // A stream whose default code's layer changed follows it.
  a = Create(Activity("peer_support"), t);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)["activity_code"], "8.2");
  EXPECT_EQ((*a)["pyramid_layer"], 2);
}

TEST(ActivityCodesTest, ProgrammeSetsStreamDefaults) {
  Json field = Extension();
  field["stream_defaults"] = {{"recreational", {{"code", "3.6"}}}, {"information", {{"code", "1.2"}, {"layer", 1}}}};
  ASSERT_TRUE(CheckActivityCodes(field).ok()) << CheckActivityCodes(field).ToString();
  ActivityCodeTable t = ActivityCodesOfProgramme(Json{{"activity_codes", field}});
  auto a = Create(Activity("recreational"), t);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)["activity_code"], "3.6");
  EXPECT_EQ((*a)["pyramid_layer"], 2);
  a = Create(Activity("information"), t);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)["activity_code"], "1.2");
  EXPECT_EQ((*a)["pyramid_layer"], 1);
  a = Create(Activity("needs_assessment"), t);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)["activity_code"], "11.1");
}

TEST(ActivityCodesTest, ProgrammeReplacesTheTable) {
  Json codes = Json::array();
  Json defaults = Json::object();
  int n = 0;
  for (const std::string& stream : ActivityStreams()) {
    std::string code = "x." + std::to_string(++n);
    codes.push_back({{"code", code}, {"label", stream}, {"layer", 2}});
    defaults[stream] = {{"code", code}};
  }
  Json field = {{"version", "iasc-4ws-2024-draft"}, {"replace", true}, {"codes", codes}, {"stream_defaults", defaults}};
  ASSERT_TRUE(CheckActivityCodes(field).ok()) << CheckActivityCodes(field).ToString();
  ActivityCodeTable t = ActivityCodesOfProgramme(Json{{"activity_codes", field}});
  EXPECT_EQ(t.version, "iasc-4ws-2024-draft");
  EXPECT_EQ(t.Codes().size(), 6u);
  EXPECT_EQ(t.Find("8.2"), nullptr);
  auto a = Create(Activity("peer_support"), t);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)["activity_code"], "x.5");

  // Replaced, every stream needs a default from the new table.
  field["stream_defaults"].erase("vocational");
  Status s = CheckActivityCodes(field);
  EXPECT_EQ(Fields(s), std::vector<std::string>{"activity_codes.stream_defaults.vocational"});
  // And the table may not be empty.
  EXPECT_TRUE(Names(CheckActivityCodes(Json{{"version", "v2"}, {"replace", true}, {"codes", Json::array()}}),
                    "activity_codes.codes"));
}

TEST(ActivityCodesTest, BadTablesNameTheField) {
  struct Case {
    Json field;
    std::string error;
  };
  auto with_codes = [](Json rows) { return Json{{"version", "v2"}, {"codes", std::move(rows)}}; };
  std::vector<Case> cases = {
      {Json::array(), "activity_codes"},
      {Json{{"codes", Json::array()}}, "activity_codes.version"},
      {Json{{"version", "has space"}}, "activity_codes.version"},
      {Json{{"version", "v2"}, {"colour", "red"}}, "activity_codes.colour"},
      {Json{{"version", "v2"}, {"replace", "yes"}}, "activity_codes.replace"},
      {with_codes(Json::object()), "activity_codes.codes"},
      {with_codes(Json::array({"3.6"})), "activity_codes.codes[0]"},
      {with_codes(Json::array({{{"code", "3.6"}, {"label", "A"}, {"layer", 2}},
                               {{"code", "3.7"}, {"label", "B"}, {"layer", 5}}})),
       "activity_codes.codes[1].layer"},
      {with_codes(Json::array({{{"code", "3.6"}, {"layer", 2}}})), "activity_codes.codes[0].label"},
      {with_codes(Json::array({{{"code", "VOC"}, {"label", "A"}, {"layer", 2}}})), "activity_codes.codes[0].code"},
      {with_codes(Json::array({{{"code", "3.6"}, {"label", "A"}, {"layer", 2}},
                               {{"code", "3.6"}, {"label", "B"}, {"layer", 2}}})),
       "activity_codes.codes[1].code"},
      {with_codes(Json::array({{{"code", "3.6"}, {"label", "A"}, {"layer", 2}, {"group", "family"}}})),
       "activity_codes.codes[0].group"},
      {Json{{"version", "v2"}, {"stream_defaults", {{"counselling", {{"code", "8.1"}}}}}},
       "activity_codes.stream_defaults.counselling"},
      {Json{{"version", "v2"}, {"stream_defaults", {{"information", {{"code", "9.9"}}}}}},
       "activity_codes.stream_defaults.information.code"},
      {Json{{"version", "v2"}, {"stream_defaults", {{"information", {{"code", "1.1"}, {"layer", 7}}}}}},
       "activity_codes.stream_defaults.information.layer"},
  };
  for (const Case& c : cases) {
    Status s = CheckActivityCodes(c.field);
    ASSERT_FALSE(s.ok()) << c.field.dump();
    EXPECT_EQ(s.code(), Code::kInvalid);
    EXPECT_TRUE(Names(s, c.error)) << c.field.dump() << " -> " << s.ToString();
  }
}

TEST(ActivityCodesTest, ProgrammeWithABadTableGetsTheBuiltInOne) {
  EXPECT_EQ(ActivityCodesOfProgramme(Json{{"name", "Bor"}}).version, "iasc-4ws-2012");
  EXPECT_EQ(ActivityCodesOfProgramme(Json{{"activity_codes", {{"version", ""}}}}).version, "iasc-4ws-2012");
}

// ---- activities ----

TEST(ActivitiesTest, FullTrainingIsAccepted) {
  Json input = Activity("capacity_building");
  input["title"] = "  PFA refresher  ";
  input["facilitators"] = {{"user_ids", {kUser, kUser2}},
                           {"external", Json::array({{{"name", "Mary Ayen"}, {"organization", "ALARM"}}})}};
  input["target_group"] = "ALARM lay counsellors";
  input["schedule"] = {{"frequency", "weekly"}, {"weekdays", {"tue", "thu"}}, {"start_time", "09:00"},
                       {"end_time", "12:30"}, {"note", "in the IOM hall"}};
  input["status"] = "ongoing";
  input["topics"] = {"psychological_first_aid", "Self_Care"};
  input["completion_rule_percent"] = 80;
  input["refresher_of"] = kActivity;
  auto a = Create(input);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ((*a)["title"], "PFA refresher");
  EXPECT_EQ((*a)["topics"], (Json{"psychological_first_aid", "self_care"}));
  EXPECT_EQ((*a)["status"], "ongoing");
  EXPECT_EQ(FacilitatorUserIds(*a), (std::vector<std::string>{kUser, kUser2}));
  EXPECT_TRUE(FacilitatorUserIds(Activity("recreational")).empty());
}

TEST(ActivitiesTest, VocationalCohortIsAccepted) {
  Json input = Activity("vocational");
  input["trade"] = "bakery";
  input["enrolment_criteria"] = "Women heading households, 18 or over";
  input["completion_rule_percent"] = 75;
  auto a = Create(input);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ((*a)["trade"], "bakery");
}

TEST(ActivitiesTest, MissingAndBadFieldsAreNamed) {
  auto r = ValidateInput(ActivitySpec(DefaultActivityCodeTable()),
                         Json{{"stream", "counselling"}, {"site_id", "bor"}, {"start_date", "2016-02-30"},
                              {"status", "done"}, {"attendance_mode", "list"}, {"completion_rule_percent", 0}},
                         InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  for (const char* f : {"programme_id", "title", "stream", "site_id", "start_date", "status", "attendance_mode",
                        "completion_rule_percent"}) {
    EXPECT_TRUE(Names(r.status(), f)) << f;
  }
}

TEST(ActivitiesTest, ProgrammeAndStreamCannotChange) {
  auto r = ValidateInput(ActivitySpec(DefaultActivityCodeTable()),
                         Json{{"stream", "recreational"}, {"programme_id", kProgramme}}, InputMode::kPatch);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Names(r.status(), "stream"));
  EXPECT_TRUE(Names(r.status(), "programme_id"));
  EXPECT_TRUE(
      ValidateInput(ActivitySpec(DefaultActivityCodeTable()), Json{{"status", "cancelled"}}, InputMode::kPatch).ok());
}

TEST(ActivitiesTest, EndDateMayNotBeBeforeStartDate) {
  Json input = Activity("recreational");
  input["end_date"] = "2015-12-31";
  auto a = Create(input);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(Fields(a.status()), std::vector<std::string>{"end_date"});
  input["end_date"] = "2016-01-01";  // a one-day event
  EXPECT_TRUE(Create(input).ok());
  input.erase("end_date");  // a standing group
  EXPECT_TRUE(Create(input).ok());
}

TEST(ActivitiesTest, StreamFieldsOnlyOnTheirStreams) {
  Json input = Activity("recreational");
  input["trade"] = "bakery";
  input["topics"] = {"football"};
  input["refresher_of"] = kActivity;
  input["completion_rule_percent"] = 80;
  input["enrolment_criteria"] = "none";
  auto a = Create(input);
  ASSERT_FALSE(a.ok());
  for (const char* f : {"trade", "topics", "refresher_of", "completion_rule_percent", "enrolment_criteria"}) {
    EXPECT_TRUE(Names(a.status(), f)) << f;
  }
  EXPECT_EQ(a.status().errors()[0].message, "is only for the streams capacity_building, information");
  // Information sessions have topics; a cleared field is no field.
  input = Activity("information");
  input["topics"] = {"cholera", "services_map"};
  input["trade"] = nullptr;
  EXPECT_TRUE(Create(input).ok());
}

TEST(ActivitiesTest, PeerSupportAttendanceIsNamed) {
  Json input = Activity("peer_support");
  input["attendance_mode"] = "headcount";
  auto a = Create(input);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(Fields(a.status()), std::vector<std::string>{"attendance_mode"});
  input = Activity("recreational");
  input["attendance_mode"] = "headcount";
  EXPECT_TRUE(Create(input).ok());
}

TEST(ActivitiesTest, RefresherIsNotTheTrainingItself) {
  Json state = *Create(Activity("capacity_building"));
  state["id"] = kActivity;
  state["refresher_of"] = kActivity;
  EXPECT_EQ(Fields(CheckActivityState(state, false)), std::vector<std::string>{"refresher_of"});
  state["refresher_of"] = kUser;
  EXPECT_TRUE(CheckActivityState(state, false).ok());
}

TEST(ActivitiesTest, CreateNeedsTheDefaultsApplied) {
  auto state = ValidateInput(ActivitySpec(DefaultActivityCodeTable()), Activity("recreational"), InputMode::kCreate);
  ASSERT_TRUE(state.ok());
  Status s = CheckActivityState(*state, true);
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"activity_code", "pyramid_layer", "attendance_mode"}));
  EXPECT_TRUE(CheckActivityState(*state, false).ok());
}

TEST(ActivitiesTest, BadFacilitatorsAreNamed) {
  struct Case {
    Json facilitators;
    std::string error;
  };
  std::vector<Case> cases = {
      {Json::array({kUser}), "facilitators"},
      {{{"user_ids", {kUser, "iom.facilitator"}}}, "facilitators.user_ids[1]"},
      {{{"user_ids", {kUser, kUser}}}, "facilitators.user_ids[1]"},
      {{{"user_ids", kUser}}, "facilitators.user_ids"},
      {{{"external", Json::array({{{"organization", "ALARM"}}})}}, "facilitators.external[0].name"},
      {{{"external", Json::array({{{"name", "   "}}})}}, "facilitators.external[0].name"},
      {{{"external", Json::array({{{"name", "A"}}, {{"name", "B"}, {"phone", "0912"}}})}},
       "facilitators.external[1].phone"},
      {{{"external", Json::array({"Mary"})}}, "facilitators.external[0]"},
      {{{"staff", Json::array()}}, "facilitators.staff"},
  };
  for (const Case& c : cases) {
    Json input = Activity("recreational");
    input["facilitators"] = c.facilitators;
    auto r = ValidateInput(ActivitySpec(DefaultActivityCodeTable()), input, InputMode::kCreate);
    ASSERT_FALSE(r.ok()) << c.facilitators.dump();
    EXPECT_TRUE(Names(r.status(), c.error)) << c.facilitators.dump() << " -> " << r.status().ToString();
  }
  std::vector<std::string> many;
  for (int i = 0; i < 51; ++i) many.push_back("Volunteer " + std::to_string(i));
  Json people = Json::array();
  for (const auto& name : many) people.push_back({{"name", name}});
  EXPECT_TRUE(Names(CheckFacilitators({{"external", people}}), "facilitators.external"));
  EXPECT_TRUE(CheckFacilitators(Json::object()).ok());
}

TEST(ActivitiesTest, BadSchedulesAreNamed) {
  struct Case {
    Json schedule;
    std::string error;
  };
  std::vector<Case> cases = {
      {"every Tuesday", "schedule"},
      {{{"weekdays", {"tue"}}}, "schedule.frequency"},
      {{{"frequency", "yearly"}}, "schedule.frequency"},
      {{{"frequency", "monthly"}, {"weekdays", {"tue"}}}, "schedule.weekdays"},
      {{{"frequency", "weekly"}, {"weekdays", {"tuesday"}}}, "schedule.weekdays"},
      {{{"frequency", "weekly"}, {"start_time", "9:00"}}, "schedule.start_time"},
      {{{"frequency", "weekly"}, {"start_time", "10:00"}, {"end_time", "09:59"}}, "schedule.end_time"},
      {{{"frequency", "weekly"}, {"end_time", "12:00"}}, "schedule.start_time"},
      {{{"frequency", "weekly"}, {"room", "hall"}}, "schedule.room"},
  };
  for (const Case& c : cases) {
    Status s = CheckSchedule(c.schedule);
    ASSERT_FALSE(s.ok()) << c.schedule.dump();
    EXPECT_TRUE(Names(s, c.error)) << c.schedule.dump() << " -> " << s.ToString();
  }
  EXPECT_TRUE(CheckSchedule({{"frequency", "monthly"}, {"note", "first Tuesday"}}).ok());
  EXPECT_TRUE(CheckSchedule({{"frequency", "once"}, {"start_time", "00:00"}, {"end_time", "23:59"}}).ok());
}

// ---- sessions ----

Json Session(const std::string& date) {
  return Json{{"activity_id", kActivity}, {"date", date}, {"start_time", "14:00"}, {"end_time", "16:00"},
              {"place", "Community centre"}, {"facilitator_id", kUser}, {"notes", "Grief was the theme."}};
}

TEST(ActivitySessionsTest, SessionIsAcceptedAndItsNotesSealed) {
  auto r = ValidateInput(SessionSpec(), Session("2016-03-01"), InputMode::kCreate);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(CheckSessionInActivity(*r, *Create(Activity("peer_support"))).ok());
  EXPECT_EQ(SessionSealedFields(), std::vector<std::string>{"notes"});
  for (const std::string& f : SessionSealedFields()) EXPECT_NE(SessionSpec().Find(f), nullptr) << f;
  auto missing = ValidateInput(SessionSpec(), Json::object(), InputMode::kCreate);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(Fields(missing.status()), (std::vector<std::string>{"activity_id", "date"}));
  auto patch = ValidateInput(SessionSpec(), Json{{"activity_id", kUser}}, InputMode::kPatch);
  EXPECT_TRUE(Names(patch.status(), "activity_id"));
}

TEST(ActivitySessionsTest, TimesAreHoursAndMinutes) {
  for (const char* good : {"00:00", "09:05", "12:00", "23:59"}) EXPECT_TRUE(IsValidTime(good)) << good;
  for (const char* bad : {"", "24:00", "9:00", "09:5", "12:60", "ab:cd", "12-00", "12:00:00", " 12:00"}) {
    EXPECT_FALSE(IsValidTime(bad)) << bad;
  }
}

TEST(ActivitySessionsTest, EndTimeComesAfterStartTime) {
  Json s = Session("2016-03-01");
  s["end_time"] = "13:59";
  EXPECT_EQ(Fields(CheckSessionState(s)), std::vector<std::string>{"end_time"});
  s["end_time"] = "14:00";
  EXPECT_EQ(Fields(CheckSessionState(s)), std::vector<std::string>{"end_time"});
  s["end_time"] = "25:00";
  EXPECT_EQ(Fields(CheckSessionState(s)), std::vector<std::string>{"end_time"});
  s.erase("start_time");
  s["end_time"] = "15:00";
  EXPECT_EQ(Fields(CheckSessionState(s)), std::vector<std::string>{"start_time"});
  s.erase("end_time");
  EXPECT_TRUE(CheckSessionState(s).ok());  // times are optional
  s["start_time"] = "2pm";
  EXPECT_EQ(Fields(CheckSessionInActivity(s, *Create(Activity("recreational")))),
            std::vector<std::string>{"start_time"});
}

TEST(ActivitySessionsTest, DateLiesWithinTheActivity) {
  Json activity = *Create(Activity("recreational"));  // 2016-01-01 .. 2016-12-31
  for (const char* inside : {"2016-01-01", "2016-06-15", "2016-12-31"}) {
    EXPECT_TRUE(CheckSessionInActivity(Session(inside), activity).ok()) << inside;
  }
  for (const char* outside : {"2015-12-31", "2017-01-01"}) {
    Status s = CheckSessionInActivity(Session(outside), activity);
    ASSERT_FALSE(s.ok()) << outside;
    EXPECT_EQ(Fields(s), std::vector<std::string>{"date"});
    EXPECT_EQ(s.errors()[0].message, "must lie within the activity's dates: from 2016-01-01 to 2016-12-31");
  }
  activity.erase("end_date");  // a standing group
  EXPECT_TRUE(CheckSessionInActivity(Session("2019-05-01"), activity).ok());
  EXPECT_EQ(CheckSessionInActivity(Session("2015-12-31"), activity).errors()[0].message,
            "must lie within the activity's dates: on or after 2016-01-01");
}

TEST(ActivityScheduleTest, ScheduledDatesFollowTheFrequency) {
  Json a = Activity("peer_support");  // 2016-01-01 (a Friday) .. 2016-12-31
  using V = std::vector<std::string>;
  a["schedule"] = {{"frequency", "weekly"}, {"weekdays", {"tue", "thu"}}};
  EXPECT_EQ(ScheduledDates(a, "2016-03-07", "2016-03-13"), (V{"2016-03-08", "2016-03-10"}));
  a["schedule"] = {{"frequency", "fortnightly"}, {"weekdays", {"tue"}}};
  // The week of 2015-12-28 holds the start: its week and every other one after it.
  EXPECT_EQ(ScheduledDates(a, "2016-01-04", "2016-01-24"), (V{"2016-01-12"}));
  EXPECT_EQ(ScheduledDates(a, "2015-12-28", "2016-01-03"), V{}) << "Tuesday 2015-12-29 is before the start";
  a["schedule"] = {{"frequency", "daily"}};
  EXPECT_EQ(ScheduledDates(a, "2016-12-30", "2017-01-02"), (V{"2016-12-30", "2016-12-31"})) << "not past the end";
  a["schedule"] = {{"frequency", "once"}};
  EXPECT_EQ(ScheduledDates(a, "2015-12-28", "2016-01-03"), V{"2016-01-01"});
  a["schedule"] = {{"frequency", "monthly"}, {"note", "first Tuesday"}};
  EXPECT_TRUE(ScheduledDates(a, "2016-03-01", "2016-03-31").empty());
  a.erase("schedule");
  EXPECT_TRUE(ScheduledDates(a, "2016-03-01", "2016-03-31").empty());
}

// ---- attendance ----

Json Entry(const char* person, bool present) { return Json{{"person_id", person}, {"present", present}}; }

TEST(ActivityAttendanceTest, NamedAttendanceIsAccepted) {
  EXPECT_TRUE(CheckNamedAttendance(Json::array()).ok());
  EXPECT_TRUE(CheckNamedAttendance(Json::array({Entry(kPerson[0], true), Entry(kPerson[1], false)})).ok());
}

TEST(ActivityAttendanceTest, APersonTwiceInOneSubmissionIsRefused) {
  Json list = Json::array({Entry(kPerson[0], true), Entry(kPerson[1], true), Entry(kPerson[2], false),
                           Entry(kPerson[0], false)});
  Status s = CheckNamedAttendance(list);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kInvalid);
  EXPECT_EQ(Fields(s), std::vector<std::string>{"attendance[3].person_id"});
  EXPECT_EQ(s.errors()[0].message, "repeats the person of attendance[0]");
}

TEST(ActivityAttendanceTest, BadNamedEntriesAreNamed) {
  Json list = Json::array({Entry(kPerson[0], true), Json{{"person_id", "P-001"}, {"present", true}},
                           Json{{"person_id", kPerson[2]}}, Json{{"person_id", kPerson[3]}, {"present", "yes"}},
                           Json{{"person_id", kPerson[1]}, {"present", true}, {"late", true}}, kPerson[0]});
  Status s = CheckNamedAttendance(list);
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"attendance[1].person_id", "attendance[2].present",
                                                 "attendance[3].present", "attendance[4].late", "attendance[5]"}));
  EXPECT_EQ(Fields(CheckNamedAttendance(Json::object())), std::vector<std::string>{"attendance"});
  Json many = Json::array();
  for (size_t i = 0; i <= kMaxNamedAttendance; ++i) many.push_back(Entry(kPerson[0], true));
  EXPECT_EQ(Fields(CheckNamedAttendance(many)), std::vector<std::string>{"attendance"});
}

TEST(ActivityAttendanceTest, ATrainingNamesParticipantsAndEveryOtherStreamPersons) {
  Json training = Activity("capacity_building");
  training["attendance_mode"] = "named";
  Json group = Activity("peer_support");
  group["attendance_mode"] = "named";
  const Json by_person = {{"attendance", Json::array({Entry(kPerson[0], true)})}};
  const Json by_participant = {{"attendance", Json::array({Json{{"participant_id", kPerson[1]}, {"present", true}}})}};
  EXPECT_TRUE(CheckNamedAttendance(by_participant["attendance"]).ok());
  EXPECT_TRUE(CheckAttendanceOfActivity(by_person, group).ok());
  EXPECT_TRUE(CheckAttendanceOfActivity(by_participant, training).ok());
  EXPECT_EQ(Fields(CheckAttendanceOfActivity(by_person, training)), std::vector<std::string>{"attendance[0].person_id"});
  EXPECT_EQ(Fields(CheckAttendanceOfActivity(by_participant, group)),
            std::vector<std::string>{"attendance[0].participant_id"});
  // Both ids in one entry, and one participant twice.
  Json both = Json::array({Json{{"person_id", kPerson[0]}, {"participant_id", kPerson[1]}, {"present", true}}});
  EXPECT_EQ(Fields(CheckNamedAttendance(both)), std::vector<std::string>{"attendance[0].participant_id"});
  Json twice = Json::array({Json{{"participant_id", kPerson[1]}, {"present", true}},
                            Json{{"participant_id", kPerson[1]}, {"present", false}}});
  Status s = CheckNamedAttendance(twice);
  EXPECT_EQ(Fields(s), std::vector<std::string>{"attendance[1].participant_id"});
  EXPECT_EQ(s.errors()[0].message, "repeats the participant of attendance[0]");
}

TEST(ActivityAttendanceTest, TheWayOfCountingFollowsTheActivity) {
  Json event = Activity("recreational");
  event["attendance_mode"] = "headcount";
  Json group = Activity("peer_support");
  group["attendance_mode"] = "named";
  const Json named = {{"attendance", Json::array()}};
  const Json counted = {{"headcount", {{"female", {{"18_59", 3}}}}}};
  EXPECT_TRUE(CheckAttendanceOfActivity(counted, event).ok());
  EXPECT_TRUE(CheckAttendanceOfActivity(named, group).ok());
  EXPECT_TRUE(CheckAttendanceOfActivity(Json::object(), group).ok());  // a session recorded without attendance yet
  EXPECT_EQ(Fields(CheckAttendanceOfActivity(named, event)), std::vector<std::string>{"attendance"});
  EXPECT_EQ(Fields(CheckAttendanceOfActivity(counted, group)), std::vector<std::string>{"headcount"});
  // The spec takes both shapes; what a session may carry is the activity's decision.
  EXPECT_TRUE(ValidateInput(SessionSpec(), {{"activity_id", kActivity}, {"date", "2016-02-01"}, {"headcount", counted["headcount"]}},
                            InputMode::kCreate)
                  .ok());
  auto bad = ValidateInput(SessionSpec(), {{"activity_id", kActivity}, {"date", "2016-02-01"}, {"attendance", {{"x", 1}}}},
                           InputMode::kCreate);
  EXPECT_EQ(Fields(bad.status()), std::vector<std::string>{"attendance"});
  auto bad_entry = ValidateInput(SessionSpec(), {{"activity_id", kActivity}, {"date", "2016-02-01"},
                                                  {"attendance", Json::array({Entry("P-1", true)})}},
                                 InputMode::kCreate);
  EXPECT_EQ(Fields(bad_entry.status()), std::vector<std::string>{"attendance[0].person_id"});
}

TEST(ActivityAttendanceTest, ASubmissionCountsOneWayAndIsSummedUp) {
  const Json named = {{"attendance", Json::array({Entry(kPerson[0], true), Entry(kPerson[1], false), Entry(kPerson[2], true)})}};
  const Json counted = {{"headcount", {{"female", {{"18_59", 12}, {"0_5", 3}}}, {"male", {{"18_59", 4}}}}}};
  EXPECT_TRUE(CheckOneWayOfCounting(named).ok());
  EXPECT_TRUE(CheckOneWayOfCounting(counted).ok());
  EXPECT_EQ(Fields(CheckOneWayOfCounting(Json::object())), std::vector<std::string>{"attendance"});
  Json both = named;
  both["headcount"] = counted["headcount"];
  EXPECT_EQ(Fields(CheckOneWayOfCounting(both)), std::vector<std::string>{"attendance"});
  EXPECT_EQ(AttendanceSummary(named), (Json{{"present", 2}, {"absent", 1}}));
  EXPECT_EQ(AttendanceSummary(counted), (Json{{"headcount", 19}}));
  EXPECT_EQ(AttendanceSummary({{"attendance", Json::array()}}), (Json{{"present", 0}, {"absent", 0}}));
  EXPECT_EQ(Fields(ValidateInput(AttendanceSpec(), {{"notes", "x"}}, InputMode::kCreate).status()),
            std::vector<std::string>{"notes"});
}

TEST(ActivityAttendanceTest, HeadcountSexesAreThePersonsSexes) {
  const RecordSpec person = PersonSpec(PersonLists{});
  const FieldSpec* sex = person.Find("sex");
  ASSERT_NE(sex, nullptr);
  EXPECT_EQ(HeadcountSexes(), sex->choices);
}

TEST(ActivityAttendanceTest, HeadcountCellsAreBoundedAndNamed) {
  const AgeBands& bands = StandardAgeBands();
  Json ok = {{"female", {{"0_5", 0}, {"18_59", 10000}}}, {"male", {{"60_plus", 3}}}, {"not_recorded", Json::object()}};
  EXPECT_TRUE(CheckHeadcount(ok, bands).ok()) << CheckHeadcount(ok, bands).ToString();
  EXPECT_TRUE(CheckHeadcount(Json::object(), bands).ok());

  struct Case {
    Json headcount;
    std::string error;
  };
  std::vector<Case> cases = {
      {{{"female", {{"18_59", 10001}}}}, "headcount.female.18_59"},
      {{{"male", {{"6_11", -1}}}}, "headcount.male.6_11"},
      {{{"male", {{"6_11", 2.5}}}}, "headcount.male.6_11"},
      {{{"male", {{"6_11", "12"}}}}, "headcount.male.6_11"},
      {{{"male", {{"6_11", true}}}}, "headcount.male.6_11"},
      {{{"male", {{"6_11", nullptr}}}}, "headcount.male.6_11"},
      {{{"not_recorded", {{"12_17", 18446744073709551615ULL}}}}, "headcount.not_recorded.12_17"},
      {{{"other", {{"18_59", 1}}}}, "headcount.other"},
      {{{"female", {{"70_plus", 1}}}}, "headcount.female.70_plus"},
      {{{"female", 12}}, "headcount.female"},
      {Json::array(), "headcount"},
  };
  for (const Case& c : cases) {
    Status s = CheckHeadcount(c.headcount, bands);
    ASSERT_FALSE(s.ok()) << c.headcount.dump();
    EXPECT_EQ(s.code(), Code::kInvalid);
    EXPECT_EQ(Fields(s), std::vector<std::string>{c.error}) << c.headcount.dump() << " -> " << s.ToString();
  }
  Status s = CheckHeadcount({{"female", {{"18_59", 10001}}}}, bands);
  EXPECT_EQ(s.errors()[0].message, "must be a whole number from 0 to 10000");
  // Every bad cell is named, not just the first.
  EXPECT_EQ(Fields(CheckHeadcount({{"female", {{"0_5", -1}, {"6_11", 1}, {"12_17", 20000}}}}, bands)),
            (std::vector<std::string>{"headcount.female.0_5", "headcount.female.12_17"}));
  // The bands are the profile's: a standard band is unknown to the coarse profile.
  EXPECT_EQ(Fields(CheckHeadcount({{"female", {{"0_5", 1}}}}, CoarseAgeBands())),
            std::vector<std::string>{"headcount.female.0_5"});
  EXPECT_TRUE(CheckHeadcount({{"female", {{"0_17", 1}}}}, CoarseAgeBands()).ok());
}

TEST(ActivityAttendanceTest, HeadcountCellsAreTheNonZeroCounts) {
  Json h = {{"female", {{"0_5", 0}, {"18_59", 12}}}, {"male", {{"6_11", 3}}}};
  std::vector<HeadcountCell> cells = HeadcountCells(h);
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[0].sex, "female");
  EXPECT_EQ(cells[0].age_band, "18_59");
  EXPECT_EQ(cells[0].count, 12);
  EXPECT_EQ(cells[1].sex, "male");
  EXPECT_EQ(cells[1].count, 3);
}

// ---- counting ----

AttendanceFact Fact(const char* session, const char* person, bool present, const char* date, const char* sex,
                    std::optional<int> age) {
  return AttendanceFact{session, person, present, date, sex, age};
}

TEST(ActivityReachTest, PeopleContactsAndHeadcountStaySeparate) {
  // A attends both sessions, B one of two, C none; an open event counts 15 more.
  std::vector<AttendanceFact> named = {
      Fact("s1", "A", true, "2016-03-01", "female", 30),  Fact("s1", "B", true, "2016-03-01", "male", 10),
      Fact("s1", "C", false, "2016-03-01", "female", 40), Fact("s2", "A", true, "2016-03-08", "female", 30),
      Fact("s2", "B", false, "2016-03-08", "male", 10),
  };
  std::vector<HeadcountFact> headcounts = {
      {"s3", {{"female", "18_59", 10}, {"male", "0_5", 5}}},
  };
  ReachCount c = CountReach(named, headcounts, StandardAgeBands());
  EXPECT_EQ(c.people_reached.total, 2);
  EXPECT_EQ(c.service_contacts.total, 3);
  EXPECT_EQ(c.headcount_participants.total, 15);
  EXPECT_EQ(c.sessions, 3);
  EXPECT_EQ(c.people_reached.Cell("female", "18_59"), 1);
  EXPECT_EQ(c.people_reached.Cell("male", "6_11"), 1);
  EXPECT_EQ(c.service_contacts.Cell("female", "18_59"), 2);
  EXPECT_EQ(c.service_contacts.Cell("male", "6_11"), 1);
  EXPECT_EQ(c.headcount_participants.Cell("female", "18_59"), 10);
  EXPECT_EQ(c.headcount_participants.Cell("male", "0_5"), 5);
  EXPECT_EQ(c.people_reached.Cell("female", "40"), 0);
  EXPECT_EQ(c.people_reached.cells.size(), 2u);  // C was never present
}

TEST(ActivityReachTest, PersonCountsInTheBandOfTheirFirstContact) {
  // Listed out of order: the person turned 18 between the two sessions.
  std::vector<AttendanceFact> named = {
      Fact("s2", "A", true, "2016-06-01", "female", 18),
      Fact("s1", "A", true, "2016-05-01", "female", 17),
  };
  ReachCount c = CountReach(named, {}, StandardAgeBands());
  EXPECT_EQ(c.people_reached.total, 1);
  EXPECT_EQ(c.people_reached.Cell("female", "12_17"), 1);
  EXPECT_EQ(c.service_contacts.Cell("female", "12_17"), 1);
  EXPECT_EQ(c.service_contacts.Cell("female", "18_59"), 1);
  // The same facts under the coarse profile.
  ReachCount coarse = CountReach(named, {}, CoarseAgeBands());
  EXPECT_EQ(coarse.people_reached.Cell("female", "0_17"), 1);
  EXPECT_EQ(coarse.service_contacts.Cell("female", "18_59"), 1);
}

TEST(ActivityReachTest, RepeatsUnknownsAndEmptyInput) {
  std::vector<AttendanceFact> named = {
      Fact("s1", "A", true, "2016-03-01", "", std::nullopt),
      Fact("s1", "A", true, "2016-03-01", "", std::nullopt),  // the same attendance twice
      Fact("s1", "B", false, "2016-03-01", "x", 20),
      Fact("s1", "B", true, "2016-03-01", "x", 20),  // present if any record says so
  };
  ReachCount c = CountReach(named, {}, StandardAgeBands());
  EXPECT_EQ(c.people_reached.total, 2);
  EXPECT_EQ(c.service_contacts.total, 2);
  EXPECT_EQ(c.sessions, 1);
  EXPECT_EQ(c.people_reached.Cell("not_recorded", std::string(kUnknownAgeBand)), 1);
  EXPECT_EQ(c.people_reached.Cell("not_recorded", "18_59"), 1);

  ReachCount none = CountReach({}, {}, StandardAgeBands());
  EXPECT_EQ(none.people_reached.total, 0);
  EXPECT_EQ(none.service_contacts.total, 0);
  EXPECT_EQ(none.headcount_participants.total, 0);
  EXPECT_EQ(none.sessions, 0);
  EXPECT_TRUE(none.people_reached.cells.empty());
}

TEST(ActivityReachTest, HeadcountFromJsonAddsUp) {
  Json h1 = {{"female", {{"18_59", 10000}}}, {"male", {{"18_59", 10000}}}};
  Json h2 = {{"female", {{"18_59", 1}}}};
  ASSERT_TRUE(CheckHeadcount(h1, StandardAgeBands()).ok());
  ReachCount c = CountReach({}, {{"s1", HeadcountCells(h1)}, {"s2", HeadcountCells(h2)}}, StandardAgeBands());
  EXPECT_EQ(c.headcount_participants.total, 20001);
  EXPECT_EQ(c.headcount_participants.Cell("female", "18_59"), 10001);
  EXPECT_EQ(c.people_reached.total, 0);
  EXPECT_EQ(c.sessions, 2);
}

TEST(ActivitiesTest, FacilitatorsAreStoredTrimmedWithoutNulls) {
  Json a = {{"facilitators", {{"user_ids", nullptr}, {"external", {{{"name", "  Mary Nyandeng "}, {"organization", "  "}}}}}}};
  NormaliseFacilitators(a);
  EXPECT_EQ(a["facilitators"], (Json{{"external", {{{"name", "Mary Nyandeng"}}}}}));
  Json none = {{"title", "x"}};
  NormaliseFacilitators(none);
  EXPECT_EQ(none, (Json{{"title", "x"}}));
}

}  // namespace
}  // namespace baton
