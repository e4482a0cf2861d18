#include "service/risk_service.h"

#include <utility>

#include "domain/cases.h"
#include "domain/record_spec.h"
#include "service/activity_records.h"
#include "service/case_records.h"
#include "service/record_view.h"
#include "service/sealed_records.h"

namespace baton {
namespace {

constexpr int64_t kHourMs = 3'600'000;

Json WithoutSealed(const Record& r) {
  Json view = RecordView(r);
  view.erase("sealed");
  return view;
}

}  // namespace

Result<AccessTarget> RiskService::TargetOf(const Json& record) {
  if (!Has(record, "case_id")) return AccessTarget{.organization_id = Str(record, "organization_id")};
  BATON_ASSIGN_OR_RETURN(Record c, LoadRecord(ctx_.store(), kCaseKind, Str(record, "case_id")));
  return TargetOfCase(c.data);
}

Status RiskService::MayReadRisk(const Principal& who, const AccessTarget& target) {
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kCase, target));
  if (AccessPolicy::MaySeeCaseNotes(who, target)) return Status::Ok();
  return Status::Forbidden(
      "your roles do not allow you to read risk details: the assigned counsellor, the case's supervisor and managers may");
}

Result<RiskSubject> RiskService::LoadSubject(const Principal& who, const std::string& person_id,
                                             const std::string& case_id) {
  // Only those who may open cases assess risk, in a case or outside one.
  BATON_RETURN_IF_ERROR(
      AccessPolicy::Check(who, Action::kCreate, Resource::kCase, {.organization_id = who.organization_id}));
  RiskSubject subject;
  subject.person_id = person_id;
  if (!case_id.empty()) {
    auto c = ctx_.store().Get(kCaseKind, case_id);
    if (!c.ok() && c.status().code() != Code::kNotFound) return c.status();
    if (!c.ok() || Str(c->data, "organization_id") != who.organization_id) {
      if (!who.is_system()) return Status::InvalidField("case_id", "no such case in your organisation");
    }
    if (!c.ok()) return Status::InvalidField("case_id", "no such case");
    BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kCase, TargetOfCase(c->data)));
    if (Str(c->data, "person_id") != person_id) return Status::InvalidField("person_id", "is not the person of this case");
    subject.organization_id = Str(c->data, "organization_id");
    subject.programme_id = Str(c->data, "programme_id");
    subject.case_record = std::move(*c);
  }
  auto person = ctx_.store().Get("person", person_id);
  if (!person.ok() && person.status().code() != Code::kNotFound) return person.status();
  if (!person.ok() || (!who.is_system() && Str(person->data, "organization_id") != who.organization_id)) {
    return Status::InvalidField("person_id", "no such person in your organisation");
  }
  const std::string status = Str(person->data, "status");
  if (status == "merged") {
    return Status::InvalidField("person_id", "this record was merged into " + Str(person->data, "merged_into") + ": use that one");
  }
  if (status == "erased") return Status::InvalidField("person_id", "this person's record was erased");
  subject.person = std::move(person->data);
  if (!subject.case_record) {
    subject.organization_id = Str(subject.person, "organization_id");
    subject.programme_id = Str(subject.person, "programme_id");
  }
  return subject;
}

Result<std::vector<EntityChange>> RiskService::Flags(const RiskSubject& subject, std::string_view source_kind,
                                                     const std::string& source_id,
                                                     const std::vector<std::string>& reasons, const Json& extra) {
  std::vector<EntityChange> out;
  if (reasons.empty()) return out;
  int hours = kDefaultRiskAcknowledgeHours;
  auto programme = ctx_.store().Get("programme", subject.programme_id);
  if (programme.ok()) hours = RiskAcknowledgeHoursOf(programme->data);
  const int64_t now = ctx_.clock().NowMs();
  for (const std::string& reason : reasons) {
    Json flag = {{"organization_id", subject.organization_id},
                 {"programme_id", subject.programme_id},
                 {"person_id", subject.person_id},
                 {"reason", reason},
                 {"source_kind", source_kind},
                 {"source_id", source_id},
                 {"status", "open"},
                 {"raised_ms", now},
                 {"due_ms", now + hours * kHourMs},
                 {"acknowledge_within_hours", hours}};
    for (auto it = extra.begin(); it != extra.end(); ++it) flag[it.key()] = *it;
    if (subject.case_record) {
      flag["case_id"] = subject.case_record->id;
      flag["counsellor_id"] = subject.case_record->data.value("counsellor_id", Json());
      flag["supervisor_id"] = subject.case_record->data.value("supervisor_id", Json());
    }
    out.push_back({kRiskFlagKind, ctx_.NewId(), ChangeOp::kCreate, std::move(flag), {}});
  }
  return out;
}

Result<Json> RiskService::AddAssessment(const Principal& who, const Json& input) {
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(RiskAssessmentSpec(), input, InputMode::kCreate));
  BATON_RETURN_IF_ERROR(CheckRiskAssessmentState(state));
  BATON_ASSIGN_OR_RETURN(RiskSubject subject, LoadSubject(who, Str(state, "person_id"), Str(state, "case_id")));
  if (Str(state, "date") > ctx_.Today()) return Status::InvalidField("date", "is after today");
  if (subject.case_record && Str(state, "date") < Str(subject.case_record->data, "opened_on")) {
    return Status::InvalidField("date", "must not be before the case was opened (" +
                                            Str(subject.case_record->data, "opened_on") + ")");
  }
  state["organization_id"] = subject.organization_id;
  state["programme_id"] = subject.programme_id;
  state["level"] = RiskLevelOf(state);
  state["assessed_by"] = who.user_id;
  state["active"] = state.value("active", true);
  const std::string id = ctx_.NewId();
  EntityChange change{kRiskAssessmentKind, id, ChangeOp::kCreate, Json(), {}};
  const Json sealed = TakeSealed(state, RiskAssessmentSealedFields());
  BATON_RETURN_IF_ERROR(SealNew(ctx_, change, state, sealed, "risk details"));
  BATON_ASSIGN_OR_RETURN(std::vector<EntityChange> flags,
                         Flags(subject, kRiskAssessmentKind, id, HighRiskDomains(state), {{"level", "high"}}));
  change.patch = std::move(state);
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back(std::move(change));
  std::vector<std::string> flag_ids;
  for (EntityChange& f : flags) {
    flag_ids.push_back(f.id);
    set.changes.push_back(std::move(f));
  }
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record stored, LoadRecord(ctx_.store(), kRiskAssessmentKind, id));
  Json view = WithoutSealed(stored);
  for (auto f = sealed.begin(); f != sealed.end(); ++f) view[f.key()] = *f;
  view["flags_raised"] = Json::array();
  for (const std::string& flag_id : flag_ids) {
    BATON_ASSIGN_OR_RETURN(Record flag, LoadRecord(ctx_.store(), kRiskFlagKind, flag_id));
    view["flags_raised"].push_back(FlagView(flag));
  }
  return view;
}

Result<Json> RiskService::GetAssessment(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record r, LoadRecord(ctx_.store(), kRiskAssessmentKind, id));
  BATON_ASSIGN_OR_RETURN(AccessTarget target, TargetOf(r.data));
  BATON_RETURN_IF_ERROR(MayReadRisk(who, target));
  Json view = WithoutSealed(r);
  if (Has(r.data, "sealed")) {
    BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, r));
    for (auto f = u.fields.begin(); f != u.fields.end(); ++f) view[f.key()] = *f;
    BATON_RETURN_IF_ERROR(LogCaseNotesRead(ctx_, who, Str(r.data, "person_id"), "risk_assessment"));
  }
  return view;
}

Result<Json> RiskService::AssessmentsOfCase(const Principal& who, std::string_view case_id) {
  BATON_ASSIGN_OR_RETURN(Record c, LoadRecord(ctx_.store(), kCaseKind, case_id));
  BATON_RETURN_IF_ERROR(MayReadRisk(who, TargetOfCase(c.data)));
  ListQuery q{.kind = kRiskAssessmentKind, .equals = {{"case_id", c.id}}, .order_by = "date", .limit = 1000};
  BATON_ASSIGN_OR_RETURN(std::vector<Record> all, ListAll(ctx_.store(), q));
  BATON_ASSIGN_OR_RETURN(auto opened, UnsealAll(ctx_, all));
  if (!all.empty()) BATON_RETURN_IF_ERROR(LogCaseNotesRead(ctx_, who, Str(c.data, "person_id"), "risk_assessment"));
  Json items = Json::array();
  for (const Record& r : all) {
    Json view = WithoutSealed(r);
    for (auto f = opened[r.id].fields.begin(); f != opened[r.id].fields.end(); ++f) view[f.key()] = *f;
    items.push_back(std::move(view));
  }
  return Json{{"case_id", c.id}, {"items", std::move(items)}};
}

Json RiskService::FlagView(const Record& flag) const {
  Json view = WithoutSealed(flag);
  view["overdue"] = Str(flag.data, "status") == "open" && flag.data.value("due_ms", int64_t{0}) < ctx_.clock().NowMs();
  return view;
}

Result<Json> RiskService::ListFlags(const Principal& who, const RiskFlagListParams& params) {
  if (!AccessPolicy::MayList(who, Resource::kCase)) return Status::Forbidden("your roles do not allow you to see risk flags");
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  if (!params.status.empty() && params.status != "open" && params.status != "acknowledged") {
    return Status::InvalidField("status", "must be open or acknowledged");
  }
  ListQuery q{.kind = kRiskFlagKind, .limit = params.limit};
  if (!who.is_system()) q.equals.emplace_back("organization_id", who.organization_id);
  for (auto [field, value] : {std::pair{"status", &params.status}, std::pair{"programme_id", &params.programme_id},
                              std::pair{"case_id", &params.case_id}, std::pair{"person_id", &params.person_id}}) {
    if (!value->empty()) q.equals.emplace_back(field, *value);
  }
  if (!params.cursor.empty()) {
    BATON_ASSIGN_OR_RETURN(q.after_id, CursorId(params.cursor));
  }
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  Json items = Json::array();
  std::vector<std::string> people;
  for (const Record& f : page.items) {
    BATON_ASSIGN_OR_RETURN(AccessTarget target, TargetOf(f.data));
    if (!AccessPolicy::MaySeeCaseNotes(who, target)) continue;
    people.push_back(Str(f.data, "person_id"));
    items.push_back(FlagView(f));
  }
  BATON_ASSIGN_OR_RETURN(auto summaries, persons_.Summaries(who, people));
  for (Json& f : items) {
    if (auto it = summaries.find(Str(f, "person_id")); it != summaries.end()) f["person"] = it->second;
  }
  Json next = page.has_more && !page.items.empty() ? Json(Cursor(page.items.back().id)) : Json(nullptr);
  return Json{{"items", std::move(items)}, {"next_cursor", next}};
}

Result<Json> RiskService::GetFlag(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record f, LoadRecord(ctx_.store(), kRiskFlagKind, id));
  BATON_ASSIGN_OR_RETURN(AccessTarget target, TargetOf(f.data));
  BATON_RETURN_IF_ERROR(MayReadRisk(who, target));
  Json view = FlagView(f);
  if (Has(f.data, "sealed")) {
    BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, f));
    for (auto it = u.fields.begin(); it != u.fields.end(); ++it) view[it.key()] = *it;
    BATON_RETURN_IF_ERROR(LogCaseNotesRead(ctx_, who, Str(f.data, "person_id"), "risk_flag"));
  }
  return view;
}

Result<Json> RiskService::Acknowledge(const Principal& who, std::string_view id, const Json& input,
                                      std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record f, LoadRecord(ctx_.store(), kRiskFlagKind, id));
  BATON_ASSIGN_OR_RETURN(AccessTarget target, TargetOf(f.data));
  BATON_RETURN_IF_ERROR(MayReadRisk(who, target));
  const bool supervises = who.is_system() || who.has(Role::kManager) ||
                          (who.has(Role::kSupervisor) && (target.supervisor_id.empty() || target.supervisor_id == who.user_id));
  if (!supervises) {
    return Status::Forbidden("a risk flag is acknowledged by the case's supervisor or a manager");
  }
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(RiskAcknowledgementSpec(), input, InputMode::kCreate));
  if (if_match && *if_match != f.version) return Stale();
  if (Str(f.data, "status") != "open") {
    return Status::Conflict("this flag was acknowledged already, by " + Str(f.data, "acknowledged_by"));
  }
  const int64_t now = ctx_.clock().NowMs();
  Json state = f.data;
  state["status"] = "acknowledged";
  state["acknowledged_by"] = who.user_id;
  state["acknowledged_ms"] = now;
  state["acknowledged_late"] = now > f.data.value("due_ms", int64_t{0});
  // Stale writes lose: a second supervisor acknowledging at the same moment gets a 412 or 409.
  EntityChange change{kRiskFlagKind, f.id, ChangeOp::kUpdate, Json(), f.version};
  BATON_RETURN_IF_ERROR(PatchSealed(ctx_, change, f, state, clean, "acknowledgement notes"));
  change.patch = Diff(f.data, state);
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back(std::move(change));
  BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  return GetFlag(who, id);
}

}  // namespace baton
