#include "service/demo_handover.h"

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
  return plan.id;
}

}  // namespace baton
