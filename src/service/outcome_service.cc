#include "service/outcome_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "domain/outcome_assessment.h"
#include "domain/record_spec.h"
#include "service/activity_records.h"
#include "service/case_records.h"
#include "service/record_view.h"
#include "service/sealed_records.h"

namespace baton {
namespace {

constexpr const char* kAssessment = "assessment";
constexpr const char* kInstrument = "instrument";

// Members of a stored assessment that tell about risk: only for those who may read case notes.
const char* const kRiskMembers[] = {"flags", "risk_flags"};

// A definition's problems named under "definition.".
Status UnderDefinition(const Status& s) {
  if (s.errors().empty()) return s;
  std::vector<FieldError> errors;
  for (const FieldError& e : s.errors()) errors.push_back({"definition." + e.field, e.message});
  return Status::InvalidFields(std::move(errors));
}

Result<Record> LoadProgramme(Store& store, const std::string& id, const std::string& organization_id) {
  auto p = store.Get("programme", id);
  if (!p.ok() && p.status().code() != Code::kNotFound) return p.status();
  if (!p.ok() || (!organization_id.empty() && Str(p->data, "organization_id") != organization_id)) {
    return Status::InvalidField("programme_id", "no such programme in your organisation");
  }
  return std::move(*p);
}

}  // namespace

// ---- Instruments ----

Result<Instrument> OutcomeService::FindInstrument(const std::string& code, const std::string& programme_id) {
  if (const Instrument* builtin = FindBuiltinInstrument(code)) return *builtin;
  ListQuery q{.kind = kInstrument, .equals = {{"programme_id", programme_id}, {"code", code}}, .limit = 10};
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  for (const Record& r : page.items) {
    if (r.data.value("active", true)) return ParseInstrument(r.data.value("definition", Json::object()));
  }
  return Status::InvalidField("instrument", "no instrument " + code + " here: use one of who5, phq9, gad7, k6, k10, "
                                            "psychlops, whodas12, pcl5 or one of the programme's own");
}

Result<Json> OutcomeService::Instruments(const Principal& who, const std::string& programme_id) {
  Json items = Json::array();
  for (const Instrument& i : BuiltinInstruments()) items.push_back(InstrumentJson(i));
  if (!programme_id.empty()) {
    BATON_ASSIGN_OR_RETURN(Record programme,
                           LoadProgramme(ctx_.store(), programme_id, who.is_system() ? "" : who.organization_id));
    ListQuery q{.kind = kInstrument, .equals = {{"programme_id", programme.id}}, .limit = 200};
    BATON_RETURN_IF_ERROR(ForEachRecord(ctx_.store(), q, [&](const Record& r) {
      if (!r.data.value("active", true)) return Status::Ok();
      Json definition = r.data.value("definition", Json::object());
      definition["id"] = r.id;
      definition["programme_id"] = programme.id;
      definition["record_version"] = r.version;
      items.push_back(std::move(definition));
      return Status::Ok();
    }));
  }
  return Json{{"items", std::move(items)}};
}

Result<Json> OutcomeService::AddInstrument(const Principal& who, const Json& input) {
  // Those who change their organisation's programmes, in a programme of theirs.
  BATON_RETURN_IF_ERROR(
      AccessPolicy::Check(who, Action::kUpdate, Resource::kProgramme, {.organization_id = who.organization_id}));
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(InstrumentRecordSpec(), input, InputMode::kCreate));
  BATON_ASSIGN_OR_RETURN(Record programme,
                         LoadProgramme(ctx_.store(), Str(state, "programme_id"), who.is_system() ? "" : who.organization_id));
  Result<Instrument> parsed = ParseCustomInstrument(state["definition"]);
  if (!parsed.ok()) return UnderDefinition(parsed.status());
  ListQuery q{.kind = kInstrument, .equals = {{"programme_id", programme.id}, {"code", parsed->code}}, .limit = 1};
  BATON_ASSIGN_OR_RETURN(RecordPage taken, ctx_.store().List(q));
  if (!taken.items.empty()) {
    return Status::ConflictField("definition.code", "this programme has an instrument " + parsed->code + " already (" +
                                                        taken.items[0].id + "): change that one");
  }
  const std::string id = ctx_.NewId();
  Json record = {{"organization_id", programme.data["organization_id"]},
                 {"programme_id", programme.id},
                 {"code", parsed->code},
                 {"definition", InstrumentJson(*parsed)},
                 {"active", state.value("active", true)}};
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back({kInstrument, id, ChangeOp::kCreate, std::move(record), {}});
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record stored, LoadRecord(ctx_.store(), kInstrument, id));
  return RecordView(stored);
}

Result<Json> OutcomeService::UpdateInstrument(const Principal& who, std::string_view id, const Json& patch,
                                              std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, LoadRecord(ctx_.store(), kInstrument, id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kProgramme,
                                            {.organization_id = Str(current.data, "organization_id")}));
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(InstrumentRecordSpec(), patch, InputMode::kPatch));
  if (if_match && *if_match != current.version) return Stale();
  Json state = current.data;
  if (clean.contains("definition")) {
    Result<Instrument> parsed = ParseCustomInstrument(clean["definition"]);
    if (!parsed.ok()) return UnderDefinition(parsed.status());
    if (parsed->code != Str(current.data, "code")) {
      return Status::ConflictField("definition.code", "an instrument keeps its code (" + Str(current.data, "code") +
                                                          "): add a new instrument for another");
    }
    BATON_ASSIGN_OR_RETURN(Instrument before, ParseInstrument(current.data.value("definition", Json::object())));
    const Json normal = InstrumentJson(*parsed);
    if (normal != current.data["definition"] && parsed->version == before.version) {
      ListQuery used{.kind = kAssessment,
                     .equals = {{"programme_id", Str(current.data, "programme_id")}, {"instrument", before.code}},
                     .limit = 1};
      BATON_ASSIGN_OR_RETURN(RecordPage scored, ctx_.store().List(used));
      if (!scored.items.empty()) {
        return Status::ConflictField("definition.version",
                                     "assessments were scored with version " + before.version +
                                         ": give the changed definition a new version");
      }
    }
    state["definition"] = normal;
  }
  if (clean.contains("active")) state["active"] = clean["active"];
  Json diff = Diff(current.data, state);
  if (!diff.empty()) {
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back({kInstrument, current.id, ChangeOp::kUpdate, std::move(diff),
                           if_match ? std::optional<int64_t>(current.version) : std::nullopt});
    BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  }
  BATON_ASSIGN_OR_RETURN(Record stored, LoadRecord(ctx_.store(), kInstrument, id));
  return RecordView(stored);
}

// ---- Assessments ----

Result<AccessTarget> OutcomeService::TargetOf(const Json& assessment) {
  if (!Has(assessment, "case_id")) return AccessTarget{.organization_id = Str(assessment, "organization_id")};
  BATON_ASSIGN_OR_RETURN(Record c, LoadRecord(ctx_.store(), kCaseKind, Str(assessment, "case_id")));
  return TargetOfCase(c.data);
}

Result<InstrumentScore> OutcomeService::Score(const Instrument& instrument, const Json& answers, Json& state) {
  BATON_ASSIGN_OR_RETURN(std::vector<std::optional<int>> values, CheckItemAnswers(instrument, answers));
  InstrumentScore score = ScoreAnswers(instrument, values);
  const Json scored = ScoreJson(score);
  for (const char* f : {"total", "scaled", "band", "flags", "risk_flags", "subscales", "answered", "missing"}) {
    if (scored.contains(f)) {
      state[f] = scored[f];
    } else {
      state.erase(f);
    }
  }
  state["instrument_version"] = instrument.version;
  state["instrument_name"] = instrument.name;
  return score;
}

Result<Json> OutcomeService::View(const Principal& who, const Record& assessment, const AccessTarget& target,
                                  bool with_answers) {
  Json view = RecordView(assessment);
  view.erase("sealed");
  const bool notes = AccessPolicy::MaySeeCaseNotes(who, target);
  if (!notes) {
    for (const char* f : kRiskMembers) view.erase(f);
  }
  if (with_answers && notes && Has(assessment.data, "sealed")) {
    BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, assessment));
    view["answers"] = u.fields.value("answers", Json::array());
    BATON_RETURN_IF_ERROR(LogCaseNotesRead(ctx_, who, Str(assessment.data, "person_id"), "assessment"));
  }
  return view;
}

Result<Json> OutcomeService::Add(const Principal& who, const Json& input) {
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(OutcomeAssessmentSpec(), input, InputMode::kCreate));
  BATON_ASSIGN_OR_RETURN(RiskSubject subject, risk_.LoadSubject(who, Str(state, "person_id"), Str(state, "case_id")));
  if (Has(state, "programme_id") && !subject.case_record) {
    BATON_ASSIGN_OR_RETURN(Record programme, LoadProgramme(ctx_.store(), Str(state, "programme_id"), subject.organization_id));
    subject.programme_id = programme.id;
  } else if (Has(state, "programme_id") && Str(state, "programme_id") != subject.programme_id) {
    return Status::InvalidField("programme_id", "is not the programme of the case");
  }
  const std::string today = ctx_.Today();
  if (!Has(state, "date")) state["date"] = today;
  std::vector<FieldError> errors;
  if (Str(state, "date") > today) errors.push_back({"date", "is after today"});
  if (subject.case_record && Str(state, "date") < Str(subject.case_record->data, "opened_on")) {
    errors.push_back({"date", "must not be before the case was opened (" + Str(subject.case_record->data, "opened_on") + ")"});
  }
  Result<Instrument> instrument = FindInstrument(Str(state, "instrument"), subject.programme_id);
  if (!instrument.ok()) {
    if (instrument.status().errors().empty()) return instrument.status();
    errors.insert(errors.end(), instrument.status().errors().begin(), instrument.status().errors().end());
    return Status::InvalidFields(std::move(errors));
  }
  const Json answers = state["answers"];
  state.erase("answers");
  Result<InstrumentScore> score = Score(*instrument, answers, state);
  if (!score.ok()) {
    if (score.status().errors().empty()) return score.status();
    errors.insert(errors.end(), score.status().errors().begin(), score.status().errors().end());
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  state["organization_id"] = subject.organization_id;
  state["programme_id"] = subject.programme_id;
  state["assessed_by"] = who.user_id;
  state["active"] = state.value("active", true);
  const std::string id = ctx_.NewId();
  EntityChange change{kAssessment, id, ChangeOp::kCreate, Json(), {}};
  BATON_RETURN_IF_ERROR(SealNew(ctx_, change, state, {{"answers", answers}}, "answers"));
  BATON_ASSIGN_OR_RETURN(std::vector<EntityChange> flags,
                         risk_.Flags(subject, kAssessment, id, score->risk_flags, {{"instrument", instrument->code}}));
  change.patch = std::move(state);
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back(std::move(change));
  std::vector<std::string> flag_ids;
  for (EntityChange& f : flags) {
    flag_ids.push_back(f.id);
    set.changes.push_back(std::move(f));
  }
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record stored, LoadRecord(ctx_.store(), kAssessment, id));
  BATON_ASSIGN_OR_RETURN(AccessTarget target, TargetOf(stored.data));
  BATON_ASSIGN_OR_RETURN(Json view, View(who, stored, target, false));
  view["answers"] = answers;
  view["flags_raised"] = Json::array();
  for (const std::string& flag_id : flag_ids) {
    BATON_ASSIGN_OR_RETURN(Record flag, LoadRecord(ctx_.store(), kRiskFlagKind, flag_id));
    view["flags_raised"].push_back(risk_.FlagView(flag));
  }
  return view;
}

Result<Json> OutcomeService::Get(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record r, LoadRecord(ctx_.store(), kAssessment, id));
  BATON_ASSIGN_OR_RETURN(AccessTarget target, TargetOf(r.data));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kCase, target));
  return View(who, r, target, true);
}

Result<Json> OutcomeService::Update(const Principal& who, std::string_view id, const Json& patch,
                                    std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, LoadRecord(ctx_.store(), kAssessment, id));
  BATON_ASSIGN_OR_RETURN(AccessTarget target, TargetOf(current.data));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kCase, target));
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(OutcomeAssessmentSpec(), patch, InputMode::kPatch));
  if (if_match && *if_match != current.version) return Stale();
  Json state = current.data;
  const std::optional<Json> answers = clean.contains("answers") ? std::optional<Json>(clean["answers"]) : std::nullopt;
  clean.erase("answers");
  ApplyPatch(state, clean);
  if (Str(state, "date") > ctx_.Today()) return Status::InvalidField("date", "is after today");
  EntityChange change{kAssessment, current.id, ChangeOp::kUpdate, Json(),
                      if_match ? std::optional<int64_t>(current.version) : std::nullopt};
  ChangeSet set = ctx_.NewChangeSet(who);
  if (answers) {
    BATON_ASSIGN_OR_RETURN(Instrument instrument, FindInstrument(Str(state, "instrument"), Str(state, "programme_id")));
    if (instrument.version != Str(current.data, "instrument_version")) {
      return Status::ConflictField("answers", "this assessment was scored with version " +
                                                  Str(current.data, "instrument_version") + " of " + instrument.code +
                                                  ", which has changed since: record a new assessment");
    }
    BATON_ASSIGN_OR_RETURN(InstrumentScore score, Score(instrument, *answers, state));
    BATON_RETURN_IF_ERROR(PatchSealed(ctx_, change, current, state, {{"answers", *answers}}, "answers"));
    // A risk flag that fires now and did not before is raised.
    std::vector<std::string> fresh;
    const Json before = current.data.value("risk_flags", Json::array());
    for (const std::string& f : score.risk_flags) {
      if (std::find(before.begin(), before.end(), Json(f)) == before.end()) fresh.push_back(f);
    }
    if (!fresh.empty()) {
      BATON_ASSIGN_OR_RETURN(RiskSubject subject,
                             risk_.LoadSubject(who, Str(current.data, "person_id"), Str(current.data, "case_id")));
      BATON_ASSIGN_OR_RETURN(std::vector<EntityChange> flags, risk_.Flags(subject, kAssessment, current.id, fresh, {{"instrument", instrument.code}}));
      for (EntityChange& f : flags) set.changes.push_back(std::move(f));
    }
  }
  change.patch = Diff(current.data, state);
  if (!change.patch.empty()) {
    set.changes.insert(set.changes.begin(), std::move(change));
    BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  }
  BATON_ASSIGN_OR_RETURN(Record stored, LoadRecord(ctx_.store(), kAssessment, id));
  return View(who, stored, target, true);
}

Result<Json> OutcomeService::List(const Principal& who, const AssessmentListParams& params) {
  if (!AccessPolicy::MayList(who, Resource::kCase)) return Status::Forbidden("your roles do not allow you to see assessments");
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  if (params.person_id.empty() && params.case_id.empty()) {
    return Status::InvalidField("person_id", "name a person_id or a case_id");
  }
  ListQuery q{.kind = kAssessment, .order_by = "date", .limit = params.limit};
  if (!who.is_system()) q.equals.emplace_back("organization_id", who.organization_id);
  if (!params.person_id.empty()) q.equals.emplace_back("person_id", params.person_id);
  if (!params.case_id.empty()) q.equals.emplace_back("case_id", params.case_id);
  if (!params.instrument.empty()) q.equals.emplace_back("instrument", params.instrument);
  if (!params.cursor.empty()) {
    BATON_ASSIGN_OR_RETURN(auto parts, OrderedCursorParts(params.cursor));
    q.after_value = parts.first;
    q.after_id = parts.second;
  }
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  std::map<std::string, AccessTarget> targets;  // by case id ("" outside a case)
  Json items = Json::array();
  for (const Record& r : page.items) {
    const std::string case_id = Str(r.data, "case_id");
    if (!targets.contains(case_id)) {
      BATON_ASSIGN_OR_RETURN(targets[case_id], TargetOf(r.data));
    }
    if (!AccessPolicy::Check(who, Action::kRead, Resource::kCase, targets[case_id]).ok()) continue;
    BATON_ASSIGN_OR_RETURN(Json view, View(who, r, targets[case_id], false));
    items.push_back(std::move(view));
  }
  Json next = page.has_more && !page.items.empty()
                  ? Json(OrderedCursor(Str(page.items.back().data, "date"), page.items.back().id))
                  : Json(nullptr);
  return Json{{"items", std::move(items)}, {"next_cursor", next}};
}

Result<Json> OutcomeService::Outcomes(const Principal& who, std::string_view case_id) {
  BATON_ASSIGN_OR_RETURN(Record c, LoadRecord(ctx_.store(), kCaseKind, case_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kCase, TargetOfCase(c.data)));
  ListQuery q{.kind = kAssessment, .equals = {{"case_id", c.id}}, .order_by = "date", .limit = 1000};
  BATON_ASSIGN_OR_RETURN(std::vector<Record> all, ListAll(ctx_.store(), q));
  std::map<std::string, std::vector<const Record*>> by_instrument;
  std::vector<std::string> order;  // instruments in the order first used
  for (const Record& r : all) {
    if (!r.data.value("active", true)) continue;
    const std::string code = Str(r.data, "instrument");
    if (!by_instrument.contains(code)) order.push_back(code);
    by_instrument[code].push_back(&r);
  }
  Json instruments = Json::array();
  for (const std::string& code : order) {
    Result<Instrument> instrument = FindInstrument(code, Str(c.data, "programme_id"));
    Json series = Json::array();
    const Record* first = nullptr;  // the baseline, else the first with a total
    const Record* last = nullptr;
    for (const Record* r : by_instrument[code]) {
      series.push_back({{"id", r->id}, {"date", r->data.value("date", "")}, {"timepoint", r->data.value("timepoint", Json())},
                        {"total", r->data.value("total", Json())}, {"scaled", r->data.value("scaled", Json())},
                        {"band", r->data.value("band", "")}});
      if (!Has(r->data, "total")) continue;
      if (first == nullptr || (Str(r->data, "timepoint") == "baseline" && Str(first->data, "timepoint") != "baseline")) {
        first = r;
      }
      last = r;
    }
    Json entry = {{"instrument", code}, {"series", std::move(series)}, {"change", nullptr}};
    if (instrument.ok()) {
      entry["name"] = instrument->name;
      entry["min_total"] = instrument->MinTotal();
      entry["max_total"] = instrument->MaxTotal();
      entry["higher_is_better"] = instrument->higher_is_better;
      if (first != nullptr && last != nullptr && first != last) {
        if (auto change = ChangeBetween(*instrument, StoredScore(first->data), StoredScore(last->data))) {
          entry["change"] = {{"from", first->id}, {"to", last->id}, {"delta", change->delta},
                             {"improved", change->improved}, {"reliable", change->reliable},
                             {"band_before", change->band_before}, {"band_after", change->band_after}};
        }
      }
    }
    instruments.push_back(std::move(entry));
  }
  return Json{{"case_id", c.id}, {"instruments", std::move(instruments)}};
}

}  // namespace baton
