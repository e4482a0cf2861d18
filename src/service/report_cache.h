// What reports read most, held in memory: each programme's people as the breakdowns need them,
// its activities, its sessions, and the people present at each (or the headcount). Built by one scan of the store,
// then kept in step with the change log: every entry after the last one seen names the records to
// read again. A report over a million people and ten million attendances then reads memory, not
// the store (docs/PERFORMANCE.md). Whatever writes the log — this server, another process on the
// same PostgreSQL database, a sync or an import — the next report sees it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "report/categories.h"
#include "store/store.h"

namespace baton {

// A scanned cell, "" for null.
std::string_view ScanCell(ScanRow row, size_t i);

// Record ids to small indexes. UUIDs (every id the services make) are kept as two 64-bit halves
// in an open-addressing table — a million ids take 48 MB, where a map of strings would take several
// times that — the low half, random in a UUIDv7, as the hash; any other id in an ordinary map.
class IdIndex {
 public:
  void Add(std::string_view id, int32_t index);
  // -1 when the id is not there.
  int32_t Find(std::string_view id) const;

 private:
  struct Slot {
    uint64_t hi = 0, lo = 0;
    int32_t index = -1;
  };
  static bool Parse(std::string_view id, uint64_t& hi, uint64_t& lo);
  void Insert(uint64_t hi, uint64_t lo, int32_t index);
  void Grow();
  std::vector<Slot> slots_;
  size_t size_ = 0;
  std::unordered_map<std::string, int32_t> others_;
};

// One programme's people, activities, sessions and attendance (named, or headcounts), as of a point
// of the change log.
class ProgrammeFacts {
 public:
  struct Person {
    int32_t birth = 0;  // DateKey of birth_date_est; 0 unknown
    uint32_t sex = 0, group = 0, site = 0;  // Text ids
    int8_t disability = -1;                 // 1 yes, 0 no, -1 not recorded
    // False for an id only named by attendance so far, or a person who left the programme: their
    // attendance counts as no registered person's, as when the store is read afresh.
    bool in_programme = false;
  };
  struct Activity {
    std::string id, stream, code, site, mode;
    bool in_programme = true;
  };
  // A session's attendance: the people present, or a headcount's cells.
  struct Session {
    int32_t activity = -1;  // -1: none, or no longer of the programme
    int32_t date = 0;       // DateKey
    uint32_t begin = 0, count = 0;              // into the people present
    uint32_t cells_begin = 0, cells_count = 0;  // into the headcount cells
  };
  struct HeadcountCell {
    uint32_t sex = 0, age_band = 0;  // Text ids
    int64_t count = 0;
  };
  // A session held (the session record, whether or not its attendance is recorded).
  struct Held {
    int32_t activity = -1;
    int32_t date = 0;
  };

  explicit ProgrammeFacts(std::string programme_id) : programme_id_(std::move(programme_id)) {}

  // Every record of the programme, from the store.
  Status Load(Store& store);
  // One record of `kind` read again (person, activity, session or attendance; other kinds are
  // ignored).
  Status Reload(Store& store, std::string_view kind, const std::string& id);

  const std::string& programme_id() const { return programme_id_; }
  // A person's index while they are in the programme, else -1.
  int32_t FindPerson(std::string_view id) const;
  const std::vector<Person>& people() const { return people_; }
  std::string_view Text(uint32_t id) const { return texts_[id]; }
  // The people as one report's categories place them, by the same indexes.
  std::vector<report::PersonFact> PersonFacts(const report::Categories& categories) const;

  const std::vector<Activity>& activities() const { return activities_; }
  int32_t FindActivity(std::string_view id) const;  // -1 unknown or no longer of the programme
  const std::vector<Session>& sessions() const { return sessions_; }
  // The people present at a session: person indexes, each maybe no longer in the programme.
  std::span<const int32_t> Present(const Session& s) const { return {present_.data() + s.begin, s.count}; }
  std::span<const HeadcountCell> Headcount(const Session& s) const { return {cells_.data() + s.cells_begin, s.cells_count}; }
  const std::vector<Held>& held() const { return held_; }

 private:
  uint32_t Intern(std::string_view text);
  int32_t PersonSlot(std::string_view id);  // the person's index, made when new
  void SetPerson(ScanRow row);
  void SetActivity(ScanRow row);
  int32_t SessionSlot(std::string_view id);  // the session's index, made when new
  void Compact();
  Status ReadSessions(Store& store, std::vector<std::pair<std::string, Json>> equals);
  Status ReadHeld(Store& store, std::vector<std::pair<std::string, Json>> equals);
  // The headcounts of an activity's sessions (`activity` its index).
  Status ReadHeadcounts(Store& store, int32_t activity);
  void SetHeadcount(int32_t session, const Json& headcount);

  std::string programme_id_;
  std::vector<std::string> texts_{""};
  std::unordered_map<std::string, uint32_t> text_ids_{{"", 0}};
  IdIndex person_index_;
  std::vector<Person> people_;
  std::unordered_map<std::string, int32_t> activity_index_;
  std::vector<Activity> activities_;
  IdIndex session_index_;
  std::vector<Session> sessions_;
  std::vector<int32_t> present_;
  std::vector<HeadcountCell> cells_;
  size_t unused_ = 0, unused_cells_ = 0;  // entries no session points at any more
  IdIndex held_index_;
  std::vector<Held> held_;
};

// The facts of every programme reports have been asked of, each brought up to date with the change
// log before it is used.
class ReportCache {
 public:
  // `rebuild_after`: when more log entries than this are new, the programme is read afresh rather
  // than entry by entry.
  explicit ReportCache(Store& store, int64_t rebuild_after = 20000) : store_(store), rebuild_after_(rebuild_after) {}

  // Calls `use` with the programme's facts as of the log's head; reports of one programme wait for
  // each other, those of others do not.
  Status Use(const std::string& programme_id, const std::function<Status(const ProgrammeFacts&)>& use);

 private:
  struct Entry {
    std::mutex mu;
    int64_t seq = 0;  // the last log entry the facts include
    std::unique_ptr<ProgrammeFacts> facts;
  };
  Status CatchUp(Entry& entry, const std::string& programme_id);

  Store& store_;
  const int64_t rebuild_after_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
};

}  // namespace baton
