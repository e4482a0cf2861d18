#include "service/demo_handover.h"

#include <map>

#include "service/record_view.h"

namespace baton {
namespace {

constexpr const char* kEffective = "2017-08-15";

Status ForEachOpen(Store& store, const std::string& kind, const std::string& programme_id,
                   const std::function<Status(const Record&)>& fn) {
  ListQuery q{.kind = kind, .equals = {{"programme_id", programme_id}}, .limit = 1000};
  for (;;) {
    BATON_ASSIGN_OR_RETURN(RecordPage page, store.List(q));
    for (const Record& r : page.items) BATON_RETURN_IF_ERROR(fn(r));
    if (!page.has_more) return Status::Ok();
    q.after_id = page.items.back().id;
  }
}

Result<Record> UserNamed(Store& store, const std::string& username) {
  ListQuery q{.kind = "user", .equals = {{"username", username}}, .limit = 1};
  BATON_ASSIGN_OR_RETURN(RecordPage page, store.List(q));
  if (page.items.empty()) return Status::Internal("the demo has no user " + username);
  return std::move(page.items[0]);
}

}  // namespace

Status PrepareDemoHandover(Services& s, const DemoHandoverPlace& place) {
  Store& store = s.ctx.store();
  // Every open risk flag acknowledged by the clinical supervisor.
  std::vector<std::string> flags;
  BATON_RETURN_IF_ERROR(ForEachOpen(store, "risk_flag", place.programme_id, [&](const Record& r) {
    if (Str(r.data, "status") == "open") flags.push_back(r.id);
    return Status::Ok();
  }));
  for (const std::string& id : flags) {
    BATON_RETURN_IF_ERROR(
        s.risk.Acknowledge(place.iom_manager, id, {{"note", "Reviewed with the counsellor before the handover; safety plan in place."}},
                           std::nullopt)
            .status());
  }
  // The people whose cases stay open asked again for consent to share with ALARM, in July.
  std::vector<std::string> people;
  BATON_RETURN_IF_ERROR(ForEachOpen(store, "case", place.programme_id, [&](const Record& r) {
    if (Str(r.data, "status") != "closed" && r.data.value("active", true)) people.push_back(Str(r.data, "person_id"));
    return Status::Ok();
  }));
  for (const std::string& id : people) {
    BATON_ASSIGN_OR_RETURN(Record person, store.Get("person", id));
    BATON_ASSIGN_OR_RETURN(ConsentDecision d,
                           s.persons.DecideConsent(person, ConsentPurpose::kSharePartner, kEffective, place.alarm_org_id));
    if (d.allowed) continue;
    Json consent = {{"purpose", "share_partner"}, {"partner_org_id", place.alarm_org_id}, {"status", "given"},
                    {"method", "verbal"},         {"date", "2017-07-20"},                 {"text_version", "2017-07"},
                    {"notes", "Asked again before the handover to ALARM."}};
    auto added = s.persons.AddConsent(place.iom_manager, id, consent);
    if (!added.ok()) {
      // A child's consent is given by a guardian.
      consent["method"] = "guardian";
      consent["guardian_name"] = "Parent";
      BATON_RETURN_IF_ERROR(s.persons.AddConsent(place.iom_manager, id, consent).status());
    }
  }
  return Status::Ok();
}

Result<std::string> SeedDemoHandover(Services& s, const DemoHandoverPlace& place) {
  BATON_ASSIGN_OR_RETURN(
      Record plan,
      s.handovers.Create(place.iom_manager,
                         {{"programme_id", place.programme_id},
                          {"receiver_organization_id", place.alarm_org_id},
                          {"effective_date", kEffective},
                          {"purpose",
                           "ALARM, a national NGO, continues the MHPSS programme of the Bor PoC site: its counselling, "
                           "peer-support groups, recreational and vocational activities and mediation, for the same "
                           "people, with IOM's technical support until the end of 2017."},
                          {"agreement_reference", "IOM-ALARM data transfer agreement, Bor, August 2017"},
                          {"support_until", "2017-12-31"}}));
  BATON_RETURN_IF_ERROR(s.handovers.Approve(place.iom_manager, plan.id, std::nullopt).status());
  BATON_RETURN_IF_ERROR(s.handovers.Approve(place.iom_admin, plan.id, std::nullopt).status());
  BATON_ASSIGN_OR_RETURN(HandoverPackageFile file, s.handovers.Package(place.iom_manager, plan.id));
  BATON_ASSIGN_OR_RETURN(Json report, s.handovers.Verify(place.alarm_manager, file.bytes));
  Json assignments = Json::object();
  for (const Json& c : report["open_cases"]) {
    assignments[Str(c, "counsellor_id")] = place.alarm_counsellor_id;
    assignments[Str(c, "supervisor_id")] = place.alarm_supervisor_id;
  }
  BATON_RETURN_IF_ERROR(s.handovers.Import(place.alarm_manager, file.bytes, {{"assignments", assignments}}).status());
  BATON_RETURN_IF_ERROR(SeedDemoSupport(s, place));
  return plan.id;
}

Status SeedDemoSupport(Services& s, const DemoHandoverPlace& place) {
  Store& store = s.ctx.store();
  BATON_ASSIGN_OR_RETURN(Record facilitator, UserNamed(store, "alarm.facilitator"));
  BATON_ASSIGN_OR_RETURN(Record advisor, UserNamed(store, "iom.advisor"));
  // The programme's original trainings, by title (their refreshers name them).
  std::map<std::string, std::string> trainings;
  BATON_RETURN_IF_ERROR(ForEachOpen(store, "activity", place.programme_id, [&](const Record& r) {
    if (Str(r.data, "stream") == "capacity_building" && !Has(r.data, "refresher_of")) trainings[Str(r.data, "title")] = r.id;
    return Status::Ok();
  }));
  const auto original = [&](const std::string& title) -> Result<std::string> {
    auto it = trainings.find(title);
    if (it == trainings.end()) return Status::Internal("the demo programme has no training \"" + title + "\"");
    return it->second;
  };
  const Json facilitators = {{"user_ids", {facilitator.id}},
                             {"external", {{{"name", Str(advisor.data, "display_name")}, {"organization", "IOM"}}}}};
  struct Refresher {
    const char* title;
    const char* original;
    std::vector<std::string> topics;
    const char* start;
    const char* end;
  };
  const Refresher refreshers[] = {
      {"Basic counselling skills, refresher for ALARM's lay counsellors", "Basic counselling skills for lay counsellors",
       {"basic_counselling", "referral"}, "2017-09-25", "2017-09-27"},
      {"Psychological first aid, refresher for community workers", "Psychological first aid for humanitarian staff",
       {"psychological_first_aid", "self_care"}, "2017-11-06", "2017-11-07"},
  };
  for (const Refresher& r : refreshers) {
    BATON_ASSIGN_OR_RETURN(std::string of, original(r.original));
    BATON_RETURN_IF_ERROR(s.activities
                              .Create(place.alarm_manager, {{"programme_id", place.programme_id},
                                                            {"site_id", place.site_id},
                                                            {"stream", "capacity_building"},
                                                            {"title", r.title},
                                                            {"topics", r.topics},
                                                            {"refresher_of", of},
                                                            {"start_date", r.start},
                                                            {"end_date", r.end},
                                                            {"status", "completed"},
                                                            {"facilitators", facilitators}})
                              .status());
  }
  // The tools IOM shared: recorded for IOM (the support period is over, so its advisor no
  // longer records anything here).
  const SupportAuthor iom{.organization_id = place.iom_manager.organization_id, .advisor_user_id = ""};
  const Principal system = Principal::System();
  BATON_ASSIGN_OR_RETURN(
      Json manual,
      s.support.Create(system, SupportKind::kTool,
                       {{"programme_id", place.programme_id},
                        {"title", "Lay counselling manual"},
                        {"category", "manual"},
                        {"version", "2.0"},
                        {"description", "Sessions, listening skills, problem solving, safety planning and when to refer; "
                                        "adapted to Bor with ALARM's counsellors."},
                        {"location", "ALARM Bor office, MHPSS shelf; shared drive MHPSS/Tools/lay-counselling-manual-2.0.pdf"},
                        {"shared_on", "2017-09-04"}},
                       iom));
  BATON_RETURN_IF_ERROR(s.support
                            .Create(system, SupportKind::kTool,
                                    {{"programme_id", place.programme_id},
                                     {"title", "PHQ-9 scoring sheet"},
                                     {"category", "form"},
                                     {"version", "1.0"},
                                     {"description", "One page: item scores, total, severity bands and the item 9 safety check."},
                                     {"location", "shared drive MHPSS/Tools/phq9-scoring-sheet-1.0.pdf"},
                                     {"shared_on", "2017-10-09"}},
                                    iom)
                            .status());
  BATON_RETURN_IF_ERROR(s.support
                            .Create(system, SupportKind::kTool,
                                    {{"programme_id", place.programme_id},
                                     {"title", "Peer-support group facilitator guide"},
                                     {"category", "guideline"},
                                     {"version", "1.2"},
                                     {"description", "Opening and closing a group, ground rules, common themes, looking after "
                                                     "oneself as a facilitator."},
                                     {"location", "shared drive MHPSS/Tools/peer-support-facilitator-guide-1.2.pdf"},
                                     {"shared_on", "2017-11-13"}},
                                    iom)
                            .status());
  // The manual's next version, after the counsellors' comments at the refresher.
  BATON_RETURN_IF_ERROR(s.support
                            .Update(system, SupportKind::kTool, Str(manual, "id"),
                                    {{"version", "2.1"},
                                     {"shared_on", "2017-12-04"},
                                     {"location", "ALARM Bor office, MHPSS shelf; shared drive MHPSS/Tools/lay-counselling-manual-2.1.pdf"},
                                     {"description", "Sessions, listening skills, problem solving, safety planning and when to refer; "
                                                     "with the counsellors' comments from the September refresher: a shorter "
                                                     "first session and the updated referral directory."}},
                                    std::nullopt)
                            .status());
  // The monthly calls with IOM's advisor, recorded by ALARM's manager.
  struct Advising {
    const char* date;
    const char* topic;
    const char* notes;
    const char* follow_up;
  };
  const Advising calls[] = {
      {"2017-09-14", "Supervision of the counsellors in the first month",
       "Caseloads are even; supervision moved to Thursdays. Two counsellors asked for more practice in safety planning.",
       "Include safety planning role plays in the September refresher."},
      {"2017-10-12", "Referral pathways after the handover",
       "The directory lists IOM's clinic, which closed in September; the county hospital now takes the referrals.",
       "Update the referral directory and tell the counsellors."},
      {"2017-11-16", "Peer-support groups: keeping members coming",
       "Attendance in two groups fell after the rains; facilitators will meet members where they collect water.",
       "Share the facilitator guide 1.2 with the new facilitators."},
      {"2017-12-14", "Closing the support period and planning 2018",
       "ALARM runs every stream on its own; the manual 2.1 is in use. No open questions on the records.",
       "None: support ends on 31 December 2017."},
  };
  for (const Advising& a : calls) {
    BATON_RETURN_IF_ERROR(s.support
                              .Create(place.alarm_manager, SupportKind::kAdvisingSession,
                                      {{"programme_id", place.programme_id},
                                       {"date", a.date},
                                       {"topic", a.topic},
                                       {"mode", "remote_call"},
                                       {"advisor_name", Str(advisor.data, "display_name")},
                                       {"notes", a.notes},
                                       {"follow_up", a.follow_up}})
                              .status());
  }
  return Status::Ok();
}

}  // namespace baton
