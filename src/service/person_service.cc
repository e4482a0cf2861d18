#include "service/person_service.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "base/clock.h"
#include "base/crypto.h"
#include "domain/consent_policy.h"
#include "domain/dates.h"
#include "domain/duplicates.h"
#include "domain/name_match.h"
#include "domain/person_code.h"
#include "domain/washington_group.h"
#include "service/placement.h"
#include "service/record_view.h"
#include "store/schema.h"

namespace baton {
namespace {

constexpr const char* kPerson = "person";
constexpr const char* kConsent = "consent";
constexpr int kMaxConsents = 1000;
constexpr int kMaxHistory = 10000;

// Person fields a client never sends: kept by the service.
const std::vector<std::string>& Computed() {
  static const std::vector<std::string> v = {"sealed", "birth_date_est", "age_recorded_on", "erase_reason"};
  return v;
}

AccessTarget TargetOfPerson(const Record& r) { return {r.data.value("organization_id", ""), "", {}}; }


ConsentRecord ToConsentRecord(const Record& r, int64_t order) { return ConsentRecordOf(r.data, r.id, order); }

// Splits validated person input into stored fields and sealed ones.
void SplitSealed(Json& input, Json& sealed) {
  for (const std::string& f : PersonSealedFields()) {
    if (!input.contains(f)) continue;
    if (input[f].is_null() || (input[f].is_string() && input[f].get<std::string>().empty())) {
      sealed.erase(f);
    } else {
      sealed[f] = input[f];
    }
    input.erase(f);
  }
}

// Derived fields of a person's state: the estimated birth date used for ages, and the disability flag.
// The plain birth_date_est keeps only the month of an exact birth date (the day is sealed with the
// names), which is enough for ages in reports and filters and no more identifying than it must be.
void Derive(Json& state, const std::string& today) {
  if (!Has(state, "age_estimated")) state["age_estimated"] = !Has(state, "birth_date");
  if (Has(state, "birth_date")) {
    state["birth_date_est"] = state["birth_date"].get<std::string>().substr(0, 8) + "15";
    state.erase("age_recorded_on");
  } else if (Has(state, "age_years")) {
    std::string on = Has(state, "age_recorded_on") ? state["age_recorded_on"].get<std::string>() : today;
    state["age_recorded_on"] = on;
    state["birth_date_est"] = AddYears(on, -state["age_years"].get<int>());
  }
  if (Has(state, "wg_ss")) {
    auto flag = WgssDisability(state["wg_ss"]);
    if (flag) state["disability"] = *flag;
    else state.erase("disability");
  } else {
    state.erase("disability");
  }
}

}  // namespace

Status PersonService::RequireKeys() const {
  if (ctx_.keys().present()) return Status::Ok();
  return Status::Unavailable("this server was started without a data key, so people cannot be registered or read");
}

Result<Json> PersonService::OpenedSealed(const Record& r, const std::string& key) {
  if (key.empty() || !Has(r.data, "sealed")) return Json::object();
  return OpenFields(key, r.kind, r.id, r.data["sealed"].get<std::string>());
}

Result<PersonService::Loaded> PersonService::Load(std::string_view id, bool open_sealed) {
  auto r = ctx_.store().Get(kPerson, id);
  if (!r.ok()) {
    if (r.status().code() == Code::kNotFound) return Status::NotFound("no person with id " + std::string(id));
    return r.status();
  }
  std::vector<Record> one;
  one.push_back(std::move(*r));
  BATON_ASSIGN_OR_RETURN(std::vector<Loaded> loaded, LoadMany(std::move(one), open_sealed));
  return std::move(loaded[0]);
}

Result<std::vector<PersonService::Loaded>> PersonService::LoadMany(std::vector<Record> records, bool open_sealed) {
  std::vector<Loaded> out;
  out.reserve(records.size());
  std::map<std::string, std::string> wrapped;
  if (open_sealed && !records.empty()) {
    std::vector<std::string> ids;
    for (const Record& r : records) ids.push_back(r.id);
    BATON_ASSIGN_OR_RETURN(wrapped, ctx_.store().GetRecordKeys(records[0].kind, ids));
  }
  for (Record& r : records) {
    Loaded p{std::move(r), "", Json::object()};
    if (auto it = wrapped.find(p.record.id); it != wrapped.end()) {
      BATON_ASSIGN_OR_RETURN(p.key, ctx_.keys().Unwrap(it->second, p.record.kind, p.record.id));
      BATON_ASSIGN_OR_RETURN(p.sealed, OpenedSealed(p.record, p.key));
    }
    out.push_back(std::move(p));
  }
  return out;
}

Json PersonService::View(const Principal& who, const Loaded& p, bool listing) const {
  PersonDetail detail = AccessPolicy::PersonDetailFor(who, TargetOfPerson(p.record));
  // A list is for finding someone: identity only. Contact details, notes and protection details
  // show when the person is opened, and that read is logged.
  if (listing) detail = std::min(detail, PersonDetail::kAttendance);
  Json full = p.record.data;
  for (const std::string& f : Computed()) full.erase(f);
  for (auto it = p.sealed.begin(); it != p.sealed.end(); ++it) full[it.key()] = *it;
  full["id"] = p.record.id;
  full["version"] = p.record.version;
  full["created_at"] = FormatTimestamp(p.record.created_ms);
  full["updated_at"] = FormatTimestamp(p.record.updated_ms);
  if (Has(p.sealed, "birth_date")) {
    full["age_years"] = YearsBetween(p.sealed["birth_date"].get<std::string>(), ctx_.Today());
  } else if (Has(p.record.data, "birth_date_est")) {
    full["age_years"] = YearsBetween(p.record.data["birth_date_est"].get<std::string>(), ctx_.Today());
  }
  if (!full.contains("disability")) full["disability"] = nullptr;
  if (!full.contains("specific_needs")) full["specific_needs"] = Json::array();
  if (detail == PersonDetail::kFull && Has(p.record.data, "erase_reason")) {
    auto reason = ctx_.keys().OpenShared(p.record.data["erase_reason"].get<std::string>(), "erase:" + p.record.id);
    if (reason.ok()) full["erase_reason"] = *reason;
  }
  Json out = Json::object();
  for (auto it = full.begin(); it != full.end(); ++it) {
    if (PersonFieldVisible(detail, it.key())) out[it.key()] = *it;
  }
  return out;
}

std::vector<int64_t> PersonService::NameTerms(const Json& sealed) const {
  std::vector<std::string> parts;
  for (const char* f : {"given_name", "family_name", "other_names"}) parts.push_back(Str(sealed, f));
  // The sound of each name word and of each pair of them: every spelling of a word (the exact one
  // included) has the same terms.
  std::set<int64_t> terms;
  for (const std::string& word : NameIndexWords(NameTokensOf(parts))) terms.insert(ctx_.keys().Term(word));
  return {terms.begin(), terms.end()};
}

namespace {
// 1: a term per word's sound. 2: and one per pair of sounds (NameIndexWords).
constexpr std::string_view kNameIndexVersion = "2";
constexpr std::string_view kNameIndexMeta = "person_name_index";
}  // namespace

Result<int64_t> PersonService::UpgradeNameIndex() {
  if (!ctx_.keys().present()) return int64_t{0};
  BATON_ASSIGN_OR_RETURN(std::optional<std::string> version, ctx_.store().GetMeta(kNameIndexMeta));
  if (version == kNameIndexVersion) return int64_t{0};
  int64_t done = 0;
  ListQuery q{.kind = kPerson, .limit = 1000};
  for (;;) {
    BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
    if (page.items.empty()) break;
    q.after_id = page.items.back().id;
    BATON_ASSIGN_OR_RETURN(std::vector<Loaded> loaded, LoadMany(std::move(page.items), true));
    std::vector<Store::EntityTerms> terms;
    for (const Loaded& p : loaded) {
      // Erased people keep no key, merged ones answer through their survivor: neither is indexed.
      if (p.key.empty() || Str(p.record.data, "status") == "merged") continue;
      terms.emplace_back(p.record.id, NameTerms(p.sealed));
    }
    BATON_RETURN_IF_ERROR(ctx_.store().ReplaceTerms(kPerson, terms));
    done += static_cast<int64_t>(terms.size());
    if (!page.has_more) break;
  }
  BATON_RETURN_IF_ERROR(ctx_.store().PutMeta(kNameIndexMeta, kNameIndexVersion));
  return done;
}

Status PersonService::ReserveCodes(std::string_view site_id, int64_t count) {
  BATON_ASSIGN_OR_RETURN(int64_t last, ctx_.store().NextCounter("person_code:" + std::string(site_id), count));
  std::lock_guard lock(codes_mu_);
  codes_[std::string(site_id)] = {last - count + 1, last + 1};
  return Status::Ok();
}

Result<std::string> PersonService::NewCode(const Record& site) {
  int64_t n = 0;
  {
    std::lock_guard lock(codes_mu_);
    auto it = codes_.find(site.id);
    if (it != codes_.end() && it->second.first < it->second.second) n = it->second.first++;
  }
  if (n == 0) {
    // A block at a time, so a registration costs one durable write, not two; numbers left unused
    // when the server stops are simply never issued.
    constexpr int64_t kBlock = 16;
    BATON_ASSIGN_OR_RETURN(int64_t last, ctx_.store().NextCounter("person_code:" + site.id, kBlock));
    std::lock_guard lock(codes_mu_);
    n = last - kBlock + 1;
    codes_[site.id] = {n + 1, last + 1};
  }
  return MakePersonCode(SitePrefix(Str(site.data, "code"), Str(site.data, "name")), NodeTag(ctx_.options().node_id), n);
}

Status PersonService::CheckPlacement(const Json& state, bool create) {
  const std::string org = Str(state, "organization_id");
  // New registrations go to a running programme and a site in use; a person whose site has since
  // closed can still be corrected.
  BATON_RETURN_IF_ERROR(CheckProgrammeAndSite(ctx_.store(), state, create, "people are registered"));
  if (Has(state, "household_id")) {
    auto head = ctx_.store().Get(kPerson, Str(state, "household_id"));
    if (!head.ok() || Str(head->data, "organization_id") != org || Str(head->data, "status") == "erased") {
      return Status::InvalidField("household_id", "no such person in your organisation");
    }
  }
  return Status::Ok();
}

// ---- registration ----

Result<PreparedPerson> PersonService::Prepare(const Principal& who, const Json& input,
                                              const std::vector<Json>& consents, const PrepareOptions& options) {
  BATON_RETURN_IF_ERROR(RequireKeys());
  std::shared_ptr<const RecordSpec> spec = options.spec;
  if (!spec) spec = SpecFor(input.is_object() && input.contains("programme_id") && input["programme_id"].is_string()
                                ? input["programme_id"].get<std::string>()
                                : std::string());
  BATON_ASSIGN_OR_RETURN(Json data, ValidateInput(*spec, input, InputMode::kCreate));
  BATON_RETURN_IF_ERROR(CheckPersonState(data, /*create=*/true));
  const std::string org = who.is_system() ? options.organization_id : who.organization_id;
  if (!who.is_system()) {
    BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kPerson, {org, "", {}}));
  }
  std::string id = ctx_.NewId();
  if (Str(data, "household_id") == id) data.erase("household_id");
  data["organization_id"] = org;
  const std::string today = options.registered_on.empty() ? ctx_.Today() : options.registered_on;
  if (Has(data, "birth_date") && data["birth_date"].get<std::string>() > today) {
    return Status::InvalidField("birth_date", "must not be in the future");
  }
  if (Has(data, "birth_date") && YearsBetween(data["birth_date"].get<std::string>(), today) > 120) {
    return Status::InvalidField("birth_date", "is more than 120 years ago");
  }
  if (!options.placement_checked) {
    BATON_RETURN_IF_ERROR(CheckPlacement(data, /*create=*/true));
  } else if (Has(data, "household_id")) {
    return Status::InvalidField("household_id", "cannot be set in a bulk registration");
  }
  if (!data.contains("status")) data["status"] = "active";
  if (Has(data, "age_years")) data["age_recorded_on"] = today;
  Derive(data, today);
  Json sealed = Json::object();
  SplitSealed(data, sealed);
  data["registered_on"] = today;
  data["registered_by"] = who.user_id;
  std::string code = options.code;
  if (code.empty()) {
    auto site = ctx_.store().Get("site", Str(data, "site_id"));
    if (!site.ok()) return site.status();
    BATON_ASSIGN_OR_RETURN(code, NewCode(*site));
  }
  data["code"] = code;

  PreparedPerson out{id, code, ctx_.NewChangeSet(who)};
  std::string key;
  EntityChange change{kPerson, id, ChangeOp::kCreate, Json(), {}};
  if (!options.check_only) {
    key = ctx_.keys().NewRecordKey(ctx_.random());
    data["sealed"] = SealFields(key, kPerson, id, sealed, ctx_.random());
    change.local.record_key = ctx_.keys().Wrap(key, kPerson, id, ctx_.random());
    change.local.search_terms = NameTerms(sealed);
  }
  change.patch = data;
  out.set.changes.push_back(std::move(change));

  Loaded person{Record{kPerson, id, 1, 0, 0, std::move(data)}, key, std::move(sealed)};
  std::vector<Record> earlier;
  for (const Json& body : consents) {
    BATON_ASSIGN_OR_RETURN(EntityChange c, ConsentChange(who, person, body, earlier, out.set, !options.check_only));
    earlier.push_back(Record{kConsent, c.id, 1, 0, 0, c.patch});
    out.set.changes.push_back(std::move(c));
  }
  return out;
}

Result<PersonRead> PersonService::Create(const Principal& who, const Json& input) {
  for (int attempt = 0;; ++attempt) {
    BATON_ASSIGN_OR_RETURN(PreparedPerson p, Prepare(who, input, {}, {}));
    auto receipt = ctx_.store().Commit(std::move(p.set));
    // Another node's record may hold the code already (after a sync): take the next number.
    if (!receipt.ok() && receipt.status().code() == Code::kConflict && attempt < 5 &&
        receipt.status().message().starts_with("code ")) {
      continue;
    }
    BATON_RETURN_IF_ERROR(receipt.status());
    BATON_ASSIGN_OR_RETURN(Loaded loaded, Load(p.id, true));
    return PersonRead{View(who, loaded), loaded.record.version, ""};
  }
}

// ---- reading ----

Result<PersonPage> PersonService::List(const Principal& who, const PersonListParams& params) {
  BATON_RETURN_IF_ERROR(RequireKeys());
  if (!AccessPolicy::MayList(who, Resource::kPerson)) {
    return Status::Forbidden("your roles do not allow you to see people");
  }
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  const PersonDetail detail = AccessPolicy::PersonDetailFor(who, {who.organization_id, "", {}});
  ListQuery q{.kind = kPerson, .limit = params.limit};
  if (!who.is_system()) q.equals.emplace_back("organization_id", who.organization_id);
  static const std::set<std::string> kFilters = {"site_id", "programme_id", "population_group", "sex",
                                                 "status",  "household_id", "disability"};
  for (const auto& [field, value] : params.filters) {
    if (!kFilters.contains(field)) return Status::InvalidField(field, "cannot filter people by this");
    if (field == "sex" && value != "female" && value != "male" && value != "not_recorded") {
      return Status::InvalidField(field, "must be female, male or not_recorded");
    }
    if (field == "status" && std::find(PersonStatuses().begin(), PersonStatuses().end(), value) == PersonStatuses().end()) {
      return Status::InvalidField(field, "must be one of active, moved, deceased, erased, merged");
    }
    if (field == "disability") {
      if (value != "true" && value != "false") return Status::InvalidField(field, "must be true or false");
      q.equals.emplace_back(field, value == "true");
    } else {
      q.equals.emplace_back(field, value);
    }
  }
  // A record merged into another is not a person of its own: it is listed only when asked for.
  const bool status_asked = std::any_of(params.filters.begin(), params.filters.end(),
                                        [](const auto& f) { return f.first == "status"; });
  if (!status_asked) q.not_equals.emplace_back("status", "merged");
  const std::string today = ctx_.Today();
  if (params.age_min || params.age_max) {
    if (params.age_min && params.age_max && *params.age_min > *params.age_max) {
      return Status::InvalidField("age_min", "must not be above age_max");
    }
    // The stored estimate keeps the month of an exact birth date, not the day: the range is widened
    // by a month here and each person's exact age is checked below.
    ListQuery::Range range{"birth_date_est", nullptr, nullptr};
    // Aged at least N today: born on or before today minus N years.
    if (params.age_min) range.max = AddDays(AddYears(today, -*params.age_min), 31);
    // Aged at most N today: born after today minus N+1 years.
    if (params.age_max) range.min = AddDays(AddYears(today, -(*params.age_max + 1)), 1 - 31);
    q.ranges.push_back(std::move(range));
  }
  if (!params.q.empty()) {
    if (auto code = NormalisePersonCode(params.q)) {
      q.equals.emplace_back("code", *code);
    } else {
      if (detail < PersonDetail::kAttendance) {
        return Status::Forbidden("your roles do not allow you to search people by name; search by code instead");
      }
      std::vector<std::string> tokens = NameTokens(params.q);
      if (tokens.empty() || tokens.size() > 6) {
        return Status::InvalidField("q", "give one to six words of a name, or a person code");
      }
      // Two words are one pair term of the index, so the store reads only the people who have both.
      for (const std::string& word : NameSearchWords(tokens)) q.terms.push_back({ctx_.keys().Term(word)});
    }
  }
  if (!params.cursor.empty()) {
    BATON_ASSIGN_OR_RETURN(q.after_id, CursorId(params.cursor));
  }
  // Persons just outside an age range are dropped after the exact check; reading goes on until
  // the page is full, so only the last page is short.
  PersonPage page;
  for (int rounds = 0; rounds < 50; ++rounds) {
    BATON_ASSIGN_OR_RETURN(RecordPage chunk, ctx_.store().List(q));
    const bool more = chunk.has_more;
    // Opened for every role: ages come from the exact birth date, which is sealed (View shows
    // only what the role may see).
    BATON_ASSIGN_OR_RETURN(std::vector<Loaded> loaded, LoadMany(std::move(chunk.items), true));
    for (size_t i = 0; i < loaded.size(); ++i) {
      q.after_id = loaded[i].record.id;
      Json view = View(who, loaded[i], /*listing=*/true);
      if (view.contains("age_years") && view["age_years"].is_number_integer()) {
        const int age = view["age_years"].get<int>();
        if ((params.age_min && age < *params.age_min) || (params.age_max && age > *params.age_max)) continue;
      }
      page.items.push_back(std::move(view));
      if (static_cast<int>(page.items.size()) == params.limit) {
        if (more || i + 1 < loaded.size()) page.next_cursor = Cursor(q.after_id);
        return page;
      }
    }
    if (!more) return page;
  }
  page.next_cursor = Cursor(q.after_id);
  return page;
}

Result<PersonRead> PersonService::Get(const Principal& who, std::string_view id, std::string_view reason) {
  BATON_RETURN_IF_ERROR(RequireKeys());
  if (reason.size() > 500) return Status::InvalidField("reason", "must be at most 500 characters");
  BATON_ASSIGN_OR_RETURN(Loaded p, Load(id, true));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kPerson, TargetOfPerson(p.record)));
  if (Str(p.record.data, "status") == "merged") return PersonRead{Json::object(), 0, Str(p.record.data, "merged_into")};
  // The reason may name people: sealed under the person's key, so erasure takes it too.
  std::string detail;
  if (!reason.empty() && !p.key.empty()) {
    detail = SealFields(p.key, "access", p.record.id, Json{{"reason", reason}}, ctx_.random());
  }
  BATON_RETURN_IF_ERROR(
      ctx_.store().AppendAccess({ctx_.clock().NowMs(), who.user_id, kPerson, p.record.id, "view", detail}));
  return PersonRead{View(who, p), p.record.version, ""};
}

Result<std::map<std::string, Json>> PersonService::Summaries(const Principal& who, const std::vector<std::string>& ids) {
  BATON_RETURN_IF_ERROR(RequireKeys());
  std::vector<Record> records;
  for (const std::string& id : std::set<std::string>(ids.begin(), ids.end())) {
    auto r = ctx_.store().Get(kPerson, id);
    if (r.ok() && AccessPolicy::PersonDetailFor(who, TargetOfPerson(*r)) != PersonDetail::kNone) {
      records.push_back(std::move(*r));
    } else if (!r.ok() && r.status().code() != Code::kNotFound) {
      return r.status();
    }
  }
  BATON_ASSIGN_OR_RETURN(std::vector<Loaded> loaded, LoadMany(std::move(records), true));
  std::map<std::string, Json> out;
  for (const Loaded& p : loaded) out.emplace(p.record.id, View(who, p, /*listing=*/true));
  return out;
}

ConsentRecord ConsentRecordOf(const Json& data, std::string id, int64_t order) {
  ConsentRecord c;
  c.id = std::move(id);
  c.purpose = ParseConsentPurpose(Str(data, "purpose")).value_or(ConsentPurpose::kServices);
  c.partner_org_id = Str(data, "partner_org_id");
  c.status = ParseConsentStatus(Str(data, "status")).value_or(ConsentStatus::kRefused);
  c.method = ParseConsentMethod(Str(data, "method")).value_or(ConsentMethod::kVerbal);
  c.date = Str(data, "date");
  c.expires_on = Str(data, "expires_on");
  c.order = order;
  return c;
}

Result<ConsentDecision> PersonService::DecideConsent(const Record& person, ConsentPurpose purpose, std::string_view date,
                                                     std::string_view partner_org_id) {
  BATON_ASSIGN_OR_RETURN(std::vector<Record> records, ConsentRecords(person.id));
  std::vector<ConsentRecord> policy_records;
  for (size_t i = 0; i < records.size(); ++i) policy_records.push_back(ToConsentRecord(records[i], static_cast<int64_t>(i)));
  // The estimated birth date is enough for the guardian rule and needs no unsealing.
  ConsentQuestion question{purpose, std::string(partner_org_id), std::string(date), Str(person.data, "birth_date_est")};
  return ConsentPolicy::Decide(policy_records, question);
}

Result<Json> PersonService::Duplicates(const Principal& who, const Json& candidate) {
  BATON_RETURN_IF_ERROR(RequireKeys());
  BATON_RETURN_IF_ERROR(
      AccessPolicy::Check(who, Action::kCreate, Resource::kPerson, {who.organization_id, "", {}}));
  if (!candidate.is_object()) return Status::InvalidField("body", "must be a JSON object");
  // The same rules as a registration, but nothing is required: a half-filled form can be checked.
  RecordSpec spec = *SpecFor(candidate.contains("programme_id") && candidate["programme_id"].is_string()
                                 ? candidate["programme_id"].get<std::string>()
                                 : std::string());
  for (FieldSpec& f : spec.fields) f.required = false;
  BATON_ASSIGN_OR_RETURN(Json c, ValidateInput(spec, candidate, InputMode::kCreate));
  PersonFacts facts;
  for (const char* f : {"given_name", "family_name", "other_names"}) facts.name_parts.push_back(Str(c, f));
  facts.sex = Has(c, "sex") ? Str(c, "sex") : "not_recorded";
  const std::string today = ctx_.Today();
  if (Has(c, "birth_date")) facts.birth_date = Str(c, "birth_date");
  else if (Has(c, "age_years")) facts.birth_date = AddYears(today, -c["age_years"].get<int>());
  facts.site_id = Str(c, "site_id");

  Json items = Json::array();
  std::vector<int64_t> alternatives;
  for (const std::string& t : NameTokensOf(facts.name_parts)) {
    alternatives.push_back(ctx_.keys().Term(SoundWord(t)));
  }
  if (alternatives.empty()) return Json{{"items", items}};
  ListQuery q{.kind = kPerson, .terms = {alternatives}, .limit = 500};
  q.equals.emplace_back("organization_id", who.is_system() ? Str(c, "organization_id") : who.organization_id);
  if (!facts.site_id.empty()) q.equals.emplace_back("site_id", facts.site_id);
  // Only ages that can match (±3 years, with a year's slack for whole-year rounding), so a common
  // name does not crowd the real duplicate out of the candidates.
  if (!facts.birth_date.empty()) {
    q.ranges.push_back({"birth_date_est", AddYears(facts.birth_date, -5), AddYears(facts.birth_date, 5)});
  }
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  BATON_ASSIGN_OR_RETURN(std::vector<Loaded> loaded, LoadMany(std::move(page.items), true));
  std::vector<std::pair<DuplicateMatch, const Loaded*>> matches;
  for (const Loaded& p : loaded) {
    const std::string status = Str(p.record.data, "status");
    if (status == "erased" || status == "merged") continue;
    PersonFacts existing;
    for (const char* f : {"given_name", "family_name", "other_names"}) existing.name_parts.push_back(Str(p.sealed, f));
    existing.sex = Str(p.record.data, "sex");
    existing.birth_date =
        Has(p.sealed, "birth_date") ? Str(p.sealed, "birth_date") : Str(p.record.data, "birth_date_est");
    existing.site_id = Str(p.record.data, "site_id");
    if (facts.site_id.empty()) existing.site_id.clear();  // no site given: any site of the organisation
    if (auto m = MatchDuplicate(facts, existing, today)) matches.emplace_back(std::move(*m), &p);
  }
  std::stable_sort(matches.begin(), matches.end(),
                   [](const auto& a, const auto& b) { return a.first.score > b.first.score; });
  if (matches.size() > 10) matches.resize(10);
  for (const auto& [m, p] : matches) {
    items.push_back({{"person", View(who, *p, /*listing=*/true)}, {"score", m.score}, {"reasons", m.reasons}});
  }
  return Json{{"items", items}};
}

// ---- changing ----

Result<PersonRead> PersonService::Update(const Principal& who, std::string_view id, const Json& patch,
                                         std::optional<int64_t> if_match) {
  BATON_RETURN_IF_ERROR(RequireKeys());
  for (int attempt = 0;; ++attempt) {
    BATON_ASSIGN_OR_RETURN(Loaded p, Load(id, true));
    BATON_ASSIGN_OR_RETURN(Json clean,
                           ValidateInput(*SpecFor(Str(p.record.data, "programme_id")), patch, InputMode::kPatch));
    BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kPerson, TargetOfPerson(p.record)));
    const std::string status = Str(p.record.data, "status");
    if (status == "erased" || status == "merged") {
      return Status::ConflictField("status", "the person was " + status + "; the record can no longer change");
    }
    if (if_match && *if_match != p.record.version) return Stale();
    const Json& input = clean;
    // The whole state in clear, changed, then split again into stored and sealed fields.
    Json state = p.record.data;
    state.erase("sealed");
    for (auto it = p.sealed.begin(); it != p.sealed.end(); ++it) state[it.key()] = *it;
    // birth_date and age_years replace each other.
    if (input.contains("birth_date") && !input["birth_date"].is_null()) {
      state.erase("age_years");
      if (!input.contains("age_estimated")) state.erase("age_estimated");
    }
    if (input.contains("age_years") && !input["age_years"].is_null()) {
      state.erase("birth_date");
      state.erase("age_recorded_on");
      if (!input.contains("age_estimated")) state.erase("age_estimated");
    }
    ApplyPatch(state, input);
    BATON_RETURN_IF_ERROR(CheckPersonState(state, /*create=*/true));
    if (Str(state, "household_id") == p.record.id) {
      return Status::InvalidField("household_id", "cannot be the person themself");
    }
    if (Has(state, "birth_date") && state["birth_date"].get<std::string>() > ctx_.Today()) {
      return Status::InvalidField("birth_date", "must not be in the future");
    }
    BATON_RETURN_IF_ERROR(CheckPlacement(state, /*create=*/false));
    Derive(state, ctx_.Today());
    Json sealed = Json::object();
    SplitSealed(state, sealed);
    const bool sealed_changed = sealed != p.sealed;
    state["sealed"] = sealed_changed ? Json(SealFields(p.key, kPerson, p.record.id, sealed, ctx_.random()))
                                     : p.record.data["sealed"];
    // Only the fields that really change go into the log.
    Json diff = Diff(p.record.data, state);
    if (diff.empty()) return PersonRead{View(who, p), p.record.version, ""};
    ChangeSet set = ctx_.NewChangeSet(who);
    EntityChange change{kPerson, p.record.id, ChangeOp::kUpdate, std::move(diff), p.record.version};
    if (sealed_changed) change.local.search_terms = NameTerms(sealed);
    set.changes.push_back(std::move(change));
    auto receipt = ctx_.store().Commit(std::move(set));
    if (!receipt.ok() && receipt.status().code() == Code::kPreconditionFailed) {
      if (if_match) return Stale();
      if (attempt < 100) continue;  // someone else wrote in between: apply the patch to the fresh record
    }
    BATON_RETURN_IF_ERROR(receipt.status());
    BATON_ASSIGN_OR_RETURN(Loaded fresh, Load(id, true));
    return PersonRead{View(who, fresh), fresh.record.version, ""};
  }
}

// ---- consent ----

Result<std::vector<Record>> PersonService::ConsentRecords(std::string_view person_id) {
  ListQuery q{.kind = kConsent, .limit = kMaxConsents};
  q.equals.emplace_back("person_id", std::string(person_id));
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  // In the order they were recorded: the change set's hybrid logical time never runs backwards,
  // not even when the laptop's clock was set back, and orders statements within a millisecond.
  std::stable_sort(page.items.begin(), page.items.end(), [](const Record& a, const Record& b) {
    return Str(a.data, "recorded_order") < Str(b.data, "recorded_order");
  });
  return std::move(page.items);
}

Result<EntityChange> PersonService::ConsentChange(const Principal& who, const Loaded& person, const Json& input,
                                                  const std::vector<Record>& earlier, const ChangeSet& set,
                                                  bool seal) {
  const std::string status = Str(person.record.data, "status");
  if (status != "active" && status != "moved") {
    return Status::ConflictField("status", "consent cannot be recorded for a person who is " + status);
  }
  BATON_ASSIGN_OR_RETURN(Json data, ValidateInput(ConsentSpec(), input, InputMode::kCreate));
  const std::string today = ctx_.Today();
  if (!Has(data, "date")) data["date"] = today;
  const std::string date = data["date"].get<std::string>();
  if (date > today) return Status::InvalidField("date", "must not be in the future");
  BATON_RETURN_IF_ERROR(CheckConsentInput(data));
  if (Has(data, "partner_org_id")) {
    auto org = ctx_.store().Get("organization", Str(data, "partner_org_id"));
    if (!org.ok()) return Status::InvalidField("partner_org_id", "no such organisation");
    if (org->id == Str(person.record.data, "organization_id")) {
      return Status::InvalidField("partner_org_id", "is your own organisation; sharing is with another one");
    }
  }
  const std::string birth =
      Has(person.sealed, "birth_date") ? Str(person.sealed, "birth_date") : Str(person.record.data, "birth_date_est");
  if (!birth.empty() && YearsBetween(birth, date) < kAdultAge && Str(data, "method") != "guardian") {
    return Status::InvalidField("method", "the person was a child on this date: consent must be given by a guardian");
  }
  if (Str(data, "status") == "withdrawn") {
    std::vector<ConsentRecord> records;
    for (size_t i = 0; i < earlier.size(); ++i) records.push_back(ToConsentRecord(earlier[i], static_cast<int64_t>(i)));
    auto purpose = ParseConsentPurpose(Str(data, "purpose"));
    auto in_force = ConsentPolicy::InForce(records, *purpose, Str(data, "partner_org_id"), date);
    if (!in_force || in_force->status != ConsentStatus::kGiven) {
      return Status::ConflictField("status", "there is no given consent for this purpose to withdraw on this date");
    }
  }
  Json sealed = Json::object();
  for (const std::string& f : ConsentSealedFields()) {
    if (Has(data, f.c_str())) sealed[f] = data[f];
    data.erase(f);
  }
  const std::string id = ctx_.NewId();
  data["person_id"] = person.record.id;
  data["organization_id"] = person.record.data["organization_id"];
  data["recorded_by"] = who.user_id;
  char index[8];
  std::snprintf(index, sizeof index, ".%03zu", set.changes.size() % 1000);
  data["recorded_order"] = set.hlc.ToString() + index;
  EntityChange change{kConsent, id, ChangeOp::kCreate, Json::object(), {}};
  if (!sealed.empty() && seal) {
    const std::string key = ctx_.keys().NewRecordKey(ctx_.random());
    data["sealed"] = SealFields(key, kConsent, id, sealed, ctx_.random());
    change.local.record_key = ctx_.keys().Wrap(key, kConsent, id, ctx_.random());
  }
  change.patch = std::move(data);
  return change;
}

Result<Json> PersonService::Consents(const Principal& who, std::string_view person_id) {
  BATON_RETURN_IF_ERROR(RequireKeys());
  BATON_ASSIGN_OR_RETURN(Loaded p, Load(person_id, true));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kPerson, TargetOfPerson(p.record)));
  const bool full = AccessPolicy::PersonDetailFor(who, TargetOfPerson(p.record)) == PersonDetail::kFull;
  BATON_ASSIGN_OR_RETURN(std::vector<Record> records, ConsentRecords(person_id));
  BATON_ASSIGN_OR_RETURN(std::vector<Loaded> loaded, LoadMany(records, full));
  Json items = Json::array();
  std::vector<ConsentRecord> policy_records;
  std::set<std::pair<std::string, std::string>> purposes;
  for (size_t i = 0; i < loaded.size(); ++i) {
    const Loaded& c = loaded[i];
    Json view = c.record.data;
    view.erase("sealed");
    for (auto it = c.sealed.begin(); it != c.sealed.end(); ++it) view[it.key()] = *it;
    view["id"] = c.record.id;
    view["created_at"] = FormatTimestamp(c.record.created_ms);
    items.push_back(std::move(view));
    policy_records.push_back(ToConsentRecord(c.record, static_cast<int64_t>(i)));
    purposes.emplace(Str(c.record.data, "purpose"), Str(c.record.data, "partner_org_id"));
  }
  Json current = Json::array();
  const std::string today = ctx_.Today();
  for (const auto& [purpose, partner] : purposes) {
    ConsentQuestion question{*ParseConsentPurpose(purpose), partner, today,
                             Has(p.sealed, "birth_date") ? Str(p.sealed, "birth_date") : Str(p.record.data, "birth_date_est")};
    ConsentDecision d = ConsentPolicy::Decide(policy_records, question);
    auto in_force = ConsentPolicy::InForce(policy_records, question.purpose, partner, today);
    Json entry = {{"purpose", purpose}, {"in_force", d.allowed}, {"reason", d.reason}};
    if (!partner.empty()) entry["partner_org_id"] = partner;
    if (in_force) {
      entry["status"] = ConsentStatusName(in_force->status);
      entry["date"] = in_force->date;
      entry["consent_id"] = in_force->id;
    }
    current.push_back(std::move(entry));
  }
  return Json{{"items", items}, {"current", current}};
}

Result<Json> PersonService::AddConsent(const Principal& who, std::string_view person_id, const Json& input) {
  BATON_RETURN_IF_ERROR(RequireKeys());
  BATON_ASSIGN_OR_RETURN(Loaded p, Load(person_id, true));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kPerson, TargetOfPerson(p.record)));
  BATON_ASSIGN_OR_RETURN(std::vector<Record> earlier, ConsentRecords(person_id));
  ChangeSet set = ctx_.NewChangeSet(who);
  BATON_ASSIGN_OR_RETURN(EntityChange change, ConsentChange(who, p, input, earlier, set));
  const std::string id = change.id;
  set.changes.push_back(std::move(change));
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Json all, Consents(who, person_id));
  for (const Json& c : all["items"]) {
    if (c["id"] == id) return c;
  }
  return Status::Internal("the consent just recorded is missing");
}

// ---- rights of the person ----

Result<Json> PersonService::PersonHistory(const Loaded& person) {
  // The person, every record folded into it (merge keeps both histories), and the consents.
  std::vector<std::pair<std::string, std::string>> entities = {{kPerson, person.record.id}};
  if (person.record.data.contains("merged_from")) {
    for (const Json& m : person.record.data["merged_from"]) entities.emplace_back(kPerson, m.get<std::string>());
  }
  BATON_ASSIGN_OR_RETURN(std::vector<Record> consents, ConsentRecords(person.record.id));
  for (const Record& c : consents) entities.emplace_back(kConsent, c.id);
  std::map<std::string, std::string> names;  // user id -> display name
  auto actor_name = [&](const std::string& user) -> std::string {
    if (auto it = names.find(user); it != names.end()) return it->second;
    auto u = ctx_.store().Get("user", user);
    return names[user] = u.ok() ? Str(u->data, "display_name") : user;
  };
  std::vector<std::pair<int64_t, Json>> out;
  for (const auto& [kind, id] : entities) {
    std::string key = id == person.record.id ? person.key : "";
    if (id != person.record.id) {
      BATON_ASSIGN_OR_RETURN(auto keys, ctx_.store().GetRecordKeys(kind, {id}));
      if (auto it = keys.find(id); it != keys.end()) {
        BATON_ASSIGN_OR_RETURN(key, ctx_.keys().Unwrap(it->second, kind, id));
      }
    }
    BATON_ASSIGN_OR_RETURN(std::vector<LogEntry> entries, ctx_.store().History(kind, id, 0, kMaxHistory));
    for (const LogEntry& e : entries) {
      for (const EntityChange& c : e.set.changes) {
        if (c.kind != kind || c.id != id) continue;
        Json changes = c.patch;
        changes.erase("erase_reason");
        if (changes.contains("sealed")) {
          const Json sealed_value = changes["sealed"];
          changes.erase("sealed");
          if (sealed_value.is_string() && !key.empty()) {
            auto opened = OpenFields(key, kind, id, sealed_value.get<std::string>());
            if (opened.ok()) {
              for (auto it = opened->begin(); it != opened->end(); ++it) changes[it.key()] = *it;
            }
          } else if (sealed_value.is_string()) {
            changes["sealed_fields"] = "destroyed";
          }
        }
        out.emplace_back(e.seq, Json{{"at", FormatTimestamp(e.set.hlc.wall_ms())},
                                     {"actor", e.set.actor},
                                     {"actor_name", e.set.actor == "system" ? "system" : actor_name(e.set.actor)},
                                     {"kind", kind},
                                     {"id", id},
                                     {"op", ChangeOpName(c.op)},
                                     {"changes", std::move(changes)}});
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Json history = Json::array();
  for (auto& [seq, item] : out) history.push_back(std::move(item));
  return history;
}

Result<Json> PersonService::Export(const Principal& who, std::string_view id) {
  BATON_RETURN_IF_ERROR(RequireKeys());
  BATON_ASSIGN_OR_RETURN(Loaded p, Load(id, true));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kExport, Resource::kPerson, TargetOfPerson(p.record)));
  BATON_ASSIGN_OR_RETURN(Json consents, Consents(who, id));
  BATON_ASSIGN_OR_RETURN(Json history, PersonHistory(p));
  BATON_ASSIGN_OR_RETURN(std::vector<AccessEntry> reads, ctx_.store().ListAccess(kPerson, id, kMaxHistory));
  Json views = Json::array();
  for (const AccessEntry& a : reads) {
    Json v = {{"at", FormatTimestamp(a.at_ms)}, {"user", a.user_id}, {"action", a.action}};
    auto u = ctx_.store().Get("user", a.user_id);
    v["user_name"] = u.ok() ? Str(u->data, "display_name") : a.user_id;
    if (!a.detail.empty() && !p.key.empty()) {
      auto opened = OpenFields(p.key, "access", id, a.detail);
      if (opened.ok()) v["reason"] = (*opened)["reason"];
    }
    views.push_back(std::move(v));
  }
  BATON_RETURN_IF_ERROR(
      ctx_.store().AppendAccess({ctx_.clock().NowMs(), who.user_id, kPerson, p.record.id, "export", ""}));
  return Json{{"format", "baton-subject-access/1"},
              {"generated_at", FormatTimestamp(ctx_.clock().NowMs())},
              {"generated_by", who.username},
              {"person", View(who, p)},
              {"consents", consents["items"]},
              {"consent_now", consents["current"]},
              {"history", history},
              {"views", views}};
}

Result<PersonRead> PersonService::Erase(const Principal& who, std::string_view id, std::string_view reason) {
  BATON_RETURN_IF_ERROR(RequireKeys());
  BATON_ASSIGN_OR_RETURN(Loaded p, Load(id, false));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kErase, Resource::kPerson, TargetOfPerson(p.record)));
  if (Str(p.record.data, "status") == "erased") return Status::ConflictField("status", "the person is already erased");
  if (Str(p.record.data, "status") == "merged") {
    return Status::ConflictField("status", "the record was merged into " + Str(p.record.data, "merged_into") +
                                               "; erase that person instead");
  }
  // The record itself and every duplicate folded into it.
  std::vector<Record> people = {p.record};
  if (p.record.data.contains("merged_from")) {
    for (const Json& m : p.record.data["merged_from"]) {
      BATON_ASSIGN_OR_RETURN(Record r, ctx_.store().Get(kPerson, m.get<std::string>()));
      people.push_back(std::move(r));
    }
  }
  const std::string today = ctx_.Today();
  ChangeSet set = ctx_.NewChangeSet(who);
  for (const Record& r : people) {
    Json patch = {{"status", "erased"}, {"erased_on", today},
                  {"erase_reason", ctx_.keys().SealShared(reason, "erase:" + r.id, ctx_.random())}};
    for (const char* f : {"sealed", "birth_date", "age_years", "age_recorded_on", "household_id", "wg_ss", "merged_into"}) {
      if (r.data.contains(f)) patch[f] = nullptr;
    }
    // Aggregates keep the year of birth, not the day.
    const std::string birth = Str(r.data, "birth_date_est");
    if (!birth.empty()) patch["birth_date_est"] = birth.substr(0, 4) + "-07-01";
    EntityChange change{kPerson, r.id, ChangeOp::kUpdate, std::move(patch), r.id == p.record.id ? std::optional<int64_t>(r.version) : std::nullopt};
    change.local.record_key = "";
    change.local.search_terms = std::vector<int64_t>{};
    set.changes.push_back(std::move(change));
    BATON_ASSIGN_OR_RETURN(std::vector<Record> consents, ConsentRecords(r.id));
    for (const Record& c : consents) {
      EntityChange cc{kConsent, c.id, ChangeOp::kUpdate, {{"erased", true}}, {}};
      if (c.data.contains("sealed")) cc.patch["sealed"] = nullptr;
      cc.local.record_key = "";
      set.changes.push_back(std::move(cc));
    }
    // The reason and feedback of the person's referrals are about them: they go too.
    ListQuery referral_query{.kind = "referral", .equals = {{"person_id", r.id}}, .limit = 1000};
    BATON_ASSIGN_OR_RETURN(std::vector<Record> referrals, ListAll(ctx_.store(), referral_query));
    for (const Record& ref : referrals) {
      EntityChange rc{"referral", ref.id, ChangeOp::kUpdate, {{"erased", true}}, {}};
      if (ref.data.contains("sealed")) rc.patch["sealed"] = nullptr;
      rc.local.record_key = "";
      set.changes.push_back(std::move(rc));
    }
  }
  auto receipt = ctx_.store().Commit(std::move(set));
  if (!receipt.ok() && receipt.status().code() == Code::kPreconditionFailed) return Stale();
  BATON_RETURN_IF_ERROR(receipt.status());
  // The keys are gone from the tables; this also drops the copies a database keeps of deleted
  // rows. The erasure stands if it fails: the next erasure scrubs again.
  (void)ctx_.store().ScrubDeletedKeys();
  BATON_ASSIGN_OR_RETURN(Loaded fresh, Load(id, false));
  return PersonRead{View(who, fresh), fresh.record.version, ""};
}

Result<PersonRead> PersonService::Merge(const Principal& who, std::string_view id, std::string_view duplicate_id) {
  BATON_RETURN_IF_ERROR(RequireKeys());
  if (id == duplicate_id) return Status::InvalidField("duplicate_id", "is the person itself");
  BATON_ASSIGN_OR_RETURN(Loaded keep, Load(id, false));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kErase, Resource::kPerson, TargetOfPerson(keep.record)));
  auto dup = Load(duplicate_id, false);
  if (!dup.ok()) {
    if (dup.status().code() == Code::kNotFound) return Status::InvalidField("duplicate_id", "no such person");
    return dup.status();
  }
  if (Str(dup->record.data, "organization_id") != Str(keep.record.data, "organization_id")) {
    return Status::InvalidField("duplicate_id", "no such person in your organisation");
  }
  for (const Loaded* l : {&keep, &*dup}) {
    const std::string status = Str(l->record.data, "status");
    if (status == "erased" || status == "merged") {
      return Status::ConflictField(l == &keep ? "id" : "duplicate_id", "that person is " + status);
    }
  }
  ChangeSet set = ctx_.NewChangeSet(who);
  EntityChange folded{kPerson, dup->record.id, ChangeOp::kUpdate,
                      {{"status", "merged"}, {"merged_into", keep.record.id}}, dup->record.version};
  folded.local.search_terms = std::vector<int64_t>{};  // searches find the surviving record only
  set.changes.push_back(std::move(folded));
  Json merged_from = keep.record.data.value("merged_from", Json::array());
  merged_from.push_back(dup->record.id);
  if (dup->record.data.contains("merged_from")) {
    for (const Json& m : dup->record.data["merged_from"]) merged_from.push_back(m);
  }
  set.changes.push_back({kPerson, keep.record.id, ChangeOp::kUpdate, {{"merged_from", merged_from}}, keep.record.version});
  // Records folded into the duplicate earlier now point at the survivor.
  if (dup->record.data.contains("merged_from")) {
    for (const Json& m : dup->record.data["merged_from"]) {
      set.changes.push_back({kPerson, m.get<std::string>(), ChangeOp::kUpdate, {{"merged_into", keep.record.id}}, {}});
    }
  }
  BATON_ASSIGN_OR_RETURN(std::vector<Record> consents, ConsentRecords(dup->record.id));
  for (const Record& c : consents) {
    set.changes.push_back({kConsent, c.id, ChangeOp::kUpdate, {{"person_id", keep.record.id}}, {}});
  }
  auto receipt = ctx_.store().Commit(std::move(set));
  if (!receipt.ok() && receipt.status().code() == Code::kPreconditionFailed) return Stale();
  BATON_RETURN_IF_ERROR(receipt.status());
  BATON_ASSIGN_OR_RETURN(Loaded fresh, Load(id, true));
  return PersonRead{View(who, fresh), fresh.record.version, ""};
}

std::shared_ptr<const RecordSpec> PersonService::SpecFor(std::string_view programme_id) {
  static const auto kDefault = std::make_shared<const RecordSpec>(PersonSpec({}));
  auto programme = programme_id.empty() ? Result<Record>(Status::NotFound("")) : ctx_.store().Get("programme", programme_id);
  if (!programme.ok()) return kDefault;
  std::lock_guard lock(specs_mu_);
  auto& slot = specs_[programme->id];
  if (!slot.second || slot.first != programme->version) {
    slot = {programme->version, std::make_shared<const RecordSpec>(PersonSpec(ListsOfProgramme(programme->data)))};
  }
  return slot.second;
}

Json PersonService::Options(const Principal& who, std::string_view programme_id) {
  PersonLists lists;
  if (!programme_id.empty()) {
    auto programme = ctx_.store().Get("programme", programme_id);
    if (programme.ok() && AccessPolicy::Check(who, Action::kRead, Resource::kProgramme, {Str(programme->data, "organization_id"), "", {}}).ok()) {
      lists = ListsOfProgramme(programme->data);
    }
  }
  return {{"population_groups", lists.population_groups},
          {"specific_needs", lists.specific_needs},
          {"languages", PersonLanguages()},
          {"statuses", PersonStatuses()},
          {"sexes", {"female", "male", "not_recorded"}},
          {"consent_purposes", {"services", "follow_up", "referral", "share_partner", "share_any_partner", "photo", "share_programmes"}},
          {"consent_methods", {"verbal", "written", "guardian"}},
          {"wg_ss_domains", {"seeing", "hearing", "walking", "remembering", "self_care", "communicating"}}};
}

}  // namespace baton
