#include "support/shared_demo_server.h"

namespace baton::test {

bool SharedDemoServerTest::StartSharedServer(const std::string& programme_reader) {
  shared_ = new Shared;
  shared_->server = BatonProcess::Serve(CopyDemo(shared_->tmp));
  if (!shared_->server) return false;
  HttpClient c = shared_->server->client();
  const std::string admin = Token("iom.admin");
  Json bor = c.Get("/api/v1/sites?q=Bor%20PoC", admin).json();
  Json programmes = c.Get("/api/v1/programmes", Token(programme_reader)).json();
  if (!bor.is_object() || bor["items"].size() != 1 || !programmes.is_object() || programmes["items"].empty()) {
    ADD_FAILURE() << "the demo data lacks the Bor site or programme";
    return false;
  }
  shared_->site = bor["items"][0]["id"];
  shared_->programme = programmes["items"][0]["id"];
  shared_->iom_org = shared_->sessions["iom.admin"].organization_id;
  return true;
}

void SharedDemoServerTest::MakeAlarmPlace(const std::string& site_name, const std::string& site_code) {
  HttpClient c = client();
  HttpResponse site = c.Post("/api/v1/sites",
                             {{"name", site_name}, {"code", site_code}, {"type", "camp"}, {"admin1", "Jonglei"}},
                             Token("alarm.admin"));
  EXPECT_EQ(site.status, 201) << site.Describe();
  shared_->alarm_site = site.json().value("id", "");
  HttpResponse programme = c.Post(
      "/api/v1/programmes", {{"name", "ALARM MHPSS"}, {"site_id", shared_->alarm_site}, {"start_date", "2017-08-15"}},
      Token("alarm.manager"));
  EXPECT_EQ(programme.status, 201) << programme.Describe();
  shared_->alarm_programme = programme.json().value("id", "");
  shared_->alarm_org = shared_->sessions["alarm.admin"].organization_id;
}

void SharedDemoServerTest::StopSharedServer() {
  if (shared_->server && shared_->server->running()) {
    EXPECT_EQ(shared_->server->Stop(), 0) << shared_->server->Stderr();
    const std::string err = shared_->server->Stderr();
    EXPECT_EQ(err.find("\"status\":500"), std::string::npos) << "the server answered 500:\n" << err;
  }
  delete shared_;
  shared_ = nullptr;
}

void SharedDemoServerTest::SetUp() {
  ASSERT_NE(shared_->server, nullptr);
  ASSERT_FALSE(shared_->programme.empty());
  ASSERT_FALSE(shared_->alarm_programme.empty());
}

std::string SharedDemoServerTest::RegisterPerson(const std::string& programme, const std::string& given_name,
                                                 const std::string& family_name, const std::string& sex,
                                                 const std::string& birth_date) {
  HttpResponse r = client().Post("/api/v1/persons",
                                 {{"given_name", given_name}, {"family_name", family_name}, {"sex", sex},
                                  {"birth_date", birth_date}, {"population_group", "idp_camp"},
                                  {"programme_id", programme}, {"site_id", shared_->site}},
                                 Token("iom.manager"));
  EXPECT_EQ(r.status, 201) << r.Describe();
  return r.json().value("id", "");
}

std::string SharedDemoServerTest::PlanActivity(const std::string& programme, const std::string& stream,
                                               const std::string& title) {
  HttpResponse r = client().Post(
      "/api/v1/activities",
      {{"programme_id", programme}, {"site_id", shared_->site}, {"stream", stream}, {"title", title},
       {"start_date", "2016-01-01"}, {"end_date", "2017-12-31"}, {"attendance_mode", "named"},
       {"facilitators", {{"user_ids", Json::array({shared_->sessions["iom.facilitator"].user_id})}}}},
      Token("iom.manager"));
  EXPECT_EQ(r.status, 201) << r.Describe();
  return r.json().value("id", "");
}

void SharedDemoServerTest::RecordAttendance(const std::string& activity, const std::string& date,
                                            const std::vector<std::string>& people) {
  Json attendance = Json::array();
  for (const std::string& p : people) attendance.push_back({{"person_id", p}, {"present", true}});
  HttpResponse r = client().Post("/api/v1/activities/" + activity + "/sessions", {{"date", date}, {"attendance", attendance}},
                                 Token("iom.facilitator"));
  EXPECT_EQ(r.status, 201) << r.Describe();
}

std::string SharedDemoServerTest::Token(const std::string& username) {
  auto it = shared_->sessions.find(username);
  if (it == shared_->sessions.end()) {
    it = shared_->sessions.emplace(username, SignIn(shared_->server->client(), username)).first;
  }
  return it->second.token;
}

}  // namespace baton::test
