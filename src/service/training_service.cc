#include "service/training_service.h"

#include <string>
#include <vector>

#include "domain/group_work.h"
#include "domain/record_spec.h"
#include "service/activity_records.h"
#include "service/data_keys.h"
#include "service/record_view.h"
#include "service/sealed_records.h"

namespace baton {
namespace {

constexpr const char* kParticipant = "participant";

Status RequireKeys(const DataKeys& keys) {
  if (keys.present()) return Status::Ok();
  return Status::Unavailable("this server was started without a data key, so participants' names cannot be kept");
}

Status RequireTraining(const Record& activity) {
  if (Str(activity.data, "stream") != "capacity_building") {
    return Status::InvalidField("activity_id", "is not a training (capacity_building): it has no participants");
  }
  return Status::Ok();
}

// The participant's agency, when named as a Baton organisation, exists.
Status CheckAgency(Store& store, const std::string& id) {
  auto org = store.Get("organization", id);
  if (org.ok()) return Status::Ok();
  if (org.status().code() == Code::kNotFound) return Status::InvalidField("agency_id", "no such organisation");
  return org.status();
}

double Round1(double v) { return static_cast<double>(static_cast<int64_t>(v * 10 + (v < 0 ? -0.5 : 0.5))) / 10; }

}  // namespace

Result<TrainingService::Loaded> TrainingService::Load(std::string_view id) {
  auto r = ctx_.store().Get(kParticipant, id);
  if (!r.ok()) {
    if (r.status().code() == Code::kNotFound) return Status::NotFound("no participant with id " + std::string(id));
    return r.status();
  }
  BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, *r));
  return Loaded{std::move(*r), std::move(u.key), std::move(u.fields)};
}

Result<std::pair<int, std::map<std::string, int>>> TrainingService::AttendanceOf(const Record& training) {
  int held = 0;
  std::map<std::string, int> attended;
  ListQuery q{.kind = kAttendanceKind, .equals = {{"activity_id", training.id}}, .limit = 1000};
  BATON_RETURN_IF_ERROR(ForEachRecord(ctx_.store(), q, [&](const Record& a) {
    ++held;
    for (const Json& e : a.data.value("attendance", Json::array())) {
      if (Has(e, "participant_id") && e.value("present", false)) ++attended[Str(e, "participant_id")];
    }
    return Status::Ok();
  }));
  return std::pair{held, std::move(attended)};
}

Json TrainingService::Results(const Record& training, const Json& participant, int held, int attended) const {
  const CompletionResult c = CompletionOf(attended, held, CompletionRulePercentOf(training.data),
                                          TrainingFinished(training.data, ctx_.Today()));
  Json out = {{"attended", attended},
              {"completion", {{"status", CompletionName(c.status)}, {"percent", Round1(c.percent)}}}};
  const ScoreChange s = ScoreChangeOf(participant, TestMaxScoreOf(training.data));
  if (s.change) out["score_change"] = {{"change", *s.change}, {"change_points_percent", *s.change_points_percent}};
  return out;
}

Json TrainingService::View(const Principal& who, const Loaded& p, const Record& training) const {
  Json view = RecordView(p.record);
  view.erase("sealed");
  if (AccessPolicy::MaySeeParticipantNames(who, TargetOfActivity(training))) {
    for (auto it = p.sealed.begin(); it != p.sealed.end(); ++it) view[it.key()] = *it;
  }
  return view;
}

Result<Json> TrainingService::ViewWithResults(const Principal& who, const Loaded& p, const Record& training) {
  BATON_ASSIGN_OR_RETURN(auto attendance, AttendanceOf(training));
  const auto& [held, attended] = attendance;
  Json view = View(who, p, training);
  auto it = attended.find(p.record.id);
  view.update(Results(training, p.record.data, held, it == attended.end() ? 0 : it->second));
  return view;
}

Result<Json> TrainingService::Participants(const Principal& who, std::string_view activity_id) {
  BATON_ASSIGN_OR_RETURN(Record training, LoadActivity(ctx_.store(), activity_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kSession, TargetOfActivity(training)));
  BATON_RETURN_IF_ERROR(RequireTraining(training));
  ListQuery q{.kind = kParticipant, .equals = {{"activity_id", training.id}}, .limit = 1000};
  BATON_ASSIGN_OR_RETURN(std::vector<Record> participants, ListAll(ctx_.store(), q));
  BATON_ASSIGN_OR_RETURN(auto attendance, AttendanceOf(training));
  const auto& [held, attended] = attendance;
  Json items = Json::array();
  for (const Record& r : participants) {
    BATON_ASSIGN_OR_RETURN(Loaded p, Load(r.id));
    Json view = View(who, p, training);
    auto it = attended.find(r.id);
    view.update(Results(training, r.data, held, it == attended.end() ? 0 : it->second));
    items.push_back(std::move(view));
  }
  return Json{{"activity_id", training.id},
              {"test_max_score", TestMaxScoreOf(training.data)},
              {"completion_rule_percent", CompletionRulePercentOf(training.data)},
              {"sessions_held", held},
              {"items", std::move(items)}};
}

Result<Json> TrainingService::Add(const Principal& who, std::string_view activity_id, const Json& input) {
  BATON_ASSIGN_OR_RETURN(Record training, LoadActivity(ctx_.store(), activity_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kSession, TargetOfActivity(training)));
  BATON_RETURN_IF_ERROR(RequireTraining(training));
  BATON_RETURN_IF_ERROR(RequireKeys(ctx_.keys()));
  Json body = input;
  if (body.is_object() && !body.contains("activity_id")) body["activity_id"] = training.id;
  if (body.is_object() && body.contains("certificate_number")) {
    return Status::InvalidField("certificate_number", "is given with the certificate, not sent");
  }
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(TrainingParticipantSpec(), body, InputMode::kCreate));
  if (state["activity_id"] != training.id) return Status::InvalidField("activity_id", "is not the training of the path");
  BATON_RETURN_IF_ERROR(CheckScores(state, TestMaxScoreOf(training.data)));
  if (Has(state, "agency_id")) BATON_RETURN_IF_ERROR(CheckAgency(ctx_.store(), Str(state, "agency_id")));
  const std::string id = ctx_.NewId();
  Json sealed = Json::object();
  for (const std::string& f : TrainingParticipantSealedFields()) {
    if (Has(state, f.c_str())) sealed[f] = state[f];
    state.erase(f);
  }
  const std::string key = ctx_.keys().NewRecordKey(ctx_.random());
  state["sealed"] = SealFields(key, kParticipant, id, sealed, ctx_.random());
  state["organization_id"] = training.data["organization_id"];
  state["programme_id"] = training.data["programme_id"];
  state["active"] = state.value("active", true);
  EntityChange change{kParticipant, id, ChangeOp::kCreate, std::move(state), {}};
  change.local.record_key = ctx_.keys().Wrap(key, kParticipant, id, ctx_.random());
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back(std::move(change));
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Loaded p, Load(id));
  return ViewWithResults(who, p, training);
}

Result<Json> TrainingService::Update(const Principal& who, std::string_view id, const Json& patch,
                                     std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Loaded p, Load(id));
  BATON_ASSIGN_OR_RETURN(Record training, LoadActivity(ctx_.store(), Str(p.record.data, "activity_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kSession, TargetOfActivity(training)));
  BATON_RETURN_IF_ERROR(RequireKeys(ctx_.keys()));
  if (patch.is_object() && patch.contains("certificate_number")) {
    return Status::InvalidField("certificate_number", "is given with the certificate, not sent");
  }
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(TrainingParticipantSpec(), patch, InputMode::kPatch));
  if (if_match && *if_match != p.record.version) return Stale();
  Json sealed = p.sealed;
  for (const std::string& f : TrainingParticipantSealedFields()) {
    if (!clean.contains(f)) continue;
    if (!AccessPolicy::MaySeeParticipantNames(who, TargetOfActivity(training))) {
      return Status::Forbidden("your roles do not allow you to change participants' names");
    }
    sealed[f] = clean[f];
    clean.erase(f);
  }
  Json state = p.record.data;
  ApplyPatch(state, clean);
  BATON_RETURN_IF_ERROR(CheckScores(state, TestMaxScoreOf(training.data)));
  if (clean.contains("agency_id") && Has(state, "agency_id")) {
    BATON_RETURN_IF_ERROR(CheckAgency(ctx_.store(), Str(state, "agency_id")));
  }
  if (sealed != p.sealed) {
    if (p.key.empty()) return Status::Unavailable("the participant's key is not held here; the name cannot be changed");
    state["sealed"] = SealFields(p.key, kParticipant, p.record.id, sealed, ctx_.random());
  }
  Json diff = Diff(p.record.data, state);
  if (!diff.empty()) {
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back({kParticipant, p.record.id, ChangeOp::kUpdate, std::move(diff),
                           if_match ? std::optional<int64_t>(p.record.version) : std::nullopt});
    BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  }
  BATON_ASSIGN_OR_RETURN(Loaded updated, Load(id));
  return ViewWithResults(who, updated, training);
}

Result<Json> TrainingService::Certificate(const Principal& who, std::string_view participant_id) {
  BATON_ASSIGN_OR_RETURN(Loaded p, Load(participant_id));
  BATON_ASSIGN_OR_RETURN(Record training, LoadActivity(ctx_.store(), Str(p.record.data, "activity_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kSession, TargetOfActivity(training)));
  if (!AccessPolicy::MaySeeParticipantNames(who, TargetOfActivity(training))) {
    return Status::Forbidden("your roles do not allow you to read participants' names, which a certificate shows");
  }
  BATON_ASSIGN_OR_RETURN(auto attendance, AttendanceOf(training));
  const auto& [held, attended] = attendance;
  auto it = attended.find(p.record.id);
  const int present = it == attended.end() ? 0 : it->second;
  const CompletionResult c = CompletionOf(present, held, CompletionRulePercentOf(training.data),
                                          TrainingFinished(training.data, ctx_.Today()));
  if (!MayHaveCertificate(c)) {
    return Status::ConflictField("completion", "has not completed the training: attended " + std::to_string(present) +
                                                   " of " + std::to_string(held) + " sessions, " +
                                                   std::to_string(CompletionRulePercentOf(training.data)) +
                                                   "% needed");
  }
  auto programme = ctx_.store().Get("programme", Str(training.data, "programme_id"));
  const std::string programme_name = programme.ok() ? Str(programme->data, "name") : std::string();
  std::string number = Str(p.record.data, "certificate_number");
  std::string issued_on = Str(p.record.data, "certificate_issued_on");
  if (number.empty()) {
    // Numbered per programme, in the order certificates are first printed.
    BATON_ASSIGN_OR_RETURN(int64_t serial,
                           ctx_.store().NextCounter("certificate:" + Str(training.data, "programme_id"), 1));
    // The prefix: the programme's code, else the code of the training's site, else the programme's
    // name; the year: the training's last day (or, without one, the day of issue).
    std::string prefix = programme.ok() ? Str(programme->data, "code") : std::string();
    if (prefix.empty()) {
      auto site = ctx_.store().Get("site", Str(training.data, "site_id"));
      if (site.ok()) prefix = Str(site->data, "code");
    }
    if (prefix.empty()) prefix = programme_name;
    issued_on = ctx_.Today();
    const std::string end = Str(training.data, "end_date");
    number = CertificateNumber(prefix, std::stoi((end.empty() ? issued_on : end).substr(0, 4)), serial);
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back({kParticipant, p.record.id, ChangeOp::kUpdate,
                           {{"certificate_number", number}, {"certificate_issued_on", issued_on}}, p.record.version});
    auto committed = ctx_.store().Commit(std::move(set));
    if (!committed.ok()) {
      if (committed.status().code() != Code::kPreconditionFailed) return committed.status();
      // Printed twice at once: the number the other print gave is the certificate's (this serial
      // is left unused).
      BATON_ASSIGN_OR_RETURN(Loaded again, Load(participant_id));
      number = Str(again.record.data, "certificate_number");
      issued_on = Str(again.record.data, "certificate_issued_on");
      if (number.empty()) return Stale();
    }
  }
  return Json{{"number", number},
              {"issued_on", issued_on},
              {"name", p.sealed.value("name", "")},
              {"agency", Str(p.record.data, "agency")},
              {"role", Str(p.record.data, "role")},
              {"training", Str(training.data, "title")},
              {"topics", training.data.value("topics", Json::array())},
              {"start_date", Str(training.data, "start_date")},
              {"end_date", Str(training.data, "end_date")},
              {"programme", programme_name},
              {"attended", present},
              {"sessions_held", held}};
}

}  // namespace baton
