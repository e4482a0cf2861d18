// Referrals end to end over HTTP against a real `baton serve` on a copy of the demo data: the
// directory kept by managers and read by every user of the organisation (with the organisation's own
// categories), outgoing referrals refused without consent for referral in force on their date (none,
// refused, withdrawn, expired, a child's consent not given by a guardian) while incoming ones need
// none, the status machine with its dates and If-Match, who reads the reason and feedback (the M&E
// officer does not, and sees the person de-identified), the printable slip with and without consent,
// lists with filters and paging, Idempotency-Key, and every bad input refused with a problem naming
// the field while nothing is written.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "support/e2e.h"
#include "support/shared_demo_server.h"

namespace baton::test {
namespace {

class ReferralsTest : public SharedDemoServerTest {
 protected:
  static void SetUpTestSuite() {
    if (!StartSharedServer("iom.manager")) return;
    MakeAlarmPlace("ALARM referral office", "ref");
  }
  static void TearDownTestSuite() { StopSharedServer(); }

  // A person of the demo programme (an adult unless `birth_date` says otherwise), with a phone and
  // notes that no slip may carry.
  static std::string Person(const std::string& birth_date = "1985-02-01") {
    Json body = {{"given_name", "Achol"}, {"family_name", "Referred" + Letters(++shared_->counter)},
                 {"sex", "female"}, {"birth_date", birth_date}, {"population_group", "idp_camp"},
                 {"phone", "0955 123 456"}, {"notes", "Sleeps at her sister's shelter"},
                 {"programme_id", shared_->programme}, {"site_id", shared_->site}};
    HttpResponse r = client().Post("/api/v1/persons", body, Token("iom.manager"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }

  // Letters only: names may not hold digits.
  static std::string Letters(int n) {
    std::string out;
    do {
      out.push_back(static_cast<char>('a' + n % 26));
      n /= 26;
    } while (n > 0);
    return out;
  }

  static void Consent(const std::string& person, const std::string& status, const std::string& date,
                      const Json& more = Json::object()) {
    Json body = {{"purpose", "referral"}, {"status", status}, {"method", "verbal"}, {"date", date},
                 {"text_version", "bor-consent-v2"}};
    for (auto it = more.begin(); it != more.end(); ++it) body[it.key()] = *it;
    HttpResponse r = client().Post("/api/v1/persons/" + person + "/consents", body, Token("iom.counsellor"));
    ASSERT_EQ(r.status, 201) << r.Describe();
  }

  // A person who consented to referral on 2015-01-01.
  static std::string Consenting() {
    const std::string p = Person();
    Consent(p, "given", "2015-01-01");
    return p;
  }

  static std::string Service(const std::string& name, const std::string& category = "specialised_mental_health",
                             const std::string& as = "iom.manager") {
    HttpResponse r = client().Post("/api/v1/services",
                                   {{"name", name}, {"provider", "State hospital"}, {"category", category},
                                    {"location", "Bor town"}, {"contact", "Outpatient desk, mornings"},
                                    {"accepts", "Adults with severe distress"}},
                                   Token(as));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }

  static std::string HospitalUnit() {
    static std::string id;
    if (id.empty()) id = Service("Hospital mental health unit");
    return id;
  }

  static Json Outgoing(const std::string& person, const std::string& made_on = "2016-05-02") {
    return {{"direction", "outgoing"}, {"programme_id", shared_->programme}, {"person_id", person},
            {"service_id", HospitalUnit()}, {"made_on", made_on}, {"urgency", "urgent"},
            {"reason", "Low mood and poor sleep for months; not improving with counselling"}};
  }

  static HttpResponse Refer(const Json& body, const std::string& as = "iom.counsellor", Headers extra = {}) {
    return client().Post("/api/v1/referrals", body, Token(as), std::move(extra));
  }

  static size_t CountOf(const std::string& person) {
    HttpResponse r = Get("/api/v1/referrals?limit=200&person_id=" + person, "iom.manager");
    EXPECT_EQ(r.status, 200) << r.Describe();
    return r.json()["items"].size();
  }

  // The message the problem gives for `field`.
  static std::string MessageFor(const HttpResponse& r, const std::string& field) {
    const Json problem = r.json();
    for (const Json& e : problem.value("errors", Json::array())) {
      if (e.value("field", "") == field) return e.value("message", "");
    }
    return "";
  }
};

TEST_F(ReferralsTest, TheDirectoryIsKeptByManagersAndReadByTheWholeOrganisation) {
  HttpResponse made = client().Post("/api/v1/services",
                                    {{"name", "  GBV case management partner "}, {"provider", "Women's protection partner"},
                                     {"category", "gbv_case_management"}, {"location", "Safe space, Bor PoC site"},
                                     {"contact", "Case workers at the safe space"}, {"accepts", "Survivors of any age"}},
                                    Token("iom.manager"));
  ASSERT_EQ(made.status, 201) << made.Describe();
  const Json entry = made.json();
  const std::string id = entry.value("id", "");
  EXPECT_EQ(made.header("location").value_or(""), "/api/v1/services/" + id);
  EXPECT_EQ(made.header("etag").value_or(""), "\"1\"");
  EXPECT_EQ(entry["name"], "GBV case management partner");
  EXPECT_EQ(entry["active"], true);
  EXPECT_EQ(entry["organization_id"], shared_->iom_org);

  // Everyone of IOM reads it, a facilitator and a viewer too; nobody else of another organisation.
  for (const std::string as : {"iom.facilitator", "iom.viewer", "iom.counsellor", "iom.admin"}) {
    HttpResponse one = Get("/api/v1/services/" + id, as);
    ASSERT_EQ(one.status, 200) << as << ": " << one.Describe();
    EXPECT_EQ(one.json()["accepts"], "Survivors of any age");
  }
  EXPECT_TRUE(IsProblem(Get("/api/v1/services/" + id, "alarm.manager"), 403));
  HttpResponse theirs = Get("/api/v1/services?limit=200", "alarm.manager");
  ASSERT_EQ(theirs.status, 200) << theirs.Describe();
  for (const Json body = theirs.json(); const Json& s : body["items"]) EXPECT_EQ(s["organization_id"], shared_->alarm_org) << s;

  // Only its admins and managers keep it.
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/services", {{"name", "x"}, {"provider", "y"}, {"category", "education"}},
                                      Token("iom.counsellor")),
                        403));
  EXPECT_TRUE(IsProblem(client().Patch("/api/v1/services/" + id, {{"name", "Hijacked"}}, Token("alarm.manager")), 403));

  // Filters: the category, and whether it is in use.
  HttpResponse gbv = Get("/api/v1/services?category=gbv_case_management&limit=200", "iom.facilitator");
  ASSERT_EQ(gbv.status, 200) << gbv.Describe();
  bool listed = false;
  for (const Json body = gbv.json(); const Json& s : body["items"]) {
    EXPECT_EQ(s["category"], "gbv_case_management") << s;
    listed = listed || s["id"] == id;
  }
  EXPECT_TRUE(listed);
  // Stale edits are refused; taking it out of use moves it to the inactive list.
  HttpResponse stale = client().Patch("/api/v1/services/" + id, {{"active", false}}, Token("iom.manager"), {{"If-Match", "\"7\""}});
  EXPECT_TRUE(IsProblem(stale, 412)) << stale.Describe();
  HttpResponse off = client().Patch("/api/v1/services/" + id, {{"active", false}}, Token("iom.manager"), {{"If-Match", "\"1\""}});
  ASSERT_EQ(off.status, 200) << off.Describe();
  EXPECT_EQ(off.header("etag").value_or(""), "\"2\"");
  HttpResponse inactive = Get("/api/v1/services?active=false&limit=200", "iom.manager");
  ASSERT_EQ(inactive.status, 200);
  bool found = false;
  for (const Json body = inactive.json(); const Json& s : body["items"]) {
    EXPECT_EQ(s["active"], false) << s;
    found = found || s["id"] == id;
  }
  EXPECT_TRUE(found);
  HttpResponse active = Get("/api/v1/services?active=true&limit=200", "iom.manager");
  for (const Json body = active.json(); const Json& s : body["items"]) EXPECT_NE(s["id"], id);

  // Bad input names the field.
  HttpResponse bad = client().Post("/api/v1/services", {{"name", "x"}, {"provider", "y"}, {"category", "astrology"}},
                                   Token("iom.manager"));
  EXPECT_TRUE(IsProblem(bad, 422) && NamesField(bad, "category")) << bad.Describe();
  HttpResponse missing = client().Post("/api/v1/services", {{"category", "education"}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(missing, 422) && NamesField(missing, "name") && NamesField(missing, "provider")) << missing.Describe();
  for (const std::string query : {"active=maybe", "limit=0", "cursor=bm90LWEtY3Vyc29y", "colour=red"}) {
    HttpResponse r = Get("/api/v1/services?" + query, "iom.manager");
    EXPECT_TRUE(IsProblem(r, 422) && NamesField(r, query.substr(0, query.find('=')))) << query << ": " << r.Describe();
  }
}

TEST_F(ReferralsTest, AnOrganisationAddsItsOwnCategories) {
  HttpResponse before = Get("/api/v1/referrals/options", "iom.counsellor");
  ASSERT_EQ(before.status, 200) << before.Describe();
  const Json options = before.json();
  ASSERT_EQ(options["categories"].size(), 10u) << options;
  EXPECT_EQ(options["categories"][0], (Json{{"code", "specialised_mental_health"}, {"label", "specialised mental health"}}));
  EXPECT_EQ(options["urgencies"], (Json{"routine", "urgent", "emergency"}));
  EXPECT_EQ(options["next_statuses"]["made"], (Json{"accepted", "declined", "cancelled"}));
  EXPECT_EQ(options["activity_code"], "7.2");
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/services", {{"name", "Demining"}, {"provider", "p"}, {"category", "mine_action"}},
                                      Token("iom.manager")),
                        422));
  HttpResponse extended = client().Patch("/api/v1/organizations/" + shared_->iom_org,
                                         {{"referral_categories_extra", {"mine_action"}}}, Token("iom.admin"));
  ASSERT_EQ(extended.status, 200) << extended.Describe();
  HttpResponse after = Get("/api/v1/referrals/options", "iom.counsellor");
  ASSERT_EQ(after.json()["categories"].size(), 11u);
  EXPECT_EQ(after.json()["categories"][10], (Json{{"code", "mine_action"}}));
  EXPECT_FALSE(Service("Mine risk education", "mine_action").empty());
  // ALARM's list is its own.
  EXPECT_EQ(Get("/api/v1/referrals/options", "alarm.counsellor").json()["categories"].size(), 10u);
  HttpResponse bad = client().Patch("/api/v1/organizations/" + shared_->iom_org,
                                    {{"referral_categories_extra", {"Not A Code!"}}}, Token("iom.admin"));
  EXPECT_TRUE(IsProblem(bad, 422) && NamesField(bad, "referral_categories_extra")) << bad.Describe();
}

TEST_F(ReferralsTest, AnOutgoingReferralNeedsConsentForReferralInForceOnItsDate) {
  struct Case {
    std::string what;
    std::string person;
    std::string made_on;
    std::string says;
  };
  std::vector<Case> cases;
  cases.push_back({"no consent", Person(), "2016-05-02", "no consent for referral is recorded"});
  {
    const std::string p = Person();
    Consent(p, "refused", "2015-01-01");
    cases.push_back({"refused", p, "2016-05-02", "consent for referral was refused on 2015-01-01"});
  }
  {
    const std::string p = Person();
    Consent(p, "given", "2015-01-01");
    Consent(p, "withdrawn", "2016-01-10");
    cases.push_back({"withdrawn before the date", p, "2016-05-02", "consent for referral was withdrawn on 2016-01-10"});
  }
  {
    const std::string p = Person();
    Consent(p, "given", "2015-01-01", {{"expires_on", "2015-12-31"}});
    cases.push_back({"expired", p, "2016-05-02", "consent for referral expired on 2015-12-31"});
  }
  {
    // Consent taken from her as an adult; her birth date was then corrected: she was a child.
    const std::string p = Person("1990-01-01");
    Consent(p, "given", "2015-01-01");
    HttpResponse corrected = client().Patch("/api/v1/persons/" + p, {{"birth_date", "2004-06-01"}}, Token("iom.manager"));
    ASSERT_EQ(corrected.status, 200) << corrected.Describe();
    cases.push_back({"a child's consent not from a guardian", p, "2016-05-02", "consent for a child must be given by a guardian"});
  }
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    HttpResponse r = Refer(Outgoing(c.person, c.made_on));
    ASSERT_TRUE(IsProblem(r, 422) && NamesField(r, "person_id")) << r.Describe();
    const std::string message = MessageFor(r, "person_id");
    EXPECT_NE(message.find("has not consented to referral on " + c.made_on), std::string::npos) << message;
    EXPECT_NE(message.find(c.says), std::string::npos) << message;
    EXPECT_NE(message.find("recorded on the person's page"), std::string::npos) << message;
    EXPECT_EQ(CountOf(c.person), 0u);
  }
  // Before the withdrawal the same person could be referred; a guardian's consent holds for a child.
  HttpResponse earlier = Refer(Outgoing(cases[2].person, "2015-06-01"));
  EXPECT_EQ(earlier.status, 201) << earlier.Describe();
  const std::string child = Person("2006-03-01");
  Consent(child, "given", "2015-01-01", {{"method", "guardian"}, {"guardian_name", "Her mother"}});
  EXPECT_EQ(Refer(Outgoing(child)).status, 201);
  // An incoming referral needs no consent for referral: the person came to us.
  HttpResponse incoming = Refer({{"direction", "incoming"}, {"programme_id", shared_->programme},
                                 {"person_id", cases[0].person}, {"from_organization", "County health clinic"},
                                 {"made_on", "2016-05-02"}, {"reason", "Needs counselling after a loss"}});
  ASSERT_EQ(incoming.status, 201) << incoming.Describe();
  EXPECT_EQ(incoming.json()["direction"], "incoming");
  EXPECT_EQ(incoming.json()["from_organization"], "County health clinic");
  EXPECT_FALSE(incoming.json().contains("service_id"));
}

TEST_F(ReferralsTest, TheStatusRunsMadeAcceptedCompletedWithDatesAndVersions) {
  const std::string person = Consenting();
  HttpResponse made = Refer(Outgoing(person));
  ASSERT_EQ(made.status, 201) << made.Describe();
  const Json r = made.json();
  const std::string path = "/api/v1/referrals/" + r.value("id", "");
  EXPECT_EQ(made.header("location").value_or(""), path);
  EXPECT_EQ(made.header("etag").value_or(""), "\"1\"");
  EXPECT_EQ(r["status"], "made");
  EXPECT_EQ(r["urgency"], "urgent");
  EXPECT_EQ(r["made_on"], "2016-05-02");
  EXPECT_EQ(r["activity_code"], "7.2");
  EXPECT_EQ(r["reason"], "Low mood and poor sleep for months; not improving with counselling");
  EXPECT_EQ(r["made_by"], shared_->sessions["iom.counsellor"].user_id);
  EXPECT_EQ(r["service"]["name"], "Hospital mental health unit");
  EXPECT_EQ(r["person"]["id"], person);
  EXPECT_EQ(r["next_statuses"], (Json{"accepted", "declined", "cancelled"}));
  EXPECT_FALSE(r.contains("sealed"));
  EXPECT_FALSE(r.contains("accepted_on"));

  // Completed before being accepted: a conflict naming status, nothing written.
  HttpResponse skip = client().Patch(path, {{"status", "completed"}}, Token("iom.counsellor"));
  ASSERT_TRUE(IsProblem(skip, 409) && NamesField(skip, "status")) << skip.Describe();
  EXPECT_NE(MessageFor(skip, "status").find("may become accepted, declined or cancelled"), std::string::npos) << skip.body;
  HttpResponse early = client().Patch(path, {{"status", "accepted"}, {"accepted_on", "2016-05-01"}}, Token("iom.counsellor"));
  EXPECT_TRUE(IsProblem(early, 422) && NamesField(early, "accepted_on")) << early.Describe();
  EXPECT_EQ(Get(path, "iom.manager").json()["version"], 1);

  HttpResponse accepted = client().Patch(path, {{"status", "accepted"}, {"accepted_on", "2016-05-06"},
                                                {"follow_up_on", "2016-06-01"}},
                                         Token("iom.supervisor"), {{"If-Match", "\"1\""}});
  ASSERT_EQ(accepted.status, 200) << accepted.Describe();
  EXPECT_EQ(accepted.header("etag").value_or(""), "\"2\"");
  EXPECT_EQ(accepted.json()["accepted_on"], "2016-05-06");
  EXPECT_EQ(accepted.json()["next_statuses"], (Json{"completed", "declined", "cancelled"}));
  HttpResponse stale = client().Patch(path, {{"urgency", "routine"}}, Token("iom.counsellor"), {{"If-Match", "\"1\""}});
  EXPECT_TRUE(IsProblem(stale, 412)) << stale.Describe();

  // Completed with feedback; the closing and feedback dates are stamped (today) when not given.
  HttpResponse done = client().Patch(path, {{"status", "completed"}, {"feedback", "Seen twice by the clinician; improving"}},
                                     Token("iom.counsellor"), {{"If-Match", "\"2\""}});
  ASSERT_EQ(done.status, 200) << done.Describe();
  const Json closed = done.json();
  EXPECT_EQ(closed["status"], "completed");
  EXPECT_EQ(closed["feedback"], "Seen twice by the clinician; improving");
  ASSERT_TRUE(closed["closed_on"].is_string()) << closed;
  EXPECT_GE(closed["closed_on"].get<std::string>(), "2016-05-06");
  EXPECT_EQ(closed["feedback_on"], closed["closed_on"]);
  EXPECT_EQ(closed["next_statuses"], Json::array());
  EXPECT_EQ(closed["reason"], r["reason"]);  // the reason is kept when only the feedback changes
  HttpResponse reopen = client().Patch(path, {{"status", "accepted"}}, Token("iom.counsellor"));
  ASSERT_TRUE(IsProblem(reopen, 409) && NamesField(reopen, "status")) << reopen.Describe();
  EXPECT_NE(MessageFor(reopen, "status").find("it is closed"), std::string::npos) << reopen.body;
  // Fixed once made: who, where to and which way.
  HttpResponse fixed = client().Patch(path, {{"service_id", Service("Another unit")}, {"person_id", Person()}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(fixed, 422) && NamesField(fixed, "service_id") && NamesField(fixed, "person_id")) << fixed.Describe();
  // Feedback may still come after closing.
  HttpResponse later = client().Patch(path, {{"feedback", "Discharged; attends the peer-support circle"}, {"feedback_on", "2016-07-01"}},
                                      Token("iom.counsellor"));
  ASSERT_EQ(later.status, 200) << later.Describe();
  EXPECT_EQ(later.json()["feedback_on"], "2016-07-01");
  EXPECT_EQ(Get(path, "iom.manager").json()["feedback"], "Discharged; attends the peer-support circle");

  // Declined and cancelled close a referral straight from made.
  for (const std::string to : {"declined", "cancelled"}) {
    HttpResponse other = Refer(Outgoing(person, "2016-05-03"));
    ASSERT_EQ(other.status, 201) << other.Describe();
    HttpResponse closing = client().Patch("/api/v1/referrals/" + other.json().value("id", ""),
                                          {{"status", to}, {"closed_on", "2016-05-04"}}, Token("iom.counsellor"));
    ASSERT_EQ(closing.status, 200) << closing.Describe();
    EXPECT_EQ(closing.json()["status"], to);
    EXPECT_EQ(closing.json()["closed_on"], "2016-05-04");
    EXPECT_FALSE(closing.json().contains("accepted_on"));
  }
}

TEST_F(ReferralsTest, BadInputIsRefusedNamingTheFieldAndNothingIsWritten) {
  const std::string person = Consenting();
  Json alarm_person = {{"given_name", "Ayen"}, {"family_name", "Elsewhere"}, {"sex", "female"},
                       {"birth_date", "1980-01-01"}, {"population_group", "idp_camp"},
                       {"programme_id", shared_->alarm_programme}, {"site_id", shared_->alarm_site}};
  HttpResponse theirs = client().Post("/api/v1/persons", alarm_person, Token("alarm.manager"));
  ASSERT_EQ(theirs.status, 201) << theirs.Describe();
  HttpResponse alarm_service = client().Post("/api/v1/services",
                                             {{"name", "ALARM counselling"}, {"provider", "ALARM"}, {"category", "other_psychosocial"}},
                                             Token("alarm.manager"));
  ASSERT_EQ(alarm_service.status, 201) << alarm_service.Describe();
  const std::string closed_service = Service("Closed mobile team");
  ASSERT_EQ(client().Patch("/api/v1/services/" + closed_service, {{"active", false}}, Token("iom.manager")).status, 200);

  struct Case {
    Json changes;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"service_id", "01900000-0000-7000-8000-000000000000"}}, "service_id"},
      {{{"service_id", alarm_service.json()["id"]}}, "service_id"},
      {{{"service_id", closed_service}}, "service_id"},
      {{{"service_id", nullptr}}, "service_id"},
      {{{"service_id", "not-an-id"}}, "service_id"},
      {{{"person_id", theirs.json()["id"]}}, "person_id"},
      {{{"person_id", "01900000-0000-7000-8000-000000000000"}}, "person_id"},
      {{{"programme_id", shared_->alarm_programme}}, "programme_id"},
      {{{"from_organization", "Someone"}}, "from_organization"},
      {{{"direction", "sideways"}}, "direction"},
      {{{"urgency", "whenever"}}, "urgency"},
      {{{"status", "accepted"}}, "status"},
      {{{"made_on", "2099-01-01"}}, "made_on"},
      {{{"made_on", "2016-02-30"}}, "made_on"},
      {{{"follow_up_on", "2016-01-01"}}, "follow_up_on"},
      {{{"accepted_on", "2016-05-03"}}, "accepted_on"},
      {{{"reason", nullptr}}, "reason"},
      {{{"reason", std::string(2001, 'x')}}, "reason"},
      {{{"activity_code", "99.9"}}, "activity_code"},
      {{{"case_id", 12}}, "case_id"},
      {{{"colour", "red"}}, "colour"},
  };
  for (const Case& c : cases) {
    HttpResponse r = Refer(WithChanges(Outgoing(person), c.changes));
    EXPECT_TRUE(IsProblem(r, 422) && NamesField(r, c.field)) << c.changes.dump() << ": " << r.Describe();
  }
  HttpResponse incoming = Refer({{"direction", "incoming"}, {"programme_id", shared_->programme}, {"person_id", person},
                                 {"service_id", HospitalUnit()}, {"reason", "r"}});
  EXPECT_TRUE(IsProblem(incoming, 422) && NamesField(incoming, "service_id") && NamesField(incoming, "from_organization"))
      << incoming.Describe();
  HttpResponse not_json = client().Request("POST", "/api/v1/referrals",
                                           {{"Authorization", "Bearer " + Token("iom.counsellor")},
                                            {"Content-Type", "application/json"}},
                                           "{\"direction\": ");
  EXPECT_TRUE(IsClientProblem(not_json)) << not_json.Describe();
  EXPECT_EQ(CountOf(person), 0u);

  // Lists: unknown codes, ids and parameters are named.
  for (const std::string query : {"status=lost", "direction=up", "urgency=now", "person_id=someone", "limit=500",
                                  "cursor=bm90LWEtY3Vyc29y", "colour=red"}) {
    HttpResponse r = Get("/api/v1/referrals?" + query, "iom.counsellor");
    EXPECT_TRUE(IsProblem(r, 422) && NamesField(r, query.substr(0, query.find('=')))) << query << ": " << r.Describe();
  }
  EXPECT_TRUE(IsProblem(Get("/api/v1/referrals/01900000-0000-7000-8000-000000000000", "iom.counsellor"), 404));
  HttpResponse bad_if_match = client().Patch("/api/v1/referrals/01900000-0000-7000-8000-000000000000", {{"urgency", "urgent"}},
                                             Token("iom.counsellor"), {{"If-Match", "three"}});
  EXPECT_TRUE(IsClientProblem(bad_if_match)) << bad_if_match.Describe();
}

TEST_F(ReferralsTest, TheMeOfficerReadsReferralsWithoutReasonFeedbackOrNames) {
  const std::string person = Consenting();
  HttpResponse made = Refer(WithChanges(Outgoing(person), {{"feedback", "Seen once"}}));
  ASSERT_EQ(made.status, 201) << made.Describe();
  const std::string id = made.json().value("id", "");
  EXPECT_EQ(made.json()["feedback"], "Seen once");
  ASSERT_TRUE(made.json()["feedback_on"].is_string());

  HttpResponse seen = Get("/api/v1/referrals/" + id, "iom.me_officer");
  ASSERT_EQ(seen.status, 200) << seen.Describe();
  const Json view = seen.json();
  EXPECT_FALSE(view.contains("reason")) << view;
  EXPECT_FALSE(view.contains("feedback")) << view;
  EXPECT_EQ(seen.body.find("Low mood"), std::string::npos);
  EXPECT_EQ(view["status"], "made");
  EXPECT_EQ(view["urgency"], "urgent");
  ASSERT_TRUE(view.contains("person")) << view;
  EXPECT_TRUE(view["person"].contains("code")) << view["person"];
  EXPECT_FALSE(view["person"].contains("given_name")) << view["person"];
  EXPECT_FALSE(view["person"].contains("family_name")) << view["person"];
  HttpResponse slip = Get("/api/v1/referrals/" + id + "/slip", "iom.me_officer");
  EXPECT_TRUE(IsProblem(slip, 403)) << slip.Describe();
  EXPECT_TRUE(IsProblem(client().Patch("/api/v1/referrals/" + id, {{"urgency", "routine"}}, Token("iom.me_officer")), 403));

  // The caseworkers read both.
  for (const std::string as : {"iom.manager", "iom.supervisor", "iom.counsellor"}) {
    HttpResponse r = Get("/api/v1/referrals/" + id, as);
    ASSERT_EQ(r.status, 200) << as << ": " << r.Describe();
    EXPECT_EQ(r.json()["reason"], "Low mood and poor sleep for months; not improving with counselling") << as;
    EXPECT_EQ(r.json()["feedback"], "Seen once") << as;
    EXPECT_EQ(r.json()["person"]["given_name"], "Achol") << as;
  }
  // No one else of IOM, and no one of another organisation.
  for (const std::string as : {"iom.facilitator", "iom.viewer", "iom.admin", "iom.advisor", "alarm.manager", "alarm.counsellor"}) {
    EXPECT_TRUE(IsProblem(Get("/api/v1/referrals/" + id, as), 403)) << as;
    EXPECT_TRUE(IsProblem(Get("/api/v1/referrals/" + id + "/slip", as), 403)) << as;
  }
  // Lists never carry reason or feedback, whoever asks; the M&E officer's people are de-identified.
  for (const std::string as : {"iom.counsellor", "iom.me_officer"}) {
    HttpResponse list = Get("/api/v1/referrals?person_id=" + person, as);
    ASSERT_EQ(list.status, 200) << list.Describe();
    ASSERT_EQ(list.json()["items"].size(), 1u) << list.body;
    const Json item = list.json()["items"][0];
    EXPECT_FALSE(item.contains("reason")) << item;
    EXPECT_FALSE(item.contains("feedback")) << item;
    EXPECT_EQ(item["person"].contains("given_name"), as == "iom.counsellor") << item;
    EXPECT_EQ(item["service"]["name"], "Hospital mental health unit");
  }
  HttpResponse alarm = Get("/api/v1/referrals?limit=200", "alarm.manager");
  ASSERT_EQ(alarm.status, 200) << alarm.Describe();
  for (const Json body = alarm.json(); const Json& item : body["items"]) EXPECT_EQ(item["organization_id"], shared_->alarm_org) << item;
  EXPECT_EQ(Get("/api/v1/referrals?person_id=" + person, "alarm.manager").json()["items"].size(), 0u);
  for (const std::string as : {"iom.facilitator", "iom.viewer", "iom.admin"}) {
    EXPECT_TRUE(IsProblem(Get("/api/v1/referrals", as), 403)) << as;
  }
}

TEST_F(ReferralsTest, TheSlipCarriesTheIdentityOnlyWhileReferralConsentHolds) {
  const std::string person = Consenting();
  HttpResponse made = Refer(Outgoing(person));
  ASSERT_EQ(made.status, 201) << made.Describe();
  const std::string slip_path = "/api/v1/referrals/" + made.json().value("id", "") + "/slip";
  HttpResponse with = Get(slip_path, "iom.counsellor");
  ASSERT_EQ(with.status, 200) << with.Describe();
  const Json slip = with.json();
  EXPECT_EQ(slip["identity_shown"], true);
  EXPECT_EQ(slip["person"]["given_name"], "Achol");
  EXPECT_EQ(slip["person"]["sex"], "female");
  EXPECT_TRUE(slip["person"]["code"].is_string());
  EXPECT_TRUE(slip["person"]["age_years"].is_number_integer());
  EXPECT_EQ(slip["reason"], "Low mood and poor sleep for months; not improving with counselling");
  EXPECT_EQ(slip["urgency"], "urgent");
  EXPECT_EQ(slip["date"], "2016-05-02");
  EXPECT_EQ(slip["service"]["name"], "Hospital mental health unit");
  EXPECT_EQ(slip["service"]["contact"], "Outpatient desk, mornings");
  EXPECT_EQ(slip["referrer"], (Json{{"organization", "International Organization for Migration"}, {"name", "IOM counsellor"}}));
  for (const char* never : {"0955", "sister", "consents", "bor-consent", "Adults with severe distress", "feedback"}) {
    EXPECT_EQ(with.body.find(never), std::string::npos) << never << " is on the slip: " << with.body;
  }
  // The person's subject access export shows the slip as a disclosure of them.
  HttpResponse export_ = Get("/api/v1/persons/" + person + "/export", "iom.manager");
  ASSERT_EQ(export_.status, 200) << export_.Describe();
  bool disclosed = false;
  for (const Json body = export_.json(); const Json& v : body["views"]) disclosed = disclosed || v["action"] == "referral_slip";
  EXPECT_TRUE(disclosed) << export_.json()["views"];

  // She withdraws her consent to referral: the slip shows her code alone, and says why.
  HttpResponse today = Get("/api/v1/persons/" + person + "/consents", "iom.manager");
  ASSERT_EQ(today.status, 200);
  ASSERT_EQ(client().Post("/api/v1/persons/" + person + "/consents",
                          {{"purpose", "referral"}, {"status", "withdrawn"}, {"method", "verbal"}, {"text_version", "v2"}},
                          Token("iom.counsellor")).status,
            201);
  HttpResponse without = Get(slip_path, "iom.counsellor");
  ASSERT_EQ(without.status, 200) << without.Describe();
  const Json bare = without.json();
  EXPECT_EQ(bare["identity_shown"], false);
  ASSERT_EQ(bare["person"].size(), 1u) << bare["person"];
  EXPECT_EQ(bare["person"]["code"], slip["person"]["code"]);
  EXPECT_NE(bare.value("identity_note", "").find("consent for referral was withdrawn"), std::string::npos) << bare;
  EXPECT_EQ(without.body.find("Achol"), std::string::npos) << without.body;
  EXPECT_EQ(bare["reason"], slip["reason"]);

  // An incoming referral has no slip.
  HttpResponse incoming = Refer({{"direction", "incoming"}, {"programme_id", shared_->programme}, {"person_id", person},
                                 {"from_organization", "County health clinic"}, {"reason", "Needs counselling"}});
  ASSERT_EQ(incoming.status, 201) << incoming.Describe();
  HttpResponse none = Get("/api/v1/referrals/" + incoming.json().value("id", "") + "/slip", "iom.counsellor");
  EXPECT_TRUE(IsProblem(none, 409)) << none.Describe();
}

TEST_F(ReferralsTest, ErasingThePersonDestroysTheReasonAndFeedbackOfTheirReferrals) {
  const std::string person = Consenting();
  HttpResponse made = Refer(WithChanges(Outgoing(person), {{"feedback", "Seen once at the hospital"}}));
  ASSERT_EQ(made.status, 201) << made.Describe();
  const std::string path = "/api/v1/referrals/" + made.json().value("id", "");
  ASSERT_EQ(client().Post("/api/v1/persons/" + person + "/erase", {{"reason", "asked to be forgotten"}}, Token("iom.manager")).status,
            200);
  HttpResponse after = Get(path, "iom.counsellor");
  ASSERT_EQ(after.status, 200) << after.Describe();
  const Json kept = after.json();
  EXPECT_EQ(kept["erased"], true);
  EXPECT_FALSE(kept.contains("reason")) << kept;
  EXPECT_FALSE(kept.contains("feedback")) << kept;
  EXPECT_EQ(after.body.find("Low mood"), std::string::npos);
  // What is left counts (made, its service, its dates) but takes nothing more.
  EXPECT_EQ(kept["status"], "made");
  EXPECT_EQ(kept["service_id"], HospitalUnit());
  EXPECT_EQ(CountOf(person), 1u);
  HttpResponse changed = client().Patch(path, {{"status", "accepted"}}, Token("iom.counsellor"));
  EXPECT_TRUE(IsProblem(changed, 409)) << changed.Describe();
  EXPECT_TRUE(IsProblem(Get(path + "/slip", "iom.counsellor"), 409));
}

TEST_F(ReferralsTest, ListsFilterAndPageNewestFirst) {
  const std::string person = Consenting();
  std::vector<std::string> ids;
  for (const std::string on : {"2015-03-01", "2016-03-01", "2015-09-01"}) {
    HttpResponse r = Refer(Outgoing(person, on));
    ASSERT_EQ(r.status, 201) << r.Describe();
    ids.push_back(r.json().value("id", ""));
  }
  ASSERT_EQ(client().Patch("/api/v1/referrals/" + ids[0], {{"status", "declined"}, {"closed_on", "2015-03-05"}},
                           Token("iom.counsellor")).status,
            200);
  HttpResponse first = Get("/api/v1/referrals?limit=2&person_id=" + person, "iom.counsellor");
  ASSERT_EQ(first.status, 200) << first.Describe();
  const Json page = first.json();
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["id"], ids[1]);  // 2016-03-01
  EXPECT_EQ(page["items"][1]["id"], ids[2]);  // 2015-09-01
  ASSERT_TRUE(page["next_cursor"].is_string());
  HttpResponse rest = Get("/api/v1/referrals?limit=2&person_id=" + person + "&cursor=" + page["next_cursor"].get<std::string>(),
                          "iom.counsellor");
  ASSERT_EQ(rest.status, 200) << rest.Describe();
  ASSERT_EQ(rest.json()["items"].size(), 1u);
  EXPECT_EQ(rest.json()["items"][0]["id"], ids[0]);
  EXPECT_TRUE(rest.json()["next_cursor"].is_null());
  HttpResponse declined = Get("/api/v1/referrals?status=declined&direction=outgoing&person_id=" + person +
                                  "&programme_id=" + shared_->programme,
                              "iom.manager");
  ASSERT_EQ(declined.status, 200) << declined.Describe();
  ASSERT_EQ(declined.json()["items"].size(), 1u);
  EXPECT_EQ(declined.json()["items"][0]["id"], ids[0]);
  EXPECT_EQ(Get("/api/v1/referrals?direction=incoming&person_id=" + person, "iom.manager").json()["items"].size(), 0u);
  // The demo has referrals of every status.
  std::set<std::string> statuses;
  HttpResponse demo = Get("/api/v1/referrals?limit=200&programme_id=" + shared_->programme, "iom.manager");
  ASSERT_EQ(demo.status, 200);
  for (const Json body = demo.json(); const Json& item : body["items"]) statuses.insert(item.value("status", ""));
  EXPECT_EQ(statuses, (std::set<std::string>{"made", "accepted", "completed", "declined", "cancelled"}));
}

TEST_F(ReferralsTest, ARepeatedPostWithTheSameIdempotencyKeyMakesOneReferral) {
  const std::string person = Consenting();
  const Headers key = {{"Idempotency-Key", "referral-" + person}};
  HttpResponse first = Refer(Outgoing(person), "iom.counsellor", key);
  ASSERT_EQ(first.status, 201) << first.Describe();
  HttpResponse again = Refer(Outgoing(person), "iom.counsellor", key);
  ASSERT_EQ(again.status, 201) << again.Describe();
  EXPECT_EQ(again.header("idempotent-replayed").value_or(""), "true");
  EXPECT_EQ(again.json()["id"], first.json()["id"]);
  // The stored answer keeps nothing sealed and no one's name.
  EXPECT_FALSE(again.json().contains("reason")) << again.body;
  EXPECT_FALSE(again.json().contains("person")) << again.body;
  EXPECT_EQ(CountOf(person), 1u);
  HttpResponse other = Refer(Outgoing(person, "2016-05-09"), "iom.counsellor", key);
  EXPECT_TRUE(IsProblem(other, 409)) << other.Describe();
  EXPECT_EQ(CountOf(person), 1u);
}

}  // namespace
}  // namespace baton::test
