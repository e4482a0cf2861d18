// Counselling cases for benchmarks, written as a sync writes them: each case of a person of the
// programme with five sessions (notes sealed), a PHQ-9 at baseline and endline (answers sealed,
// scored), a supervision note for every third case and a risk assessment for every seventh, one
// change set per case, committed in batches of 1,000. Nine in ten are closed, improved.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "domain/dates.h"
#include "domain/instruments.h"
#include "service/data_keys.h"
#include "service/record_view.h"
#include "service/services.h"

namespace baton::bench {

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

// Opens `cases` cases, of every (people / cases)-th person of the programme, assigned to
// `counsellor` and supervised by `supervisor`; returns how many records were written.
inline Result<int64_t> SeedCases(Services& s, Store& store, const Principal& counsellor, const Principal& supervisor,
                                 const std::string& programme, int64_t people, int64_t cases) {
  std::vector<Record> clients;
  const int64_t every = std::max<int64_t>(1, people / cases);
  int64_t n = 0;
  BATON_RETURN_IF_ERROR(ForEachRecord(store, {.kind = "person", .equals = {{"programme_id", programme}}, .limit = 1000},
                                      [&](const Record& p) {
                                        if (n++ % every == 0 && static_cast<int64_t>(clients.size()) < cases) clients.push_back(p);
                                        return Status::Ok();
                                      }));
  Seeder seeder{s};
  std::vector<ChangeSet> batch;
  int64_t records = 0;
  for (size_t i = 0; i < clients.size(); ++i) {
    batch.push_back(seeder.Case(counsellor, supervisor, clients[i], static_cast<int>(i)));
    records += static_cast<int64_t>(batch.back().changes.size());
    if (batch.size() == 1000 || i + 1 == clients.size()) {
      BATON_RETURN_IF_ERROR(store.CommitBatch(std::move(batch)).status());
      batch.clear();
    }
  }
  return records;
}

}  // namespace baton::bench
