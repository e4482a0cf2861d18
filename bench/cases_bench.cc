// A counselling case's page at scale, beside reading one case by id in the same run.
//   baton_cases_bench PEOPLE CASES
// seeds a fresh SQLite store with the demo's organisations and users, PEOPLE registered people
// (as `baton demo` registers them) and CASES counselling cases of some of them, each with five
// sessions (notes sealed), a PHQ-9 at baseline and endline (answers sealed, scored), a supervision
// note for every third case and a risk assessment for every seventh, written in batches of 1,000
// cases as a sync would write them. Then, for 500 random cases, it times what the case page asks
// of the server as the assigned counsellor — the case (summary and plan unsealed, the read logged),
// its sessions, supervision notes, risk assessments, outcome series and assessments — each part and
// the whole, against Store::Get of the case.
// Prints one JSON object per measurement. Not a test.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "demo_world.h"
#include "domain/dates.h"
#include "domain/instruments.h"
#include "service/data_keys.h"
#include "service/record_view.h"
#include "timing.h"

namespace fs = std::filesystem;
using namespace baton;

namespace {

using bench::Ms;
using bench::Percentile;
using bench::Steady;

constexpr int kQueries = 500;
constexpr size_t kBatch = 1000;

struct Seeder {
  Services& s;
  std::mt19937 draw{2016};

  // A record created in `set` with `sealed` sealed under its own new key.
  void Add(ChangeSet& set, const char* kind, const std::string& id, Json state, const Json& sealed) {
    EntityChange change{kind, id, ChangeOp::kCreate, Json(), {}};
    const std::string key = s.ctx.keys().NewRecordKey(s.ctx.random());
    state["sealed"] = SealFields(key, kind, id, sealed, s.ctx.random());
    change.local.record_key = s.ctx.keys().Wrap(key, kind, id, s.ctx.random());
    change.patch = std::move(state);
    set.changes.push_back(std::move(change));
  }

  Json Phq9(int total) {
    std::vector<int> items(9, 0);
    for (int left = total; left > 0;) {
      int& item = items[draw() % 8];
      if (item < 3) --left, ++item;
    }
    return Json(items);
  }

  // One case with its work, as one change set.
  ChangeSet Case(const Principal& counsellor, const Principal& supervisor, const Record& person, int n) {
    ChangeSet set = s.ctx.NewChangeSet(counsellor);
    const std::string opened = AddDays("2014-09-01", static_cast<int>(draw() % 1000));
    const std::string id = s.ctx.NewId();
    const Json common = {{"organization_id", person.data["organization_id"]},
                         {"programme_id", person.data["programme_id"]},
                         {"person_id", person.id}};
    Json c = common;
    c.update({{"site_id", person.data["site_id"]}, {"counsellor_id", counsellor.user_id},
              {"supervisor_id", supervisor.user_id}, {"opened_on", opened}, {"status", n % 10 == 0 ? "active" : "closed"},
              {"active", true}, {"last_session_on", AddDays(opened, 35)}});
    if (n % 10 != 0) {
      c.update({{"closure_reason", "goals_met"}, {"outcome", "improved"}, {"closed_on", AddDays(opened, 40)},
                {"closure_signed_by", supervisor.user_id}});
    } else {
      c["next_follow_up"] = AddDays(opened, 42);
    }
    Add(set, "case", id, c,
        {{"summary", "Cannot sleep since the fighting; wakes at night afraid."},
         {"plan", {{"goals", {{{"text", "Sleep through most nights"}, {"status", "open"}}}}}}});
    for (int k = 0; k < 5; ++k) {
      Json session = common;
      session.update({{"case_id", id}, {"counsellor_id", counsellor.user_id}, {"date", AddDays(opened, 7 * k)},
                      {"type", "individual"}, {"duration_minutes", 45}, {"attended", true}, {"active", true}});
      if (k < 4) session["next_appointment"] = AddDays(opened, 7 * k + 7);
      Add(set, "case_session", s.ctx.NewId(), session, {{"notes", "Practised slow breathing; agreed to try it before sleep."}});
    }
    const Instrument& phq9 = *FindBuiltinInstrument("phq9");
    const int before = 10 + static_cast<int>(draw() % 13);
    for (auto [timepoint, total, date] : {std::tuple{"baseline", before, opened}, std::tuple{"endline", before / 2, AddDays(opened, 35)}}) {
      const Json answers = Phq9(total);
      std::vector<std::optional<int>> values;
      for (const Json& a : answers) values.emplace_back(a.get<int>());
      Json a = common;
      a.update(ScoreJson(ScoreAnswers(phq9, values)));
      a.update({{"case_id", id}, {"instrument", "phq9"}, {"instrument_version", phq9.version}, {"timepoint", timepoint},
                {"date", date}, {"assessed_by", counsellor.user_id}, {"active", true}});
      Add(set, "assessment", s.ctx.NewId(), a, {{"answers", answers}});
    }
    if (n % 3 == 0) {
      Json note = common;
      note.update({{"case_id", id}, {"supervisor_id", supervisor.user_id}, {"date", AddDays(opened, 14)}});
      Add(set, "supervision", s.ctx.NewId(), note, {{"note", "Good rapport; keep to one problem at a time."}});
    }
    if (n % 7 == 0) {
      Json risk = common;
      risk.update({{"case_id", id}, {"date", AddDays(opened, 7)}, {"self_harm", "low"}, {"level", "low"},
                   {"assessed_by", counsellor.user_id}, {"active", true}});
      Add(set, "risk_assessment", s.ctx.NewId(), risk, {{"details", "No plan or intent; knows whom to call."}});
    }
    return set;
  }
};

void Print(const char* bench, const std::vector<double>& v, const std::string& extra = "") {
  std::printf("{\"bench\":\"%s\",\"p50_ms\":%.3f,\"p99_ms\":%.3f%s}\n", bench, Percentile(v, 0.5), Percentile(v, 0.99),
              extra.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const int people = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
  const int cases = argc > 2 ? std::atoi(argv[2]) : 100'000;
  if (people < 1 || cases < 1 || cases > people) {
    std::fprintf(stderr, "usage: baton_cases_bench PEOPLE CASES (CASES <= PEOPLE)\n");
    return 2;
  }
  const fs::path dir = fs::temp_directory_path() / ("baton-cases-bench-" + std::to_string(::getpid()));
  bench::DemoWorld w = bench::OpenDemoWorld(dir);
  Services& s = *w.services;
  auto login = [&](const char* user) { return std::move(s.auth.Login(user, "baton-demo", "127.0.0.1")).value().principal; };
  const Principal counsellor = login("iom.counsellor");
  const Principal supervisor = login("iom.supervisor");
  const std::string alarm = w.store->List({.kind = "organization", .equals = {{"code", "alarm"}}, .limit = 1})->items[0].id;

  auto t0 = Steady::now();
  if (Status st = SeedDemoPeople(s, people, w.org, w.site, w.programme, alarm); !st.ok()) {
    std::fprintf(stderr, "people: %s\n", st.ToString().c_str());
    return 1;
  }
  const double people_s = Ms(t0, Steady::now()) / 1000;
  std::fprintf(stderr, "people: %d registered in %.1f s\n", people, people_s);

  // Every (people / cases)-th person has a case.
  std::vector<Record> clients;
  const int every = people / cases;
  int n = 0;
  if (Status st = ForEachRecord(*w.store, {.kind = "person", .equals = {{"programme_id", w.programme}}, .limit = 1000},
                                [&](const Record& p) {
                                  if (n++ % every == 0 && static_cast<int>(clients.size()) < cases) clients.push_back(p);
                                  return Status::Ok();
                                });
      !st.ok()) {
    std::fprintf(stderr, "people: %s\n", st.ToString().c_str());
    return 1;
  }
  Seeder seeder{s};
  t0 = Steady::now();
  std::vector<ChangeSet> batch;
  int64_t records = 0;
  for (size_t i = 0; i < clients.size(); ++i) {
    batch.push_back(seeder.Case(counsellor, supervisor, clients[i], static_cast<int>(i)));
    records += static_cast<int64_t>(batch.back().changes.size());
    if (batch.size() == kBatch || i + 1 == clients.size()) {
      if (Status st = w.store->CommitBatch(std::move(batch)).status(); !st.ok()) {
        std::fprintf(stderr, "cases: %s\n", st.ToString().c_str());
        return 1;
      }
      batch.clear();
    }
  }
  const double cases_s = Ms(t0, Steady::now()) / 1000;
  std::fprintf(stderr, "cases: %zu with %lld records in %.1f s\n", clients.size(), static_cast<long long>(records), cases_s);
  std::printf("{\"bench\":\"seed\",\"people\":%d,\"people_s\":%.1f,\"cases\":%zu,\"records\":%lld,\"cases_s\":%.1f,"
              "\"records_per_s\":%.0f}\n",
              people, people_s, clients.size(), static_cast<long long>(records), cases_s, records / cases_s);

  // The case ids, in the order written.
  std::vector<std::string> ids;
  if (Status st = ForEachRecord(*w.store, {.kind = "case", .limit = 1000}, [&](const Record& c) {
        ids.push_back(c.id);
        return Status::Ok();
      });
      !st.ok()) {
    return 1;
  }
  std::mt19937 pick(7);
  std::vector<double> page, get, sessions, supervision, risk, outcomes, assessments, reference;
  int bad = 0;
  for (int q = 0; q < kQueries; ++q) {
    const std::string& id = ids[pick() % ids.size()];
    auto timed = [&](std::vector<double>& into, auto&& call) {
      const auto a = Steady::now();
      const bool ok = call().ok();
      into.push_back(Ms(a, Steady::now()));
      if (!ok) ++bad;
    };
    const auto start = Steady::now();
    timed(get, [&] { return s.cases.Get(counsellor, id); });
    timed(sessions, [&] { return s.cases.Sessions(counsellor, id); });
    timed(supervision, [&] { return s.cases.Supervisions(counsellor, id); });
    timed(risk, [&] { return s.risk.AssessmentsOfCase(counsellor, id); });
    timed(outcomes, [&] { return s.outcomes.Outcomes(counsellor, id); });
    timed(assessments, [&] { return s.outcomes.List(counsellor, {.case_id = id}); });
    page.push_back(Ms(start, Steady::now()));
    timed(reference, [&] { return w.store->Get("case", id).status(); });
  }
  Print("page", page, ",\"errors\":" + std::to_string(bad));
  Print("case", get);
  Print("sessions", sessions);
  Print("supervision", supervision);
  Print("risk", risk);
  Print("outcomes", outcomes);
  Print("assessments", assessments);
  Print("get_by_id", reference);
  std::printf("{\"bench\":\"size\",\"bytes\":%lld}\n", static_cast<long long>(fs::file_size(dir / "baton.db")));
  w.services.reset();
  w.store->Close();
  fs::remove_all(dir);
  return 0;
}
