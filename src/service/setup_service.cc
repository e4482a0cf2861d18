#include "service/setup_service.h"

#include <chrono>
#include <cstdio>
#include <cstring>

#include "service/demo_activities.h"
#include "service/demo_cases.h"
#include "service/demo_handover.h"
#include "service/demo_mediation.h"
#include "service/demo_people.h"
#include "service/demo_referrals.h"
#include "service/demo_scale.h"

namespace baton {

Result<bool> IsEmpty(Store& store) {
  BATON_ASSIGN_OR_RETURN(auto head, store.Head());
  return head.first == 0;
}

Status MarkStore(Store& store, bool demo) {
  BATON_ASSIGN_OR_RETURN(bool empty, IsEmpty(store));
  BATON_ASSIGN_OR_RETURN(std::optional<std::string> existing, store.GetMeta("demo"));
  if (!empty || existing) return Status::Conflict("the data directory already holds data");
  return store.PutMeta("demo", demo ? "true" : "false");
}

std::string SlugFromName(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) && c < 0x80) {
      out.push_back(static_cast<char>(std::tolower(c)));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > 32) out.resize(32);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.size() >= 2 ? out : "org";
}

Result<InitResult> InitializeOrganization(Services& s, std::string_view org_name, std::string_view admin_username,
                                          std::string_view password) {
  Principal system = Principal::System();
  BATON_ASSIGN_OR_RETURN(Record org, s.accounts.Create(system, Collection::kOrganizations,
                                                       Json{{"code", SlugFromName(org_name)},
                                                            {"name", org_name},
                                                            {"type", "other"}}));
  BATON_ASSIGN_OR_RETURN(Record admin, s.accounts.Create(system, Collection::kUsers,
                                                         Json{{"username", admin_username},
                                                              {"display_name", admin_username},
                                                              {"roles", {"admin"}},
                                                              {"password", password}},
                                                         org.id));
  return InitResult{org.id, admin.id};
}

Result<std::vector<DemoLogin>> SeedDemo(Services& s, int people, const DemoProgress& progress, bool with_handover) {
  if (people < 0 || people > kMaxDemoPeople) {
    return Status::InvalidField("scale", "must be between 0 and " + std::to_string(kMaxDemoPeople));
  }
  Principal system = Principal::System();
  struct Org {
    const char* code;
    const char* name;
    const char* type;
    std::vector<std::vector<const char*>> users;  // role lists, one user each
  };
  // IOM ran the programme; ALARM received it; UNMISS RRP and DCA watch it. One user per role.
  const std::vector<Org> orgs = {
      {"iom", "International Organization for Migration", "un_agency",
       {{"admin"}, {"manager"}, {"supervisor"}, {"counsellor"}, {"facilitator"}, {"me_officer"}, {"viewer"}, {"advisor"}}},
      {"alarm", "African Leadership and Reconciliation Ministries", "national_ngo",
       {{"admin"}, {"manager"}, {"supervisor"}, {"counsellor"}, {"facilitator"}, {"me_officer"}, {"viewer"}}},
      {"unmiss", "UNMISS Relief, Reintegration and Protection", "un_agency", {{"viewer"}}},
      {"dca", "DanChurchAid", "donor", {{"viewer"}}},
  };
  std::map<std::string, std::string> org_ids;
  std::map<std::string, std::string> user_ids;  // by username
  std::vector<DemoLogin> logins;
  for (const Org& o : orgs) {
    BATON_ASSIGN_OR_RETURN(Record rec, s.accounts.Create(system, Collection::kOrganizations,
                                                         Json{{"code", o.code}, {"name", o.name}, {"type", o.type},
                                                              {"country", "South Sudan"}}));
    org_ids[o.code] = rec.id;
  }
  // Every demo organisation's staff work on this node, so each keeps its key pair here (handovers
  // are signed by the sender and sealed to the receiver).
  for (const Org& o : orgs) BATON_RETURN_IF_ERROR(s.org_keys.Rotate(system, org_ids[o.code]).status());
  BATON_ASSIGN_OR_RETURN(Record site, s.accounts.Create(system, Collection::kSites,
                                                        Json{{"name", "Bor PoC site"},
                                                             {"code", "bor"},
                                                             {"type", "poc_site"},
                                                             {"admin1", "Jonglei"},
                                                             {"admin2", "Bor South"},
                                                             {"latitude", 6.2088},
                                                             {"longitude", 31.5594}},
                                                        org_ids["iom"]));
  BATON_ASSIGN_OR_RETURN(Record programme,
                         s.accounts.Create(system, Collection::kProgrammes,
                                           Json{{"name", "MHPSS programme, Bor PoC site"},
                                                {"site_id", site.id},
                                                {"start_date", "2014-03-01"},
                                                {"end_date", "2017-08-15"},
                                                {"status", "active"},
                                                {"donor", "IOM"},
                                                {"description",
                                                 "Needs assessment, capacity building, recreational and cultural "
                                                 "activities, vocational training, peer-support groups, lay "
                                                 "counselling and conflict mediation. Handed over to ALARM on "
                                                 "15 August 2017."},
                                                {"viewer_organization_ids", {org_ids["unmiss"], org_ids["dca"]}},
                                                // What the programme aimed at in 2016 (the dashboards show them).
                                                {"indicator_targets",
                                                 {{{"indicator", "people_reached"}, {"from", "2016-01-01"}, {"to", "2016-12-31"}, {"value", 150}},
                                                  {{"indicator", "cases_closed"}, {"from", "2016-01-01"}, {"to", "2016-12-31"}, {"value", 90}},
                                                  {{"indicator", "referrals_made"}, {"from", "2016-01-01"}, {"to", "2016-12-31"}, {"value", 12}},
                                                  {{"indicator", "closed_cases_improved_phq9"}, {"from", "2016-01-01"}, {"to", "2016-12-31"}, {"value", 75}}}}},
                                           org_ids["iom"]));
  for (const Org& o : orgs) {
    for (const auto& roles : o.users) {
      std::string username = std::string(o.code) + "." + roles[0];
      Json role_list = Json::array();
      std::string role_text;
      for (const char* r : roles) {
        role_list.push_back(r);
        role_text += (role_text.empty() ? "" : ",") + std::string(r);
      }
      std::string display = std::string(o.code) + " " + roles[0];  // "IOM counsellor"
      for (size_t i = 0; i < std::strlen(o.code); ++i) {
        display[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(display[i])));
      }
      BATON_ASSIGN_OR_RETURN(Record user, s.accounts.Create(system, Collection::kUsers,
                                                            Json{{"username", username},
                                                                 {"display_name", display},
                                                                 {"roles", role_list},
                                                                 {"password", kDemoPassword}},
                                                            org_ids[o.code]));
      user_ids[username] = user.id;
      logins.push_back({username, o.code, role_text});
    }
  }
  const bool scaled = people > kDemoPeople;
  const auto began = std::chrono::steady_clock::now();
  if (scaled && progress) progress("registering " + std::to_string(people) + " people");
  BATON_RETURN_IF_ERROR(SeedDemoPeople(s, people, org_ids["iom"], site.id, programme.id, org_ids["alarm"]));
  if (scaled && progress) {
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    char line[120];
    std::snprintf(line, sizeof line, "people: %d registered in %.1f s", people, t);
    progress(line);
  }
  const Principal manager{user_ids["iom.manager"], org_ids["iom"], "iom.manager", {Role::kManager}};
  const DemoActivityPlace place{manager, user_ids["iom.facilitator"], site.id, programme.id};
  BATON_RETURN_IF_ERROR(SeedDemoActivities(s, place).status());
  const DemoCasePlace counselling{{user_ids["iom.counsellor"], org_ids["iom"], "iom.counsellor", {Role::kCounsellor}},
                                  {user_ids["iom.supervisor"], org_ids["iom"], "iom.supervisor", {Role::kSupervisor}},
                                  programme.id};
  BATON_RETURN_IF_ERROR(SeedDemoCases(s, counselling, DemoCaseCount(std::min(people, kDemoPeople))).status());
  const Principal counsellor{user_ids["iom.counsellor"], org_ids["iom"], "iom.counsellor", {Role::kCounsellor}};
  BATON_RETURN_IF_ERROR(SeedDemoReferrals(s, place, counsellor).status());
  const DemoMediationPlace mediation{manager,
                                     {user_ids["iom.facilitator"], org_ids["iom"], "iom.facilitator", {Role::kFacilitator}},
                                     counselling.counsellor, site.id, programme.id};
  BATON_RETURN_IF_ERROR(SeedDemoMediation(s, mediation, DemoMediationCount(std::min(people, kDemoPeople))).status());
  // The 2016 report to the programme's donor and partners: the narrative beside the year's figures.
  BATON_RETURN_IF_ERROR(
      s.programme_reports
          .Create(manager,
                  {{"programme_id", programme.id},
                   {"title", "MHPSS programme, Bor PoC site: annual report 2016"},
                   {"period", "2016"},
                   {"audience", "shared"},
                   {"status", "final"},
                   {"summary",
                    "In 2016 the programme ran its six streams in the Bor PoC site: capacity building for humanitarian "
                    "actors, recreational and cultural activities, vocational training, peer-support groups, lay "
                    "counselling, and conflict mediation and peacebuilding."},
                   {"achievements",
                    "Peer-support groups met weekly in every block. A cohort of women who finished the vocational "
                    "training formed the Umbrella bakery cooperative. Lay counsellors closed most of their cases "
                    "with the client's distress reduced."},
                   {"challenges",
                    "Insecurity around the site interrupted activities for several weeks, and staff turnover slowed "
                    "the supervision of new counsellors."},
                   {"lessons_learned",
                    "Community leaders who took part in the mediation committees made referrals to counselling "
                    "easier to accept."},
                   {"next_steps",
                    "Prepare the handover of the programme to a national partner in 2017: train its staff, share "
                    "the tools and agree what records move with the people's consent."}})
          .status());
  if (scaled) BATON_RETURN_IF_ERROR(SeedDemoScale(s, place, progress).status());
  // The end of the story: the handover to ALARM, prepared, and (unless stopped before) made.
  const DemoHandoverPlace handover{manager,
                                   {user_ids["iom.admin"], org_ids["iom"], "iom.admin", {Role::kAdmin}},
                                   {user_ids["iom.supervisor"], org_ids["iom"], "iom.supervisor", {Role::kSupervisor}},
                                   {user_ids["alarm.manager"], org_ids["alarm"], "alarm.manager", {Role::kManager}},
                                   programme.id,
                                   site.id,
                                   org_ids["alarm"],
                                   user_ids["alarm.counsellor"],
                                   user_ids["alarm.supervisor"]};
  BATON_RETURN_IF_ERROR(PrepareDemoHandover(s, handover));
  if (with_handover) {
    if (progress) progress("handing the programme over to ALARM");
    BATON_RETURN_IF_ERROR(SeedDemoHandover(s, handover).status());
  }
  return logins;
}

Status SeedDemoPeople(Services& s, int people, const std::string& org_id, const std::string& site_id,
                      const std::string& programme_id, const std::string& partner_org_id) {
  if (people == 0) return Status::Ok();
  SeededRandom random(2014);
  const std::vector<DemoPerson> demo = DemoPeople(
      random, people, {site_id, programme_id, partner_org_id, "2014-03-01", "2017-08-15"});
  BATON_RETURN_IF_ERROR(s.persons.ReserveCodes(site_id, people));
  const Principal system = Principal::System();
  constexpr size_t kBatch = 1000;  // change sets per transaction
  std::vector<ChangeSet> batch;
  for (const DemoPerson& p : demo) {
    auto prepared = s.persons.Prepare(system, p.input, p.consents, {p.registered_on, org_id});
    if (!prepared.ok()) {
      return Status::Internal("demo person " + p.input.dump() + " is refused: " + prepared.status().ToString());
    }
    batch.push_back(std::move(prepared->set));
    if (batch.size() == kBatch) {
      BATON_RETURN_IF_ERROR(s.ctx.store().CommitBatch(std::move(batch)).status());
      batch.clear();
    }
  }
  if (!batch.empty()) BATON_RETURN_IF_ERROR(s.ctx.store().CommitBatch(std::move(batch)).status());
  return Status::Ok();
}

}  // namespace baton
