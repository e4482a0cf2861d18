// The people registry: register, find, read, change, consent, export, erase and merge people,
// each checked against the AccessPolicy (the role decides how much of a person is seen) and the
// identifying fields sealed under the person's own key before they enter a change set.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access_policy.h"
#include "domain/consent_policy.h"
#include "domain/persons.h"
#include "service/context.h"

namespace baton {

struct PersonListParams {
  // Typed filters: site_id, programme_id, population_group, sex, status, household_id, disability.
  std::vector<std::pair<std::string, std::string>> filters;
  std::optional<int> age_min;  // age today, inclusive
  std::optional<int> age_max;
  std::string q;               // a person code, or words of a name
  std::string cursor;
  int limit = 50;              // 1..200
};

struct PersonPage {
  std::vector<Json> items;
  std::optional<std::string> next_cursor;
};

// A person as the caller may see them, with the version for ETag. `merged_into` is set when the
// record asked for was folded into another: the caller is sent there.
struct PersonRead {
  Json view;
  int64_t version = 0;
  std::string merged_into;
};

// A registration built but not committed (for bulk paths: demo, import).
struct PreparedPerson {
  std::string id;
  std::string code;
  ChangeSet set;
};

// A stored consent record (its data and id) as the consent policy reads it; `order` breaks ties
// between records of one date (their recording order).
ConsentRecord ConsentRecordOf(const Json& data, std::string id, int64_t order);

class PersonService {
 public:
  explicit PersonService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<PersonPage> List(const Principal& who, const PersonListParams& params);
  // Logs the read (who, when, `reason`) in the access log.
  Result<PersonRead> Get(const Principal& who, std::string_view id, std::string_view reason = {});
  Result<PersonRead> Create(const Principal& who, const Json& input);
  Result<PersonRead> Update(const Principal& who, std::string_view id, const Json& patch,
                            std::optional<int64_t> if_match);
  // Likely duplicates of a person about to be registered: {"items": [{person, score, reasons}]}.
  Result<Json> Duplicates(const Principal& who, const Json& candidate);

  // {"items": [consent...] oldest first, "current": [{purpose, partner_org_id, status, date, in_force, reason}]}.
  Result<Json> Consents(const Principal& who, std::string_view person_id);
  Result<Json> AddConsent(const Principal& who, std::string_view person_id, const Json& input);

  // People as a list shows them to `who` (identity only: what attendance needs), by id; ids of
  // people `who` may not see, or that do not exist, are left out. Reads are not logged, as with a
  // list.
  Result<std::map<std::string, Json>> Summaries(const Principal& who, const std::vector<std::string>& ids);
  // The consent policy's answer for the person (a stored record) on `date`.
  Result<ConsentDecision> DecideConsent(const Record& person, ConsentPurpose purpose, std::string_view date,
                                        std::string_view partner_org_id = {});

  // Everything held on the person: profile, consents, history of changes, reads.
  Result<Json> Export(const Principal& who, std::string_view id);
  // Destroys the identifying fields (and those of records merged into this one) with a reason.
  Result<PersonRead> Erase(const Principal& who, std::string_view id, std::string_view reason);
  // Folds `duplicate_id` into `id`: the duplicate redirects to `id` from now on; both histories stay.
  Result<PersonRead> Merge(const Principal& who, std::string_view id, std::string_view duplicate_id);

  // The lists a form offers (population groups, specific needs, languages, statuses, purposes),
  // with the programme's own codes when one is named.
  Json Options(const Principal& who, std::string_view programme_id);

  // Bulk: a registration (and consents, as bodies of AddConsent) as one change set, not committed.
  // The code is allocated now.
  struct PrepareOptions {
    std::string registered_on;    // the registration date; "" = today
    std::string organization_id;  // the owner when `who` is the system (command line, demo)
    std::string code;             // use this code instead of allocating one (bulk paths number later)
    bool placement_checked = false;  // the caller checked programme and site once for many people
    std::shared_ptr<const RecordSpec> spec;  // SpecFor(the programme), when the caller has it already
    // Only check the registration (a dry run): nothing is sealed and no key or search term is
    // made, so the change set must not be committed.
    bool check_only = false;
  };
  Result<PreparedPerson> Prepare(const Principal& who, const Json& input, const std::vector<Json>& consents,
                                 const PrepareOptions& options);
  // Takes `count` code numbers for the site at once, so a bulk registration does not reserve them
  // one transaction at a time.
  Status ReserveCodes(std::string_view site_id, int64_t count);
  // The next code of the site (from a reserved block when there is one).
  Result<std::string> NewCode(const Record& site);
  // The person spec of a programme: the built-in lists plus the programme's own codes (the
  // default spec when there is no such programme; placement checks report that).
  std::shared_ptr<const RecordSpec> SpecFor(std::string_view programme_id);
  // Programme and site of a new person's state (`organization_id` set) are usable.
  Status CheckPlacement(const Json& state, bool create);

  // Brings the blind index of names up to what this version writes (kNameIndexVersion), rewriting
  // the terms of every person whose record key is held: a store written by an earlier version
  // finds its people again. Quick when the index is current; nothing to do without a data key
  // (it runs when the server next starts with one). Returns the number of people re-indexed.
  Result<int64_t> UpgradeNameIndex();
  // The blind-index terms of a person's opened sealed fields (their names).
  std::vector<int64_t> NameTerms(const Json& sealed) const;

 private:
  struct Loaded {
    Record record;
    std::string key;  // the record key, "" when destroyed (erased)
    Json sealed;      // the opened sealed fields ({} when none or destroyed)
  };
  Status RequireKeys() const;
  Result<Loaded> Load(std::string_view id, bool open_sealed);
  Result<Json> OpenedSealed(const Record& r, const std::string& key);
  Result<std::vector<Loaded>> LoadMany(std::vector<Record> records, bool open_sealed);
  // `listing`: as a list or search result shows it (at most the attendance detail).
  Json View(const Principal& who, const Loaded& p, bool listing = false) const;
  Result<std::vector<Record>> ConsentRecords(std::string_view person_id);
  // The consent's recorded_order comes from `set` (its time and the change's place in it). Without
  // `seal`, the sealed fields stay out of the change (only checked).
  Result<EntityChange> ConsentChange(const Principal& who, const Loaded& person, const Json& input,
                                     const std::vector<Record>& earlier, const ChangeSet& set, bool seal = true);
  Result<Json> PersonHistory(const Loaded& person);

  ServiceContext& ctx_;
  std::mutex specs_mu_;
  std::map<std::string, std::pair<int64_t, std::shared_ptr<const RecordSpec>>> specs_;  // programme -> (version, spec)
  std::mutex codes_mu_;
  std::map<std::string, std::pair<int64_t, int64_t>> codes_;  // site id -> [next, end) reserved numbers
};

}  // namespace baton
