#include "service/report_cache.h"

#include <algorithm>
#include <set>
#include <utility>

#include "changes/change_set.h"
#include "domain/activities.h"
#include "service/activity_records.h"
#include "service/record_view.h"

namespace baton {

std::string_view ScanCell(ScanRow row, size_t i) { return row[i].value_or(std::string_view()); }

void IdIndex::Add(std::string_view id, int32_t index) {
  uint64_t hi = 0, lo = 0;
  if (!Parse(id, hi, lo)) {
    others_.emplace(std::string(id), index);
    return;
  }
  if (2 * (size_ + 1) > slots_.size()) Grow();
  Insert(hi, lo, index);
}

int32_t IdIndex::Find(std::string_view id) const {
  uint64_t hi = 0, lo = 0;
  if (!Parse(id, hi, lo)) {
    auto it = others_.find(std::string(id));
    return it == others_.end() ? -1 : it->second;
  }
  if (slots_.empty()) return -1;
  for (size_t i = lo & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
    const Slot& s = slots_[i];
    if (s.index < 0) return -1;
    if (s.hi == hi && s.lo == lo) return s.index;
  }
}

// The canonical lower-case form (base/ids IsUuid), read in the same pass that checks it.
bool IdIndex::Parse(std::string_view id, uint64_t& hi, uint64_t& lo) {
  if (id.size() != 36) return false;
  int nibbles = 0;
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
      continue;
    }
    uint64_t v = 0;
    if (c >= '0' && c <= '9') {
      v = static_cast<uint64_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v = static_cast<uint64_t>(c - 'a' + 10);
    } else {
      return false;
    }
    uint64_t& half = nibbles++ < 16 ? hi : lo;
    half = half << 4 | v;
  }
  return true;
}

void IdIndex::Insert(uint64_t hi, uint64_t lo, int32_t index) {
  for (size_t i = lo & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
    Slot& s = slots_[i];
    if (s.index < 0) {
      s = {hi, lo, index};
      ++size_;
      return;
    }
    if (s.hi == hi && s.lo == lo) return;
  }
}

void IdIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(std::max<size_t>(16, old.size() * 2), Slot{});
  size_ = 0;
  for (const Slot& s : old) {
    if (s.index >= 0) Insert(s.hi, s.lo, s.index);
  }
}

namespace {

const std::vector<std::string> kPersonColumns = {"id", "sex", "birth_date_est", "population_group", "disability", "site_id"};
const std::vector<std::string> kActivityColumns = {"id", "stream", "activity_code", "site_id", "attendance_mode"};

}  // namespace

uint32_t ProgrammeFacts::Intern(std::string_view text) {
  auto [it, added] = text_ids_.try_emplace(std::string(text), static_cast<uint32_t>(texts_.size()));
  if (added) texts_.push_back(it->first);
  return it->second;
}

int32_t ProgrammeFacts::PersonSlot(std::string_view id) {
  int32_t i = person_index_.Find(id);
  if (i < 0) {
    i = static_cast<int32_t>(people_.size());
    person_index_.Add(id, i);
    people_.emplace_back();
  }
  return i;
}

int32_t ProgrammeFacts::FindPerson(std::string_view id) const {
  const int32_t i = person_index_.Find(id);
  return i >= 0 && people_[i].in_programme ? i : -1;
}

void ProgrammeFacts::SetPerson(ScanRow row) {
  Person& p = people_[PersonSlot(ScanCell(row, 0))];
  p.sex = Intern(ScanCell(row, 1));
  p.birth = report::DateKey(ScanCell(row, 2));
  p.group = Intern(ScanCell(row, 3));
  p.disability = !row[4] ? int8_t{-1} : ScanCell(row, 4) == "1" ? int8_t{1} : int8_t{0};
  p.site = Intern(ScanCell(row, 5));
  p.in_programme = true;
}

std::vector<report::PersonFact> ProgrammeFacts::PersonFacts(const report::Categories& categories) const {
  std::vector<uint8_t> sex(texts_.size());
  std::vector<uint16_t> group(texts_.size());
  for (size_t t = 0; t < texts_.size(); ++t) {
    sex[t] = categories.SexIndex(texts_[t]);
    group[t] = categories.GroupIndex(texts_[t]);
  }
  const uint8_t disability[] = {categories.DisabilityIndex(nullptr), categories.DisabilityIndex(false),
                                categories.DisabilityIndex(true)};
  std::vector<report::PersonFact> out;
  out.reserve(people_.size());
  for (const Person& p : people_) out.push_back({p.birth, group[p.group], sex[p.sex], disability[p.disability + 1]});
  return out;
}

int32_t ProgrammeFacts::FindActivity(std::string_view id) const {
  auto it = activity_index_.find(std::string(id));
  return it == activity_index_.end() || !activities_[it->second].in_programme ? -1 : it->second;
}

void ProgrammeFacts::SetActivity(ScanRow row) {
  const std::string id(ScanCell(row, 0));
  auto [it, added] = activity_index_.try_emplace(id, static_cast<int32_t>(activities_.size()));
  if (added) activities_.emplace_back();
  activities_[it->second] = {id,
                             std::string(ScanCell(row, 1)),
                             std::string(ScanCell(row, 2)),
                             std::string(ScanCell(row, 3)),
                             std::string(ScanCell(row, 4)),
                             true};
}

int32_t ProgrammeFacts::SessionSlot(std::string_view id) {
  int32_t s = session_index_.Find(id);
  if (s < 0) {
    s = static_cast<int32_t>(sessions_.size());
    session_index_.Add(id, s);
    Session fresh;
    fresh.begin = static_cast<uint32_t>(present_.size());
    fresh.cells_begin = static_cast<uint32_t>(cells_.size());
    sessions_.push_back(fresh);
  }
  return s;
}

// Rows of a session's present people; a session's run of present_ grows at the end, and moves
// there first when another's run follows it (rows of one session usually come together).
Status ProgrammeFacts::ReadSessions(Store& store, std::vector<std::pair<std::string, Json>> equals) {
  Status st = store.Scan({.kind = kAttendanceKind,
                          .equals = std::move(equals),
                          .columns = {"id", "activity_id", "date"},
                          .element = "attendance",
                          .element_columns = {"person_id", "present"}},
                         [&, last = std::string(), s = int32_t{-1}](ScanRow row) mutable {
                           if (ScanCell(row, 0) != last) {
                             last = ScanCell(row, 0);
                             s = SessionSlot(last);
                             sessions_[s].activity = FindActivity(ScanCell(row, 1));
                             sessions_[s].date = report::DateKey(ScanCell(row, 2));
                           }
                           Session& x = sessions_[s];
                           // A training's participant (no person_id), or absent.
                           if (!row[3] || ScanCell(row, 4) != "1") return;
                           if (x.begin + x.count != present_.size()) {
                             const size_t end = present_.size();
                             present_.resize(end + x.count);
                             std::copy_n(present_.begin() + x.begin, x.count, present_.begin() + end);
                             unused_ += x.count;
                             x.begin = static_cast<uint32_t>(end);
                           }
                           present_.push_back(PersonSlot(ScanCell(row, 3)));
                           ++x.count;
                         });
  if (st.ok() && unused_ + unused_cells_ > 1024 && 2 * (unused_ + unused_cells_) > present_.size() + cells_.size()) Compact();
  return st;
}

Status ProgrammeFacts::ReadHeld(Store& store, std::vector<std::pair<std::string, Json>> equals) {
  return store.Scan({.kind = kSessionKind, .equals = std::move(equals), .columns = {"id", "activity_id", "date", "programme_id"}},
                    [&](ScanRow row) {
                      int32_t h = held_index_.Find(ScanCell(row, 0));
                      if (h < 0) {
                        if (ScanCell(row, 3) != programme_id_) return;
                        h = static_cast<int32_t>(held_.size());
                        held_index_.Add(ScanCell(row, 0), h);
                        held_.emplace_back();
                      }
                      held_[h] = {ScanCell(row, 3) == programme_id_ ? FindActivity(ScanCell(row, 1)) : -1,
                                  report::DateKey(ScanCell(row, 2))};
                    });
}

void ProgrammeFacts::SetHeadcount(int32_t session, const Json& headcount) {
  Session& x = sessions_[session];
  unused_cells_ += x.cells_count;
  x.cells_begin = static_cast<uint32_t>(cells_.size());
  x.cells_count = 0;
  for (const baton::HeadcountCell& c : HeadcountCells(headcount)) {
    cells_.push_back({Intern(c.sex), Intern(c.age_band), c.count});
    ++x.cells_count;
  }
}

Status ProgrammeFacts::ReadHeadcounts(Store& store, int32_t activity) {
  // By activity alone, so that the store reads that activity's index.
  ListQuery q{.kind = kAttendanceKind, .equals = {{"activity_id", activities_[activity].id}}, .limit = 1000};
  return ForEachRecord(store, q, [&](const Record& r) {
    if (!r.data.contains("headcount") || Str(r.data, "programme_id") != programme_id_) return Status::Ok();
    const int32_t s = SessionSlot(r.id);
    sessions_[s].activity = activity;
    sessions_[s].date = report::DateKey(Str(r.data, "date"));
    SetHeadcount(s, r.data["headcount"]);
    return Status::Ok();
  });
}

void ProgrammeFacts::Compact() {
  std::vector<int32_t> kept;
  std::vector<HeadcountCell> kept_cells;
  kept.reserve(present_.size() - unused_);
  kept_cells.reserve(cells_.size() - unused_cells_);
  for (Session& s : sessions_) {
    const uint32_t begin = static_cast<uint32_t>(kept.size()), cells_begin = static_cast<uint32_t>(kept_cells.size());
    kept.insert(kept.end(), present_.begin() + s.begin, present_.begin() + s.begin + s.count);
    kept_cells.insert(kept_cells.end(), cells_.begin() + s.cells_begin, cells_.begin() + s.cells_begin + s.cells_count);
    s.begin = begin;
    s.cells_begin = cells_begin;
  }
  present_ = std::move(kept);
  cells_ = std::move(kept_cells);
  unused_ = unused_cells_ = 0;
}

Status ProgrammeFacts::Load(Store& store) {
  const std::vector<std::pair<std::string, Json>> in_programme = {{"programme_id", programme_id_}};
  BATON_RETURN_IF_ERROR(store.Scan({.kind = "person", .equals = in_programme, .columns = kPersonColumns},
                                   [&](ScanRow row) { SetPerson(row); }));
  BATON_RETURN_IF_ERROR(store.Scan({.kind = kActivityKind, .equals = in_programme, .columns = kActivityColumns},
                                   [&](ScanRow row) { SetActivity(row); }));
  BATON_RETURN_IF_ERROR(ReadHeld(store, in_programme));
  for (size_t a = 0; a < activities_.size(); ++a) {
    if (activities_[a].mode == "headcount") BATON_RETURN_IF_ERROR(ReadHeadcounts(store, static_cast<int32_t>(a)));
  }
  return ReadSessions(store, in_programme);
}

Status ProgrammeFacts::Reload(Store& store, std::string_view kind, const std::string& id) {
  const std::vector<std::pair<std::string, Json>> equals = {{"id", id}, {"programme_id", programme_id_}};
  if (kind == "person") {
    const int32_t known = person_index_.Find(id);
    if (known >= 0) people_[known].in_programme = false;  // until the store says it still is
    return store.Scan({.kind = "person", .equals = equals, .columns = kPersonColumns}, [&](ScanRow row) { SetPerson(row); });
  }
  if (kind == kActivityKind) {
    auto it = activity_index_.find(id);
    const bool was_in = it != activity_index_.end() && activities_[it->second].in_programme;
    const std::string mode = it == activity_index_.end() ? "" : activities_[it->second].mode;
    if (it != activity_index_.end()) activities_[it->second].in_programme = false;
    BATON_RETURN_IF_ERROR(
        store.Scan({.kind = kActivityKind, .equals = equals, .columns = kActivityColumns}, [&](ScanRow row) { SetActivity(row); }));
    const int32_t now = FindActivity(id);
    if (was_in && now < 0) {  // left the programme: its sessions count no more
      for (Session& s : sessions_) {
        if (s.activity == it->second) s.activity = -1;
      }
      for (Held& h : held_) {
        if (h.activity == it->second) h.activity = -1;
      }
      return Status::Ok();
    }
    if (now < 0) return Status::Ok();
    if (!was_in) {  // joined it: sessions read before it now find it
      // By activity alone, so that the store reads that activity's index.
      const std::vector<std::pair<std::string, Json>> of_activity = {{"activity_id", id}};
      BATON_RETURN_IF_ERROR(
          store.Scan({.kind = kAttendanceKind, .equals = of_activity, .columns = {"id", "programme_id"}}, [&](ScanRow row) {
            const int32_t s = session_index_.Find(ScanCell(row, 0));
            if (s >= 0 && ScanCell(row, 1) == programme_id_) sessions_[s].activity = now;
          }));
      BATON_RETURN_IF_ERROR(ReadHeld(store, of_activity));
    }
    if (activities_[now].mode == "headcount" && (!was_in || mode != "headcount")) return ReadHeadcounts(store, now);
    return Status::Ok();
  }
  if (kind == kSessionKind) {
    if (const int32_t h = held_index_.Find(id); h >= 0) held_[h].activity = -1;  // until the store says it still is
    return ReadHeld(store, equals);
  }
  if (kind == kAttendanceKind) {
    if (const int32_t s = session_index_.Find(id); s >= 0) {  // read afresh: its people may have gone
      unused_ += sessions_[s].count;
      unused_cells_ += sessions_[s].cells_count;
      sessions_[s].activity = -1;
      sessions_[s].count = sessions_[s].cells_count = 0;
    }
    BATON_RETURN_IF_ERROR(ReadSessions(store, equals));
    if (const int32_t s = session_index_.Find(id); s >= 0 && sessions_[s].count > 0) return Status::Ok();
    // No one named: a headcount, maybe.
    Result<Record> r = store.Get(kAttendanceKind, id);
    if (!r.ok()) return r.status().code() == Code::kNotFound ? Status::Ok() : r.status();
    if (!r->data.contains("headcount") || Str(r->data, "programme_id") != programme_id_) return Status::Ok();
    const int32_t s = SessionSlot(id);
    sessions_[s].activity = FindActivity(Str(r->data, "activity_id"));
    sessions_[s].date = report::DateKey(Str(r->data, "date"));
    SetHeadcount(s, r->data["headcount"]);
    return Status::Ok();
  }
  return Status::Ok();
}

Status ReportCache::Use(const std::string& programme_id, const std::function<Status(const ProgrammeFacts&)>& use) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::shared_ptr<Entry>& slot = entries_[programme_id];
    if (!slot) slot = std::make_shared<Entry>();
    entry = slot;
  }
  std::lock_guard<std::mutex> lock(entry->mu);
  Status st = CatchUp(*entry, programme_id);
  if (!st.ok()) {
    entry->facts.reset();  // never kept half brought up to date
    return st;
  }
  return use(*entry->facts);
}

Status ReportCache::CatchUp(Entry& entry, const std::string& programme_id) {
  BATON_ASSIGN_OR_RETURN(auto head, store_.Head());
  const int64_t head_seq = head.first;
  if (entry.facts && head_seq == entry.seq) return Status::Ok();
  if (!entry.facts || head_seq < entry.seq || head_seq - entry.seq > rebuild_after_) {
    auto facts = std::make_unique<ProgrammeFacts>(programme_id);
    BATON_RETURN_IF_ERROR(facts->Load(store_));  // entries after head_seq are read again next time
    entry.facts = std::move(facts);
    entry.seq = head_seq;
    return Status::Ok();
  }
  std::set<std::pair<std::string, std::string>> changed;  // (kind, id)
  int64_t seq = entry.seq;
  while (seq < head_seq) {
    BATON_ASSIGN_OR_RETURN(std::vector<StoredEntry> rows, store_.ReadLog(seq, 1000));
    if (rows.empty()) break;
    for (const StoredEntry& row : rows) {
      BATON_ASSIGN_OR_RETURN(LogEntry e, ParseEntry(row.body, row.hash));
      for (const EntityChange& c : e.set.changes) {
        if (c.kind == "person" || c.kind == kActivityKind || c.kind == kSessionKind || c.kind == kAttendanceKind) {
          changed.emplace(c.kind, c.id);
        }
      }
      seq = row.seq;
    }
  }
  // Activities first, so that sessions read after them find theirs.
  for (const char* kind : {kActivityKind, "person", kSessionKind, kAttendanceKind}) {
    for (const auto& [k, id] : changed) {
      if (k == kind) BATON_RETURN_IF_ERROR(entry.facts->Reload(store_, k, id));
    }
  }
  entry.seq = seq;
  return Status::Ok();
}

}  // namespace baton
