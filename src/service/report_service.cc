#include "service/report_service.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "base/ids.h"
#include "domain/activities.h"
#include "domain/age_bands.h"
#include "domain/dates.h"
#include "domain/indicators.h"
#include "domain/persons.h"
#include "report/indicator_engine.h"
#include "service/activity_records.h"
#include "service/case_records.h"
#include "service/record_view.h"
#include "service/report_facts.h"

namespace baton {
namespace {

using report::DateKey;
using report::IndicatorEngine;
using report::PersonFact;

std::vector<std::string> PopulationGroupsOf(const Json& programme) { return ListsOfProgramme(programme).population_groups; }

}  // namespace

Result<ReportService::Scope> ReportService::ScopeOf(const Principal& who, const ReportParams& params, bool shared_by_default) {
  std::vector<FieldError> errors;
  if (params.programme_id.empty()) errors.push_back({"programme", "is required"});
  Period period;
  Result<std::optional<Period>> named = PeriodOfParams(params.from, params.to, params.period, /*optional=*/false);
  if (named.ok()) {
    period = **named;
  } else {
    errors.insert(errors.end(), named.status().errors().begin(), named.status().errors().end());
  }
  std::vector<Dimension> breakdown;
  for (const std::string& name : params.breakdown) {
    std::optional<Dimension> d = DimensionNamed(name);
    if (!d) {
      errors.push_back({"breakdown", "\"" + name + "\" is not one of: sex, age_band, population_group, disability"});
    } else if (std::find(breakdown.begin(), breakdown.end(), *d) == breakdown.end()) {
      breakdown.push_back(*d);
    }
  }
  if (!params.audience.empty() && params.audience != "internal" && params.audience != "shared") {
    errors.push_back({"audience", "must be internal or shared"});
  }
  if (!params.site_id.empty() && !IsUuid(params.site_id)) errors.push_back({"site", "must be a site's id"});
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));

  BATON_ASSIGN_OR_RETURN(Record programme, LoadRecord(ctx_.store(), "programme", params.programme_id));
  const AccessTarget target = ProgrammeTarget(programme.data, ctx_.Today());
  const ReportAudience may = ReportAudienceFor(who, target);
  if (may == ReportAudience::kNone) return Status::Forbidden("you may not read this programme's reports");
  if (params.audience == "internal" && may != ReportAudience::kInternal) {
    return Status::Forbidden("only the programme's managers and M&E officers read reports without disclosure control");
  }
  Json site = nullptr;
  if (!params.site_id.empty()) {
    BATON_ASSIGN_OR_RETURN(Record s, LoadRecord(ctx_.store(), "site", params.site_id));
    site = {{"id", s.id}, {"name", Str(s.data, "name")}};
  }

  Scope scope{std::move(programme), period, breakdown, may == ReportAudience::kShared || params.audience == "shared" ||
                                                         (shared_by_default && params.audience != "internal"),
               std::move(site), 5};
  if (scope.programme.data.contains("minimum_cell") && scope.programme.data["minimum_cell"].is_number_integer()) {
    scope.minimum_cell = scope.programme.data["minimum_cell"].get<int64_t>();
  }
  return scope;
}

Result<Json> ReportService::Indicators(const Principal& who, const ReportParams& params) {
  BATON_ASSIGN_OR_RETURN(Scope scope, ScopeOf(who, params, false));
  const Record& programme = scope.programme;
  std::vector<FieldError> errors;
  std::vector<Indicator> indicators = IndicatorsOfProgramme(programme.data);
  if (!params.indicators.empty()) {
    std::vector<Indicator> chosen;
    for (const std::string& code : params.indicators) {
      auto it = std::find_if(indicators.begin(), indicators.end(), [&](const Indicator& i) { return i.code == code; });
      if (it == indicators.end()) {
        errors.push_back({"indicators", "\"" + code + "\" is not an indicator of this programme"});
      } else if (std::none_of(chosen.begin(), chosen.end(), [&](const Indicator& i) { return i.code == code; })) {
        chosen.push_back(*it);
      }
    }
    if (!errors.empty()) return Status::InvalidFields(std::move(errors));
    indicators = std::move(chosen);
  }

  report::ReportSetup setup;
  setup.indicators = std::move(indicators);
  setup.period = scope.period;
  setup.bands = AgeBandsOfProgramme(programme.data);
  setup.population_groups = PopulationGroupsOf(programme.data);
  setup.breakdown = scope.breakdown;
  setup.shared = scope.shared;
  setup.minimum_cell = scope.minimum_cell;
  setup.targets = TargetsFor(programme.data, scope.period.from, scope.period.to);
  IndicatorEngine engine(std::move(setup));
  BATON_RETURN_IF_ERROR(cache_.Use(programme.id, [&](const ProgrammeFacts& facts) {
    return FeedIndicators(ctx_, outcomes_, engine, programme, facts, params.site_id);
  }));
  Json out = engine.Finish();
  out["programme"] = {{"id", programme.id}, {"name", Str(programme.data, "name")}};
  out["site"] = scope.site;
  return out;
}

Result<ReportService::FourWs> ReportService::FourWsTable(const Principal& who, const ReportParams& params) {
  BATON_ASSIGN_OR_RETURN(Scope scope, ScopeOf(who, params, true));
  const Record& programme = scope.programme;
  Store& store = ctx_.store();
  const report::Categories categories(AgeBandsOfProgramme(programme.data), PopulationGroupsOf(programme.data));
  report::FourWsBuilder builder(categories, scope.period, scope.shared, scope.minimum_cell);

  report::FourWsHeader header;
  header.donor = Str(programme.data, "donor");
  if (Result<Record> org = store.Get("organization", Str(programme.data, "organization_id")); org.ok()) {
    header.organization = Str(org->data, "name");
    header.organization_type = Str(org->data, "type");
  }
  std::map<std::string, Json> sites;  // id -> site data
  auto site_of = [&](const std::string& id) -> const Json& {
    auto it = sites.find(id);
    if (it == sites.end()) {
      Result<Record> s = store.Get("site", id);
      it = sites.emplace(id, s.ok() ? s->data : Json::object()).first;
    }
    return it->second;
  };
  const ActivityCodeTable codes = ActivityCodesOfProgramme(programme.data);
  std::unordered_map<std::string, int32_t> activity_index;
  ListQuery q{.kind = kActivityKind, .equals = {{"programme_id", programme.id}}, .limit = 1000};
  BATON_RETURN_IF_ERROR(ForEachRecord(store, q, [&](const Record& a) {
    const std::string site = Str(a.data, "site_id");
    if (!params.site_id.empty() && site != params.site_id) return Status::Ok();
    report::FourWsActivity row;
    row.title = Str(a.data, "title");
    row.stream = Str(a.data, "stream");
    row.code = Str(a.data, "activity_code");
    if (const ActivityCode* code = codes.Find(row.code)) {
      row.code_label = code->label;
      row.mapped = code->mapped;
      row.layer = code->layer;
    }
    if (a.data.contains("pyramid_layer") && a.data["pyramid_layer"].is_number_integer()) row.layer = a.data["pyramid_layer"].get<int>();
    row.start_date = Str(a.data, "start_date");
    row.end_date = Str(a.data, "end_date");
    row.status = Str(a.data, "status");
    row.headcount = Str(a.data, "attendance_mode") == "headcount";
    const Json& s = site_of(site);
    row.site = Str(s, "name");
    row.admin1 = Str(s, "admin1");
    row.admin2 = Str(s, "admin2");
    activity_index[a.id] = builder.AddActivity(std::move(row));
    return Status::Ok();
  }));
  auto activity = [&](std::string_view id) {
    auto it = activity_index.find(std::string(id));
    return it == activity_index.end() ? -1 : it->second;
  };
  std::vector<PersonFact> people;
  BATON_RETURN_IF_ERROR(cache_.Use(programme.id, [&](const ProgrammeFacts& facts) {
    people = facts.PersonFacts(categories);
    builder.SetPeople(&people);
    std::vector<int32_t> row_of;  // the 4Ws row of each of the cache's activities
    for (const ProgrammeFacts::Activity& a : facts.activities()) row_of.push_back(activity(a.id));
    const int32_t from = DateKey(scope.period.from), to = DateKey(scope.period.to);
    for (const ProgrammeFacts::Held& held : facts.held()) {
      if (held.activity >= 0 && row_of[held.activity] >= 0 && held.date >= from && held.date <= to) builder.AddSession(row_of[held.activity]);
    }
    for (const ProgrammeFacts::Session& session : facts.sessions()) {
      if (session.activity < 0 || session.date < from || session.date > to) continue;
      const int32_t a = row_of[session.activity];
      if (a < 0) continue;
      for (const int32_t person : facts.Present(session)) {
        builder.AddAttendance(a, facts.people()[person].in_programme ? person : -1, session.date);
      }
      if (facts.activities()[session.activity].mode != "headcount") continue;
      for (const ProgrammeFacts::HeadcountCell& c : facts.Headcount(session)) {
        builder.AddHeadcount(a, categories.SexIndex(facts.Text(c.sex)), categories.BandIndexOfCode(facts.Text(c.age_band)), c.count);
      }
    }
    return Status::Ok();
  }));
  FourWs out{{{"programme", {{"id", programme.id}, {"name", Str(programme.data, "name")}}},
              {"site", scope.site},
              {"from", scope.period.from},
              {"to", scope.period.to},
              {"audience", scope.shared ? "shared" : "internal"},
              {"sensitivity", scope.shared ? "moderate" : "high"},
              {"minimum_cell", scope.minimum_cell},
              {"suppressed", "<" + std::to_string(scope.minimum_cell)}},
             builder.Build(header)};
  return out;
}

}  // namespace baton
