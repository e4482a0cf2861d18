#include "service/handover_service.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "domain/access_policy.h"
#include "domain/handover.h"
#include "domain/record_spec.h"
#include "changes/handover_package.h"
#include "base/ids.h"
#include "base/parallel.h"
#include "service/record_view.h"
#include "service/support_service.h"

namespace baton {
namespace {

constexpr const char* kHandover = "handover";
constexpr int kPage = 1000;
constexpr size_t kSetSize = 1000;  // changes per change set the import writes
// What a referral directory entry carries to the receiver.
constexpr const char* kDirectoryFields[] = {"name", "provider", "category", "location", "contact", "accepts", "active"};

// A record's place: "kind/id".
std::string Key(std::string_view kind, std::string_view id) {
  std::string k(kind);
  k += '/';
  k += id;
  return k;
}

// Calls `fn` with every record of `kind` whose typed columns equal `equals`, in id order.
Status ForEach(Store& store, const std::string& kind, std::vector<std::pair<std::string, Json>> equals,
               const std::function<Status(Record&)>& fn) {
  ListQuery q;
  q.kind = kind;
  q.equals = std::move(equals);
  q.limit = kPage;
  while (true) {
    BATON_ASSIGN_OR_RETURN(RecordPage page, store.List(q));
    if (page.items.empty()) return Status::Ok();
    q.after_id = page.items.back().id;  // before `fn`, which may take the records
    for (Record& r : page.items) BATON_RETURN_IF_ERROR(fn(r));
    if (!page.has_more) return Status::Ok();
  }
}

AccessTarget TargetOfHandover(const Json& plan) {
  AccessTarget t;
  t.organization_id = Str(plan, "organization_id");
  // The receiver reads the plan: as the sender knows it, and as it knows itself once accepted.
  for (const char* f : {"receiver_organization_id", "accepted_by_organization_id"}) {
    if (Has(plan, f)) t.viewer_organization_ids.push_back(Str(plan, f));
  }
  return t;
}

std::vector<std::string> Strings(const Json& list) {
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const Json& v : list) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// The shape of a manifest this Baton relies on (docs/formats/handover.md): anyone can sign a
// package, so it is checked before anything reads it.
Status CheckManifest(const Json& m) {
  auto bad = [](const std::string& what) {
    return Status::InvalidField("package", "the package's manifest is malformed: " + what);
  };
  if (!m.contains("handover") || !m["handover"].is_object()) return bad("no handover");
  const Json& h = m["handover"];
  for (const char* f : {"id", "programme_id"}) {
    if (!IsUuid(Str(h, f))) return bad(std::string("handover.") + f + " is not an id");
  }
  if (!IsValidDate(Str(h, "effective_date"))) return bad("handover.effective_date is not a date");
  if (Has(h, "support_until") && !IsValidDate(Str(h, "support_until"))) return bad("handover.support_until is not a date");
  for (const char* f : {"records", "people", "withheld_records"}) {
    if (m.contains(f) && !m[f].is_object()) return bad(std::string(f) + " is not an object");
  }
  for (const char* f : {"open_cases", "staff", "active_activities", "consent_basis", "readiness"}) {
    if (!m.contains(f)) continue;
    if (!m[f].is_array()) return bad(std::string(f) + " is not a list");
    for (const Json& item : m[f]) {
      if (!item.is_object()) return bad(std::string(f) + " holds something that is not an object");
    }
  }
  for (const Json& c : m.value("open_cases", Json::array())) {
    if (!IsUuid(Str(c, "case_id"))) return bad("an open case has no case id");
  }
  return Status::Ok();
}

bool OpenCase(const Json& c) { return Str(c, "status") != "closed" && c.value("active", true); }

// What a package held, as both organisations keep it on the handover record (and its report
// shows): counts only, never who.
Json PackageSummary(const Json& m) {
  return {{"records", m.value("records", Json::object())},
          {"people", m.value("people", Json::object())},
          {"withheld_records", m.value("withheld_records", Json::object())},
          {"open_cases", m.value("open_cases", Json::array()).size()},
          {"pending_referrals", m.value("pending_referrals", 0)},
          {"active_activities", m.value("active_activities", Json::array()).size()}};
}

// What hands a record over: its new owner; the programme also names the handover, its date, and
// the former owner as its advisor until the support ends.
Json OwnershipPatch(const std::string& kind, const std::string& owner, const std::string& handover_id, const Json& terms,
                    const std::string& former_owner) {
  Json patch = {{"organization_id", owner}};
  if (kind == "programme") {
    patch["handover_id"] = handover_id;
    patch["handed_over_on"] = Str(terms, "effective_date");
    if (Has(terms, "support_until")) {
      patch["advisors"] = Json::array({{{"organization_id", former_owner}, {"until", Str(terms, "support_until")}}});
    }
  }
  return patch;
}

// Appends `changes` to `sets` in change sets of kSetSize changes, made by `actor`.
void AppendInSets(ServiceContext& ctx, const Principal& actor, std::vector<EntityChange>& changes,
                  std::vector<ChangeSet>& sets) {
  for (size_t i = 0; i < changes.size(); i += kSetSize) {
    ChangeSet set = ctx.NewChangeSet(actor);
    for (size_t j = i; j < std::min(changes.size(), i + kSetSize); ++j) set.changes.push_back(std::move(changes[j]));
    sets.push_back(std::move(set));
  }
  changes.clear();
}

}  // namespace

// What a plan moves, as worked out from the store now.
struct HandoverService::Selection {
  Record plan;
  Record programme;
  std::string sender;    // the sending organisation's id
  std::string receiver;  // the receiver's id as the sender knows it
  bool site_moves = false;
  // Every record that moves with its history, by key, with its version and data hash.
  struct Moving {
    std::string kind;
    std::string id;
    int64_t version = 0;
    std::string hash;
  };
  std::vector<Moving> moving;
  std::unordered_set<std::string> moving_keys;
  std::map<std::string, int64_t> moving_by_kind;
  // People of the programme and what happens to each.
  std::map<std::string, PersonTransfer> people;
  std::map<std::string, std::string> codes;  // person id -> code (for the sender's preview)
  std::vector<std::pair<std::string, Json>> stubs;  // de-identified stand-ins
  std::map<std::string, int64_t> withheld_by_kind;  // records (not people) that stay
  Json withheld = Json::array();   // {kind, id, person_code, reason}: the sender's view only
  Json problems = Json::array();   // what blocks the handover
  Json open_cases = Json::array();  // {case_id, counsellor_id, supervisor_id, next_follow_up}
  std::set<std::string> staff;      // users the moving records name
  std::set<std::string> services;   // directory entries the moving referrals name
  Json active_activities = Json::array();
  int64_t pending_referrals = 0, participants = 0, receiver_participants = 0, cooperatives = 0, reports = 0;
  int64_t open_flags = 0;
};

Result<Record> HandoverService::Load(std::string_view id) {
  auto r = ctx_.store().Get(kHandover, id);
  if (!r.ok() && r.status().code() == Code::kNotFound) return Status::NotFound("no handover with id " + std::string(id));
  return r;
}

Result<Json> HandoverService::List(const Principal& who, std::string_view programme_id) {
  if (!who.is_system() && !who.has(Role::kAdmin) && !who.has(Role::kManager)) {
    return Status::Forbidden("your roles do not allow you to see handovers");
  }
  std::vector<std::pair<std::string, Json>> equals;
  if (!programme_id.empty()) {
    if (!IsUuid(programme_id)) return Status::InvalidField("programme_id", "must be a programme's id");
    equals.emplace_back("programme_id", std::string(programme_id));
  }
  Json items = Json::array();
  std::map<std::string, std::string> names;  // programme id -> name, read once
  BATON_RETURN_IF_ERROR(ForEach(ctx_.store(), kHandover, equals, [&](Record& r) {
    if (!AccessPolicy::Check(who, Action::kRead, Resource::kHandover, TargetOfHandover(r.data)).ok()) return Status::Ok();
    Json view = RecordView(r);
    const std::string pid = Str(r.data, "programme_id");
    if (!names.contains(pid)) {
      auto p = ctx_.store().Get("programme", pid);
      names[pid] = p.ok() ? Str(p->data, "name") : "";
    }
    view["programme_name"] = names[pid];
    items.push_back(std::move(view));
    return Status::Ok();
  }));
  std::reverse(items.begin(), items.end());
  return Json{{"items", items}};
}

Result<Record> HandoverService::Create(const Principal& who, const Json& input) {
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(HandoverSpec(), input, InputMode::kCreate));
  BATON_RETURN_IF_ERROR(ResolveHandover(state));
  auto programme = ctx_.store().Get("programme", Str(state, "programme_id"));
  if (!programme.ok()) {
    if (programme.status().code() == Code::kNotFound) return Status::InvalidField("programme_id", "no such programme");
    return programme.status();
  }
  const std::string sender = Str(programme->data, "organization_id");
  AccessTarget target;
  target.organization_id = sender;
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kHandover, target));
  auto receiver = ctx_.store().Get("organization", Str(state, "receiver_organization_id"));
  if (!receiver.ok()) {
    if (receiver.status().code() == Code::kNotFound) {
      return Status::InvalidField("receiver_organization_id", "no such organisation");
    }
    return receiver.status();
  }
  if (receiver->id == sender) {
    return Status::InvalidField("receiver_organization_id", "must be another organisation than the programme's owner");
  }
  if (!receiver->data.value("active", true)) {
    return Status::InvalidField("receiver_organization_id", "the organisation is deactivated");
  }
  // One live handover per programme at a time.
  Status busy = ForEach(ctx_.store(), kHandover, {{"programme_id", programme->id}}, [&](Record& r) {
    const std::string status = Str(r.data, "status");
    if (status != "cancelled") {
      return Status::ConflictField("programme_id", "the programme already has a handover (" + r.id + ", " + status +
                                                       "); cancel it before planning another");
    }
    return Status::Ok();
  });
  BATON_RETURN_IF_ERROR(busy);
  state["organization_id"] = sender;
  state["status"] = "planned";
  state["approvals"] = Json::array();
  state["planned_by"] = who.user_id;
  ChangeSet set = ctx_.NewChangeSet(who);
  const std::string id = ctx_.NewId();
  set.changes.push_back({kHandover, id, ChangeOp::kCreate, state});
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  return ctx_.store().Get(kHandover, id);
}

Result<Record> HandoverService::Write(const Principal& who, const Record& current, Json patch,
                                      std::optional<int64_t> if_match) {
  if (if_match && *if_match != current.version) return Stale();
  ChangeSet set = ctx_.NewChangeSet(who);
  EntityChange change{kHandover, current.id, ChangeOp::kUpdate, std::move(patch)};
  change.expected_version = current.version;
  set.changes.push_back(std::move(change));
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  return ctx_.store().Get(kHandover, current.id);
}

Result<Record> HandoverService::Update(const Principal& who, std::string_view id, const Json& patch,
                                       std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, Load(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kHandover, TargetOfHandover(current.data)));
  const std::string status = Str(current.data, "status");
  if (status != "planned" && status != "approved") {
    return Status::ConflictField("status", "a handover that is " + status + " can no longer be changed");
  }
  BATON_ASSIGN_OR_RETURN(Json input, ValidateInput(HandoverSpec(), patch, InputMode::kPatch));
  Json state = current.data;
  ApplyPatch(state, input);
  BATON_RETURN_IF_ERROR(ResolveHandover(state));
  // What was approved has changed: the approvals start again.
  state["approvals"] = Json::array();
  state["status"] = "planned";
  return Write(who, current, Diff(current.data, state), if_match);
}

Result<Record> HandoverService::Cancel(const Principal& who, std::string_view id, std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, Load(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kDeactivate, Resource::kHandover, TargetOfHandover(current.data)));
  const std::string status = Str(current.data, "status");
  if (status == "accepted" || status == "cancelled") {
    return Status::ConflictField("status", "a handover that is " + status + " cannot be cancelled");
  }
  return Write(who, current, {{"status", "cancelled"}}, if_match);
}

Result<HandoverService::Selection> HandoverService::Select(const Record& plan, Purpose purpose) {
  const bool for_package = purpose == Purpose::kPackage;  // reads the data of what moves
  const bool listed = purpose != Purpose::kPreview;       // every record that moves is listed
  Selection s;
  s.plan = plan;
  Store& store = ctx_.store();
  BATON_ASSIGN_OR_RETURN(s.programme, store.Get("programme", Str(plan.data, "programme_id")));
  s.sender = Str(s.programme.data, "organization_id");
  s.receiver = Str(plan.data, "receiver_organization_id");
  const std::string programme_id = s.programme.id;
  const std::string effective = Str(plan.data, "effective_date");
  const bool withhold = Str(plan.data, "non_consenting") == "withhold";

  // `data`: the record's JSON text as stored, whose hash the snapshot holds (a package only).
  auto move_text = [&](const std::string& kind, const std::string& id, int64_t version, std::string_view data) {
    s.moving_keys.insert(Key(kind, id));
    s.moving.push_back({kind, id, version, for_package ? crypto::Blake2bHex(data) : std::string()});
    ++s.moving_by_kind[kind];
  };
  auto move = [&](const Record& r, const std::string& kind) {
    move_text(kind, r.id, r.version, for_package ? r.data.dump() : std::string());
  };
  move(s.programme, "programme");
  // The programme's site moves with it unless another of the sender's programmes still uses it.
  const std::string site_id = Str(s.programme.data, "site_id");
  if (!site_id.empty()) {
    bool shared = false;
    BATON_RETURN_IF_ERROR(ForEach(store, "programme", {{"organization_id", s.sender}}, [&](Record& p) {
      if (p.id != programme_id && Str(p.data, "site_id") == site_id && Str(p.data, "status") != "closed") shared = true;
      return Status::Ok();
    }));
    auto site = store.Get("site", site_id);
    if (site.ok() && !shared) {
      s.site_moves = true;
      move(*site, "site");
    }
  }

  // People: consent decides. They are read by their columns; their data only for a package (the
  // hash of what moves, the stand-ins of who does not).
  struct PersonRow {
    std::string id, code, status, merged_into, birth_date;
    int64_t version = 0;
    std::string data;
  };
  std::vector<PersonRow> persons;
  std::unordered_map<std::string, std::vector<std::pair<std::string, Json>>> shares;  // person -> (consent id, data)
  std::vector<std::string> columns = {"id", "version", "code", "status", "merged_into", "birth_date_est"};
  if (for_package) columns.push_back("data");
  auto text = [](const std::optional<std::string_view>& cell) { return std::string(cell.value_or("")); };
  BATON_RETURN_IF_ERROR(store.Scan({.kind = "person", .equals = {{"programme_id", programme_id}}, .columns = columns},
                                   [&](ScanRow row) {
                                     PersonRow p{text(row[0]), text(row[2]), text(row[3]), text(row[4]), text(row[5]),
                                                 std::stoll(text(row[1]))};
                                     if (for_package) p.data = text(row[6]);
                                     shares[p.id];
                                     persons.push_back(std::move(p));
                                   }));
  std::sort(persons.begin(), persons.end(), [](const PersonRow& a, const PersonRow& b) { return a.id < b.id; });
  // The consents that decide: to share with a partner (this one, or any).
  Status unreadable;
  for (const char* purpose : {"share_partner", "share_any_partner"}) {
    BATON_RETURN_IF_ERROR(store.Scan(
        {.kind = "consent", .equals = {{"organization_id", s.sender}, {"purpose", purpose}}, .columns = {"id", "person_id", "data"}},
        [&](ScanRow row) {
          auto it = shares.find(text(row[1]));
          if (it == shares.end()) return;
          Json data = Json::parse(row[2].value_or(""), nullptr, false);
          if (data.is_discarded()) unreadable = Status::Corruption("stored consent " + text(row[0]) + " is not JSON");
          it->second.emplace_back(text(row[0]), std::move(data));
        }));
  }
  BATON_RETURN_IF_ERROR(unreadable);
  std::unordered_map<std::string, std::vector<ConsentRecord>> consents;
  for (auto& [pid, list] : shares) {
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first < b.first; });  // recording order
    for (auto& [cid, data] : list) consents[pid].push_back(ConsentRecordOf(data, cid, static_cast<int64_t>(consents[pid].size())));
  }
  shares.clear();
  const std::string today = ctx_.Today();
  std::map<std::string, std::string> merged_into;
  for (const PersonRow& p : persons) {
    s.codes[p.id] = p.code;
    if (p.status == "merged") {
      merged_into[p.id] = p.merged_into;
      continue;
    }
    s.people[p.id] = DecidePersonTransfer(p.status, consents[p.id], p.birth_date, s.receiver, effective, today, withhold);
  }
  // A record merged into another follows its survivor.
  for (const auto& [id, survivor] : merged_into) {
    auto it = s.people.find(survivor);
    s.people[id] = it != s.people.end() && it->second.transfer == Transfer::kIdentified
                       ? it->second
                       : PersonTransfer{withhold ? Transfer::kWithheld : Transfer::kDeidentified, "",
                                        "merged into a record that does not move with identity", "merged"};
  }
  for (const PersonRow& p : persons) {
    const PersonTransfer& t = s.people[p.id];
    if (t.transfer == Transfer::kIdentified) {
      move_text("person", p.id, p.version, p.data);
    } else if (t.transfer == Transfer::kDeidentified && for_package) {
      Json data = Json::parse(p.data, nullptr, false);
      if (data.is_discarded()) return Status::Corruption("stored person " + p.id + " is not JSON");
      s.stubs.emplace_back(p.id, DeidentifiedPerson(data));
    }
  }
  persons.clear();
  // Every consent of a person who moves with identity moves too.
  if (listed) {
    std::vector<std::string> consent_columns = {"id", "version", "person_id"};
    if (for_package) consent_columns.push_back("data");
    BATON_RETURN_IF_ERROR(store.Scan(
        {.kind = "consent", .equals = {{"organization_id", s.sender}}, .columns = consent_columns},
        [&](ScanRow row) {
          auto it = s.people.find(text(row[2]));
          if (it == s.people.end() || it->second.transfer != Transfer::kIdentified) return;
          move_text("consent", text(row[0]), std::stoll(text(row[1])), for_package ? row[3].value_or("") : std::string_view());
        }));
  } else {
    // The preview counts them: by their person.
    BATON_RETURN_IF_ERROR(store.Scan({.kind = "consent", .equals = {{"organization_id", s.sender}}, .columns = {"person_id"}},
                                     [&](ScanRow row) {
                                       auto it = s.people.find(text(row[0]));
                                       if (it != s.people.end() && it->second.transfer == Transfer::kIdentified) {
                                         ++s.moving_by_kind["consent"];
                                       }
                                     }));
  }

  auto identified = [&](const std::string& person_id) {
    if (person_id.empty()) return true;
    auto it = s.people.find(person_id);
    return it != s.people.end() && it->second.transfer == Transfer::kIdentified;
  };
  auto person_reason = [&](const std::string& person_id) -> std::string {
    auto it = s.people.find(person_id);
    if (it == s.people.end()) return "the person is registered in another programme";
    return it->second.reason;
  };
  std::unordered_map<std::string, bool> parent_moves;  // case and mediation ids
  for (const HandoverKind& k : HandoverKinds()) {
    if (k.by_columns) {
      std::vector<std::string> cols = {"id", "version"};
      cols.insert(cols.end(), k.staff_columns.begin(), k.staff_columns.end());
      if (for_package) cols.push_back("data");
      BATON_RETURN_IF_ERROR(store.Scan({.kind = k.kind, .equals = {{"programme_id", programme_id}}, .columns = cols},
                                       [&](ScanRow row) {
                                         for (size_t i = 2; i < 2 + k.staff_columns.size(); ++i) {
                                           if (row[i]) s.staff.insert(std::string(*row[i]));
                                         }
                                         move_text(k.kind, text(row[0]), std::stoll(text(row[1])),
                                                   for_package ? row.back().value_or("") : std::string_view());
                                       }));
      continue;
    }
    BATON_RETURN_IF_ERROR(ForEach(store, k.kind, {{"programme_id", programme_id}}, [&](Record& r) {
      bool moves = true;
      std::string who_stays;
      switch (k.link) {
        case HandoverKind::Link::kAlways: break;
        case HandoverKind::Link::kPerson:
          moves = identified(Str(r.data, "person_id"));
          if (!moves) who_stays = Str(r.data, "person_id");
          break;
        case HandoverKind::Link::kParties:
          for (const Json& party : r.data.value("parties", Json::array())) {
            const std::string pid = Str(party, "person_id");
            if (!identified(pid)) {
              moves = false;
              who_stays = pid;
            }
          }
          break;
        case HandoverKind::Link::kParent: {
          auto it = parent_moves.find(Str(r.data, k.parent_field.c_str()));
          moves = it != parent_moves.end() && it->second;
          break;
        }
      }
      if (k.kind == "case" || k.kind == "mediation") parent_moves[r.id] = moves;
      if (k.kind == "case" && OpenCase(r.data)) {
        if (moves) {
          s.open_cases.push_back({{"case_id", r.id},
                                  {"counsellor_id", Str(r.data, "counsellor_id")},
                                  {"supervisor_id", Str(r.data, "supervisor_id")},
                                  {"next_follow_up", r.data.value("next_follow_up", Json())}});
        } else {
          s.problems.push_back({{"code", "open_case_without_consent"},
                                {"case_id", r.id},
                                {"person_code", s.codes[who_stays]},
                                {"message", "Case of " + s.codes[who_stays] +
                                                " is open, but the person's data may not move: " + person_reason(who_stays) +
                                                ". Record their consent, or close or refer the case, before the handover."}});
        }
      }
      if (k.kind == "risk_flag" && Str(r.data, "status") == "open") {
        ++s.open_flags;
        s.problems.push_back({{"code", "open_risk_flag"},
                              {"flag_id", r.id},
                              {"case_id", r.data.value("case_id", Json())},
                              {"message", "A risk flag raised for " + s.codes[Str(r.data, "person_id")] +
                                              " is not acknowledged: its supervisor must act on it first."}});
      }
      if (!moves) {
        ++s.withheld_by_kind[k.kind];
        if (!listed) {
          s.withheld.push_back({{"kind", k.kind},
                                {"id", r.id},
                                {"person_code", s.codes[who_stays]},
                                {"reason", who_stays.empty() ? "the record it belongs to stays" : person_reason(who_stays)}});
        }
        return Status::Ok();
      }
      move(r, k.kind);
      for (const char* f : {"counsellor_id", "supervisor_id", "facilitator_id"}) {
        if (Has(r.data, f)) s.staff.insert(Str(r.data, f));
      }
      if (k.kind == "activity") {
        for (const std::string& u : Strings(r.data.value("facilitators", Json::object()).value("user_ids", Json::array()))) {
          s.staff.insert(u);
        }
        const std::string status = Str(r.data, "status");
        if (status == "planned" || status == "ongoing") {
          s.active_activities.push_back({{"id", r.id},
                                         {"title", Str(r.data, "title")},
                                         {"stream", Str(r.data, "stream")},
                                         {"status", status},
                                         {"schedule", r.data.value("schedule", Json())}});
        }
      }
      if (k.kind == "referral") {
        const std::string status = Str(r.data, "status");
        if (status == "made" || status == "accepted") ++s.pending_referrals;
        if (Has(r.data, "service_id")) s.services.insert(Str(r.data, "service_id"));
      }
      if (k.kind == "participant") {
        ++s.participants;
        if (Str(r.data, "agency_id") == s.receiver) ++s.receiver_participants;
      }
      if (k.kind == "cooperative") ++s.cooperatives;
      if (k.kind == "programme_report") ++s.reports;
      return Status::Ok();
    }));
  }
  return s;
}

Json HandoverService::Preview(const Selection& s) const {
  int64_t identified = 0, deidentified = 0, withheld = 0;
  std::map<std::string, int64_t> reasons;  // why the others do not move with identity
  for (const auto& [id, t] : s.people) {
    if (t.transfer == Transfer::kIdentified) ++identified;
    else if (t.transfer == Transfer::kDeidentified) ++deidentified;
    else ++withheld;
    if (t.transfer != Transfer::kIdentified) ++reasons[t.code];
  }
  const int64_t people = identified + deidentified + withheld;
  const int coverage = people == 0 ? 100 : static_cast<int>(identified * 100 / people);
  Json counts = Json::object();
  for (const auto& [kind, n] : s.moving_by_kind) counts[kind] = n;
  Json withheld_counts = Json::object();
  for (const auto& [kind, n] : s.withheld_by_kind) withheld_counts[kind] = n;

  // Readiness: what the receiver needs to run the programme from the day of the handover.
  int64_t receiver_counsellors = 0;
  (void)ForEach(ctx_.store(), "user", {{"organization_id", s.receiver}}, [&](Record& u) {
    if (u.data.value("active", true)) {
      for (const Json& role : u.data.value("roles", Json::array())) {
        if (role == "counsellor") ++receiver_counsellors;
      }
    }
    return Status::Ok();
  });
  auto key = keys_.PublicKey(s.receiver);
  const Json approvals = s.plan.data.value("approvals", Json::array());
  auto approved_as = [&](const char* role) {
    return std::any_of(approvals.begin(), approvals.end(), [&](const Json& a) { return Str(a, "role") == role; });
  };
  const int64_t open = static_cast<int64_t>(s.open_cases.size());
  Json readiness = Json::array({
      {{"item", "staff_trained"},
       {"state", s.receiver_participants > 0 ? "done" : "todo"},
       {"value", s.receiver_participants},
       {"detail", std::to_string(s.receiver_participants) + " of the receiver's staff took part in the programme's trainings"}},
      {{"item", "caseload"},
       {"state", open == 0 || receiver_counsellors > 0 ? "done" : "todo"},
       {"value", receiver_counsellors > 0 ? Json(static_cast<double>(open) / static_cast<double>(receiver_counsellors)) : Json()},
       {"detail", std::to_string(open) + " open cases for " + std::to_string(receiver_counsellors) +
                      " counsellors of the receiver on this server"}},
      {{"item", "consent_coverage"},
       {"state", coverage == 100 ? "done" : "info"},
       {"value", coverage},
       {"detail", std::to_string(identified) + " of " + std::to_string(people) +
                      " people consented to share their data with the receiver"}},
      {{"item", "risk_flags_resolved"},
       {"state", s.open_flags == 0 ? "done" : "todo"},
       {"value", s.open_flags},
       {"detail", std::to_string(s.open_flags) + " risk flags are not acknowledged"}},
      {{"item", "receiver_key"},
       {"state", key.ok() ? "done" : "todo"},
       {"value", key.ok() ? Json(key->fingerprint) : Json()},
       {"detail", key.ok() ? "the receiver's public key is registered" : "register the receiver's public key (its key card)"}},
      {{"item", "approvals"},
       {"state", approved_as("manager") && approved_as("admin") ? "done" : "todo"},
       {"value", approvals.size()},
       {"detail", "a manager and an admin of the sender approve the handover"}},
  });
  Json problems = s.problems;
  if (!key.ok()) {
    problems.push_back({{"code", "receiver_key_missing"},
                        {"message", "The receiver's public key is not registered: ask the receiver for its key card."}});
  }
  return {{"people", {{"total", people}, {"identified", identified}, {"deidentified", deidentified}, {"withheld", withheld},
                      {"consent_coverage_percent", coverage}, {"reasons", reasons}}},
          {"records", counts},
          {"withheld_records", withheld_counts},
          {"withheld", s.withheld},
          {"open_cases", s.open_cases},
          {"active_activities", s.active_activities},
          {"pending_referrals", s.pending_referrals},
          {"trained_staff", s.participants},
          {"cooperatives", s.cooperatives},
          {"documents", s.reports},
          {"site_moves", s.site_moves},
          {"problems", problems},
          {"readiness", readiness}};
}

Result<Json> HandoverService::Get(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record plan, Load(id));
  const AccessTarget target = TargetOfHandover(plan.data);
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kHandover, target));
  Json view = RecordView(plan);
  const std::string status = Str(plan.data, "status");
  // The preview is worked out for the sender while the plan can still move; the receiver sees
  // the counts, never which person stays or why.
  if (status != "accepted" && status != "cancelled") {
    BATON_ASSIGN_OR_RETURN(Selection s, Select(plan, Purpose::kPreview));
    Json preview = Preview(s);
    if (!who.is_system() && who.organization_id != Str(plan.data, "organization_id")) preview.erase("withheld");
    view["preview"] = std::move(preview);
  }
  return view;
}

Result<Json> HandoverService::Report(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record plan, Load(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kHandover, TargetOfHandover(plan.data)));
  Store& store = ctx_.store();
  auto name_of = [&](const char* kind, const std::string& rid, const char* field) -> Json {
    if (rid.empty()) return nullptr;
    auto r = store.Get(kind, rid);
    return Json{{"id", rid}, {"name", r.ok() ? Json(Str(r->data, field)) : Json(nullptr)}};
  };
  const Json& d = plan.data;
  Json approvals = Json::array();
  for (const Json& a : d.value("approvals", Json::array())) {
    Json name = Has(a, "name") ? a["name"] : Json();
    if (name.is_null()) {
      const Json user = name_of("user", Str(a, "user_id"), "display_name");
      if (user.is_object()) name = user["name"];
    }
    approvals.push_back({{"role", Str(a, "role")}, {"at", Str(a, "at")}, {"name", name}});
  }
  const Json package = d.value("package", Json());
  const Json accepted = d.value("accepted", Json());
  Json programme = name_of("programme", Str(d, "programme_id"), "name");
  Json advisors = Json::array();
  auto p = store.Get("programme", Str(d, "programme_id"));
  if (p.ok()) advisors = p->data.value("advisors", Json::array());
  for (Json& a : advisors) a["name"] = name_of("organization", Str(a, "organization_id"), "name")["name"];
  // What the programme was given since: refresher trainings, tools shared, advising sessions.
  Json support = {{"until", d.value("support_until", Json())}, {"advisors", advisors}};
  BATON_ASSIGN_OR_RETURN(Json given, ProgrammeSupport(store, Str(d, "programme_id")));
  support.update(given);
  return Json{{"handover",
               {{"id", plan.id},
                {"status", Str(d, "status")},
                {"programme", programme},
                {"sender", name_of("organization", Str(d, "organization_id"), "name")},
                {"receiver", name_of("organization", Has(d, "accepted_by_organization_id") ? Str(d, "accepted_by_organization_id")
                                                                                            : Str(d, "receiver_organization_id"),
                                     "name")},
                {"effective_date", Str(d, "effective_date")},
                {"purpose", Str(d, "purpose")},
                {"agreement_reference", Str(d, "agreement_reference")},
                {"support_until", d.value("support_until", Json())},
                {"non_consenting", Str(d, "non_consenting")}}},
              {"approvals", approvals},
              // What moved and on which consent: as packaged, and as the receiver took it.
              {"package", package},
              {"accepted", accepted},
              {"support", std::move(support)}};
}

Result<Record> HandoverService::Approve(const Principal& who, std::string_view id, std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, Load(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kExport, Resource::kHandover, TargetOfHandover(current.data)));
  if (if_match && *if_match != current.version) return Stale();
  const std::string status = Str(current.data, "status");
  if (status != "planned" && status != "approved") {
    return Status::ConflictField("status", "a handover that is " + status + " is not waiting for approval");
  }
  BATON_ASSIGN_OR_RETURN(Selection s, Select(current, Purpose::kPreview));
  Json preview = Preview(s);
  for (const Json& p : preview["problems"]) {
    if (Str(p, "code") != "receiver_key_missing") {
      return Status::ConflictField("status", "the handover cannot be approved: " + Str(p, "message"));
    }
  }
  Json approvals = current.data.value("approvals", Json::array());
  std::vector<std::string> roles;
  if (who.is_system()) roles = {"manager", "admin"};  // the command line acts for the data directory's holder
  else {
    if (who.has(Role::kManager)) roles.push_back("manager");
    if (who.has(Role::kAdmin)) roles.push_back("admin");
  }
  for (const Json& a : approvals) {
    if (!who.is_system() && Str(a, "user_id") == who.user_id) {
      return Status::ConflictField("approvals", "you approved this handover already; the other approval must come from "
                                                "another person");
    }
  }
  // One approval per person, in the role still missing (a manager who is also admin fills one).
  std::string role;
  for (const std::string& r : roles) {
    const bool given = std::any_of(approvals.begin(), approvals.end(), [&](const Json& a) { return Str(a, "role") == r; });
    if (!given) {
      role = r;
      if (!who.is_system()) break;
      approvals.push_back({{"user_id", who.user_id}, {"name", "command line"}, {"role", r}, {"at", FormatTimestamp(ctx_.clock().NowMs())}});
    }
  }
  if (role.empty()) return Status::ConflictField("approvals", "the handover has the approval your role gives already");
  if (!who.is_system()) {
    // The approver's name goes with the approval: the receiver, on another server, has no record of them.
    auto user = ctx_.store().Get("user", who.user_id);
    approvals.push_back({{"user_id", who.user_id},
                         {"name", user.ok() ? Str(user->data, "display_name") : who.username},
                         {"role", role},
                         {"at", FormatTimestamp(ctx_.clock().NowMs())}});
  }
  const bool both = std::any_of(approvals.begin(), approvals.end(), [](const Json& a) { return Str(a, "role") == "manager"; }) &&
                    std::any_of(approvals.begin(), approvals.end(), [](const Json& a) { return Str(a, "role") == "admin"; });
  return Write(who, current, {{"approvals", approvals}, {"status", both ? "approved" : "planned"}}, std::nullopt);
}

Result<HandoverPackageFile> HandoverService::Package(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record plan, Load(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kExport, Resource::kHandover, TargetOfHandover(plan.data)));
  const std::string status = Str(plan.data, "status");
  if (status != "approved" && status != "packaged") {
    return Status::ConflictField("status", "a handover is packaged once a manager and an admin approved it (it is " +
                                               status + ")");
  }
  BATON_ASSIGN_OR_RETURN(Selection s, Select(plan, Purpose::kPackage));
  if (!s.problems.empty()) {
    return Status::ConflictField("status", "the handover cannot be packaged: " + Str(s.problems[0], "message"));
  }
  auto recipient = keys_.PublicKey(s.receiver);
  if (!recipient.ok()) {
    return Status::ConflictField("receiver_organization_id",
                                 "the receiver's public key is not registered: ask the receiver for its key card");
  }
  auto sender = keys_.SecretKeys(s.sender);
  if (!sender.ok()) {
    return Status::ConflictField("organization_id", "the sending organisation has no key pair on this server: its admin "
                                                    "makes one (baton keys rotate)");
  }

  PackageContent content;
  // The history: every change of a record that moves, in log order, in the change sets that made
  // them (without their changes to records that stay). The log's index says which entries touch
  // records that move: those whose records all move go as they were logged, those that touch none
  // are not read, and only the others are parsed to leave out what stays.
  Store& store = ctx_.store();
  BATON_ASSIGN_OR_RETURN(auto head, store.Head());
  struct Touched {
    uint32_t records = 0;  // records the entry changes
    uint32_t moving = 0;   // of which move
  };
  std::vector<Touched> touched(static_cast<size_t>(head.first) + 1);
  BATON_RETURN_IF_ERROR(store.ScanLogIndex([&](std::string_view kind, std::string_view id, int64_t seq) {
    if (seq <= 0 || seq > head.first) return;
    Touched& t = touched[static_cast<size_t>(seq)];
    ++t.records;
    if (s.moving_keys.contains(Key(kind, id))) ++t.moving;
  }));
  int64_t after = 0;
  while (true) {
    BATON_ASSIGN_OR_RETURN(std::vector<StoredEntry> entries, store.ReadLog(after, 4000));
    if (entries.empty()) break;
    after = entries.back().seq;
    struct Kept {
      Status status;
      std::string line;  // empty when none of its records moves
      std::string actor;
    };
    std::vector<Kept> kept_of(entries.size());
    // Entries the index does not know (written since it was read) are parsed like mixed ones.
    auto known = [&](const StoredEntry& e) -> const Touched* {
      if (e.seq <= 0 || e.seq > head.first || touched[static_cast<size_t>(e.seq)].records == 0) return nullptr;
      return &touched[static_cast<size_t>(e.seq)];
    };
    // Parsing is most of the work where it is needed: on every core.
    ParallelFor(entries.size(), [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        StoredEntry& e = entries[i];
        const Touched* t = known(e);
        if (t != nullptr && t->moving == 0) continue;
        if (t != nullptr && t->moving == t->records) {
          kept_of[i].line = ChangeSetTextOf(e.body);
          if (!kept_of[i].line.empty()) {
            kept_of[i].actor = std::move(e.actor);
            continue;
          }
        }
        auto entry = ParseEntry(e.body, e.hash);
        if (!entry.ok()) {
          kept_of[i].status = entry.status();
          continue;
        }
        std::vector<EntityChange> kept;
        for (EntityChange& c : entry->set.changes) {
          if (s.moving_keys.contains(Key(c.kind, c.id))) kept.push_back(std::move(c));
        }
        if (kept.empty()) continue;
        kept_of[i].actor = entry->set.actor;
        // A change set whose records all move goes as it was logged; of the others, what moves.
        std::string line = kept.size() == entry->set.changes.size() ? ChangeSetTextOf(e.body) : std::string();
        if (line.empty()) {
          entry->set.changes = std::move(kept);
          line = ChangeSetJson(entry->set).dump();
        }
        kept_of[i].line = std::move(line);
      }
    }, 256);
    for (Kept& k : kept_of) {
      BATON_RETURN_IF_ERROR(k.status);
      if (k.line.empty()) continue;
      s.staff.insert(std::move(k.actor));
      content.changes.push_back(std::move(k.line));
    }
  }
  // The snapshot the history must fold into, and the keys of the sealed fields.
  std::map<std::string, std::vector<std::string>> ids_by_kind;
  for (const Selection::Moving& m : s.moving) {
    content.records.push_back(Json{{"kind", m.kind}, {"id", m.id}, {"version", m.version}, {"hash", m.hash}}.dump());
    ids_by_kind[m.kind].push_back(m.id);
  }
  for (const auto& [pid, data] : s.stubs) content.stubs.push_back(Json{{"kind", "person"}, {"id", pid}, {"data", data}}.dump());
  // The referral directory's entries the referrals name, so the receiver knows where its people
  // were referred (organisations' services: nothing personal).
  for (const std::string& sid : s.services) {
    auto service = store.Get("service", sid);
    if (!service.ok()) continue;
    Json data = Json::object();
    for (const char* f : kDirectoryFields) {
      if (Has(service->data, f)) data[f] = service->data[f];
    }
    content.stubs.push_back(Json{{"kind", "service"}, {"id", sid}, {"data", data}}.dump());
  }
  for (const auto& [kind, ids] : ids_by_kind) {
    for (size_t i = 0; i < ids.size(); i += 500) {
      std::vector<std::string> batch(ids.begin() + static_cast<std::ptrdiff_t>(i),
                                     ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + 500)));
      BATON_ASSIGN_OR_RETURN(auto wrapped, store.GetRecordKeys(kind, batch));
      for (const auto& [rid, w] : wrapped) {
        BATON_ASSIGN_OR_RETURN(std::string key, ctx_.keys().Unwrap(w, kind, rid));
        content.keys.push_back(Json{{"kind", kind}, {"id", rid}, {"key", crypto::Base64Url(key)}}.dump());
      }
    }
  }

  // The manifest: the terms, what moves, on which consent, and what stays (counted, never named).
  Json preview = Preview(s);
  Json basis = Json::array();
  for (const auto& [pid, t] : s.people) {
    if (t.transfer == Transfer::kIdentified) basis.push_back({{"person_id", pid}, {"consent_id", t.basis_id}});
  }
  Json staff = Json::array();
  for (const std::string& uid : s.staff) {
    auto u = store.Get("user", uid);
    if (u.ok()) {
      staff.push_back({{"id", uid}, {"display_name", Str(u->data, "display_name")}, {"roles", u->data.value("roles", Json::array())}});
    }
  }
  auto receiver_org = store.Get("organization", s.receiver);
  auto sender_org = store.Get("organization", s.sender);
  Json handover = {{"id", plan.id},
                   {"programme_id", s.programme.id},
                   {"programme_name", Str(s.programme.data, "name")},
                   {"effective_date", Str(plan.data, "effective_date")},
                   {"purpose", Str(plan.data, "purpose")},
                   {"agreement_reference", Str(plan.data, "agreement_reference")},
                   {"support_until", plan.data.value("support_until", Json())},
                   {"non_consenting", Str(plan.data, "non_consenting")},
                   {"approvals", plan.data.value("approvals", Json::array())},
                   {"site_moves", s.site_moves},
                   // The day consent was checked besides the effective date (withdrawals up to it honoured).
                   {"consent_checked_on", ctx_.Today()}};
  Json manifest = {{"handover", handover},
                   {"records", preview["records"]},
                   {"people", preview["people"]},
                   {"withheld_records", preview["withheld_records"]},
                   {"consent_basis", basis},
                   {"open_cases", s.open_cases},
                   {"active_activities", s.active_activities},
                   {"pending_referrals", s.pending_referrals},
                   {"staff", staff},
                   {"readiness", preview["readiness"]}};
  PackageHeader header;
  header.package_id = ctx_.NewId();
  header.handover_id = plan.id;
  const int64_t made_ms = ctx_.clock().NowMs();
  header.created_at = FormatTimestamp(made_ms);
  header.sender_organization_id = s.sender;
  header.sender_name = sender_org.ok() ? Str(sender_org->data, "name") : s.sender;
  header.sender_public_key = sender->public_key.text;
  header.recipient_organization_id = s.receiver;
  header.recipient_name = receiver_org.ok() ? Str(receiver_org->data, "name") : s.receiver;
  header.recipient_public_key = recipient->text;
  HandoverPackageFile file;
  file.bytes = WritePackage(header, content, manifest, *sender, *recipient, ctx_.random());
  file.file_name = "handover-" + plan.id + ".baton";
  Json summary = PackageSummary(manifest);
  summary.update({{"id", header.package_id},
                  {"created_at", header.created_at},
                  {"created_ms", made_ms},
                  {"bytes", file.bytes.size()},
                  {"hash", crypto::Blake2bHex(file.bytes)},
                  {"change_sets", content.changes.size()}});
  BATON_RETURN_IF_ERROR(Write(who, plan, {{"status", "packaged"}, {"package", summary}}, std::nullopt).status());
  return file;
}

Result<Record> HandoverService::Complete(const Principal& who, std::string_view id, const Json& input) {
  BATON_ASSIGN_OR_RETURN(Record plan, Load(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kExport, Resource::kHandover, TargetOfHandover(plan.data)));
  const std::string status = Str(plan.data, "status");
  if (status == "accepted") return Status::ConflictField("status", "the handover was accepted already; nothing was changed");
  if (status != "packaged") {
    return Status::ConflictField("status", "a handover is completed with the receiver's receipt after its package was made (it is " +
                                               status + ")");
  }
  // The receipt: made by the receiver (signed with the key registered here for it), for the
  // package this plan made last.
  const std::string text = input.is_object() ? Str(input, "receipt") : std::string();
  auto signature = crypto::FromBase64Url(input.is_object() ? Str(input, "signature") : std::string());
  const Json receipt = Json::parse(text, nullptr, false);
  if (!receipt.is_object() || !signature.ok()) {
    return Status::InvalidField("receipt", "must be the receipt the receiver's import gave: {\"receipt\": \"...\", \"signature\": \"...\"}");
  }
  const std::string receiver = Str(plan.data, "receiver_organization_id");
  auto key = keys_.PublicKey(receiver);
  if (!key.ok()) return Status::ConflictField("receiver_organization_id", "the receiver's public key is not registered");
  if (!crypto::VerifySignature(key->sign_key, text, *signature)) {
    return Status::InvalidField("receipt", "the receipt's signature does not verify with the receiver's key: it was altered or not "
                                           "made by the receiver");
  }
  const Json package = plan.data.value("package", Json::object());
  if (Str(receipt, "handover_id") != plan.id || Str(receipt, "package_id") != Str(package, "id") ||
      Str(receipt, "package_hash") != Str(package, "hash")) {
    return Status::InvalidField("receipt", "the receipt is for another package than the one made here last (" + Str(package, "id") + ")");
  }

  // The records that moved become the receiver's here too: the sender's staff keep what the
  // advisor role gives until the support ends. A record made here after the package was made
  // never reached the receiver, so it stays the sender's.
  BATON_ASSIGN_OR_RETURN(Selection s, Select(plan, Purpose::kComplete));
  const int64_t made_ms = package.value("created_ms", int64_t{0});
  std::unordered_set<std::string> later;
  if (made_ms > 0) {
    for (const auto& [kind, n] : s.moving_by_kind) {
      BATON_RETURN_IF_ERROR(ctx_.store().Scan({.kind = kind, .columns = {"id", "created_ms"}}, [&](ScanRow row) {
        if (row[0] && row[1] && std::stoll(std::string(*row[1])) > made_ms) later.insert(Key(kind, *row[0]));
      }));
    }
  }
  std::vector<EntityChange> changes;
  int64_t stayed = 0;
  for (const Selection::Moving& m : s.moving) {
    if (later.contains(Key(m.kind, m.id))) {
      ++stayed;
      continue;
    }
    EntityChange c{m.kind, m.id, ChangeOp::kUpdate, OwnershipPatch(m.kind, receiver, plan.id, plan.data, s.sender)};
    c.expected_version = m.version;
    changes.push_back(std::move(c));
  }
  std::vector<ChangeSet> sets;
  AppendInSets(ctx_, who, changes, sets);
  const Json accepted = {{"at", Str(receipt, "accepted_at")},
                         {"organization_id", receiver},
                         {"package_id", Str(receipt, "package_id")},
                         {"records", receipt.value("records", Json::object())},
                         {"deidentified_people", receipt.value("deidentified_people", Json(0))},
                         {"receipt", input},
                         {"completed_at", FormatTimestamp(ctx_.clock().NowMs())},
                         {"completed_by", who.user_id},
                         {"made_after_package", stayed}};
  ChangeSet final_set = ctx_.NewChangeSet(who);
  EntityChange done{kHandover, plan.id, ChangeOp::kUpdate,
                    {{"status", "accepted"}, {"accepted", accepted}, {"accepted_by_organization_id", receiver}}};
  done.expected_version = plan.version;
  final_set.changes.push_back(std::move(done));
  sets.push_back(std::move(final_set));
  auto applied = ctx_.store().CommitBatch(std::move(sets));
  if (!applied.ok() && applied.status().code() == Code::kPreconditionFailed) {
    return Status::Conflict("records of the programme changed while the handover was being completed; try again");
  }
  BATON_RETURN_IF_ERROR(applied.status());
  return Load(id);
}

// ---- The receiver's side ----

struct HandoverService::Opened {
  OpenedPackage package;
  OrgSecretKeys local_keys;  // the key pairs the package is addressed to (they sign the receipt)
  std::string local_org;  // the receiving organisation here
  std::string local_org_name;
  bool sender_known = false;
  PackageHistory content;  // people and consents folded
  bool already_imported = false;
  std::string existing_status;  // the plan's status here, when this server holds it
  int64_t existing_version = 0;
};

Result<HandoverService::Opened> HandoverService::Open(const Principal& who, std::string_view bytes) {
  BATON_ASSIGN_OR_RETURN(PackageHeader header, ReadPackageHeader(bytes));
  // Which organisation here the package is addressed to: the one whose key it names.
  BATON_ASSIGN_OR_RETURN(std::vector<std::string> locals, keys_.LocalOrganizations());
  std::optional<OrgSecretKeys> mine;
  for (const std::string& org : locals) {
    auto k = keys_.SecretKeys(org);
    if (k.ok() && k->public_key.text == header.recipient_public_key) mine = std::move(*k);
  }
  if (!mine) {
    auto recipient = ParseOrgPublicKey(header.recipient_public_key);
    return Status::InvalidField("package", "the package is addressed to " + header.recipient_name + " (key " +
                           (recipient.ok() ? recipient->fingerprint : std::string("unreadable")) +
                           "), and no organisation on this server holds that key");
  }
  Opened o;
  o.local_keys = *mine;
  o.local_org = mine->public_key.organization_id;
  AccessTarget target;
  target.organization_id = o.local_org;
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kImport, Resource::kHandover, target));
  BATON_ASSIGN_OR_RETURN(o.package, OpenPackage(bytes, *mine));
  Store& store = ctx_.store();
  auto local = store.Get("organization", o.local_org);
  o.local_org_name = local.ok() ? Str(local->data, "name") : o.local_org;
  // A sender this server knows must have signed with the key registered for it.
  auto known = keys_.PublicKey(header.sender_organization_id);
  if (known.ok()) {
    if (known->text != header.sender_public_key) {
      return Status::InvalidField("package", "the package says it comes from " + header.sender_name +
                             ", but it is signed with another key than the one registered here for that organisation");
    }
    o.sender_known = true;
  }
  const Json& manifest = o.package.manifest;
  BATON_RETURN_IF_ERROR(CheckManifest(manifest));
  const Json handover = manifest["handover"];
  if (Str(handover, "id") != header.handover_id) return Status::InvalidField("package", "the package's manifest names another handover");

  // The history, folded, must give the snapshot: nothing missing, nothing added.
  BATON_ASSIGN_OR_RETURN(o.content, FoldPackageHistory(o.package.content, {"person", "consent"}));
  const bool holds_programme = std::any_of(o.content.records.begin(), o.content.records.end(), [&](const PackageRecord& r) {
    return r.kind == "programme" && r.id == Str(handover, "programme_id");
  });
  if (!holds_programme) return Status::InvalidField("package", "the package does not hold the programme its manifest names");
  // Nobody's identity arrives without a consent that covers it: checked here again, on the
  // consent records that came with the person.
  const std::string effective = Str(handover, "effective_date");
  const std::string checked_on = Str(handover, "consent_checked_on");
  std::map<std::string, std::vector<ConsentRecord>> consents;
  for (const auto& [key, data] : o.content.folded) {
    if (key.starts_with("consent/")) {
      auto& list = consents[Str(data, "person_id")];
      list.push_back(ConsentRecordOf(data, key.substr(8), static_cast<int64_t>(list.size())));
    }
  }
  for (const auto& [key, data] : o.content.folded) {
    if (!key.starts_with("person/")) continue;
    const std::string pid = key.substr(7);
    // A record merged into another moves on its survivor's consent.
    const Json* decisive = &data;
    if (Str(data, "status") == "merged") {
      auto survivor = o.content.folded.find("person/" + Str(data, "merged_into"));
      if (survivor == o.content.folded.end()) {
        return Status::InvalidField("package", "the package carries the identity of person " + pid + " without the record it was merged into");
      }
      decisive = &survivor->second;
    }
    const std::string decisive_id = decisive == &data ? pid : Str(data, "merged_into");
    PersonTransfer t = DecidePersonTransfer(Str(*decisive, "status"), consents[decisive_id], Str(*decisive, "birth_date_est"),
                                            header.recipient_organization_id, effective, checked_on, false);
    if (t.transfer != Transfer::kIdentified) {
      return Status::InvalidField("package", "the package carries the identity of person " + pid +
                             " without a consent to share with the receiver that covers it: " + t.reason);
    }
  }
  auto existing = store.Get(kHandover, header.handover_id);
  if (existing.ok()) {
    o.existing_status = Str(existing->data, "status");
    o.existing_version = existing->version;
    o.already_imported = o.existing_status == "accepted";
  }
  return o;
}

Json HandoverService::VerifyReport(const Opened& o) const {
  const PackageHeader& h = o.package.header;
  const Json& m = o.package.manifest;
  auto fingerprint = [](const std::string& text) {
    auto k = ParseOrgPublicKey(text);
    return k.ok() ? k->fingerprint : std::string();
  };
  Json open_cases = m.value("open_cases", Json::array());
  std::map<std::string, std::string> names;
  for (const Json& u : m.value("staff", Json::array())) names[Str(u, "id")] = Str(u, "display_name");
  for (Json& c : open_cases) {
    c["counsellor_name"] = names[Str(c, "counsellor_id")];
    c["supervisor_name"] = names[Str(c, "supervisor_id")];
  }
  return {{"package_id", h.package_id},
          {"created_at", h.created_at},
          {"handover", m.value("handover", Json::object())},
          {"sender",
           {{"organization_id", h.sender_organization_id},
            {"name", h.sender_name},
            {"fingerprint", fingerprint(h.sender_public_key)},
            {"known", o.sender_known}}},
          {"recipient", {{"organization_id", o.local_org}, {"name", o.local_org_name}, {"fingerprint", fingerprint(h.recipient_public_key)}}},
          {"records", m.value("records", Json::object())},
          {"people", m.value("people", Json::object())},
          {"withheld_records", m.value("withheld_records", Json::object())},
          {"change_sets", o.content.sets.size()},
          {"open_cases", open_cases},
          {"staff", m.value("staff", Json::array())},
          {"active_activities", m.value("active_activities", Json::array())},
          {"pending_referrals", m.value("pending_referrals", 0)},
          {"readiness", m.value("readiness", Json::array())},
          {"already_imported", o.already_imported},
          {"verified", true}};
}

// A package that opens and verifies was made by whoever holds the key in its header — anyone can
// make one — so a manifest of the wrong shape is a refusal like any other, never an error.
Result<Json> HandoverService::Verify(const Principal& who, std::string_view bytes) {
  try {
    BATON_ASSIGN_OR_RETURN(Opened o, Open(who, bytes));
    return VerifyReport(o);
  } catch (const Json::exception& e) {
    return Status::InvalidField("package", std::string("the package's manifest is malformed: ") + e.what());
  }
}

Result<Json> HandoverService::Import(const Principal& who, std::string_view bytes, const Json& options) {
  try {
    return ImportOpened(who, bytes, options);
  } catch (const Json::exception& e) {
    return Status::InvalidField("package", std::string("the package's manifest is malformed: ") + e.what());
  }
}

Result<Json> HandoverService::ImportOpened(const Principal& who, std::string_view bytes, const Json& options) {
  BATON_ASSIGN_OR_RETURN(Opened o, Open(who, bytes));
  const PackageHeader& h = o.package.header;
  if (o.already_imported) {
    return Status::Conflict("this handover was imported already (package " + h.package_id + "); nothing was changed");
  }
  if (o.existing_status == "cancelled") return Status::Conflict("this handover was cancelled; nothing was imported");
  Store& store = ctx_.store();
  const Json& manifest = o.package.manifest;
  const Json handover = manifest.value("handover", Json::object());

  // Who takes over the open cases: each counsellor and supervisor named needs a user of the
  // receiving organisation with the same role.
  const Json assignments = options.is_object() ? options.value("assignments", Json::object()) : Json::object();
  if (!assignments.is_object()) return Status::InvalidField("assignments", "must be an object of user ids");
  std::vector<FieldError> errors;
  auto assignee = [&](const std::string& old_id, Role role, const char* what) -> std::string {
    if (old_id.empty()) return "";
    const std::string new_id = assignments.contains(old_id) && assignments[old_id].is_string()
                                   ? assignments[old_id].get<std::string>()
                                   : std::string();
    if (new_id.empty()) {
      errors.push_back({"assignments." + old_id, std::string("open cases of this ") + what + " need a " + what + " of " +
                                                     o.local_org_name});
      return "";
    }
    auto u = store.Get("user", new_id);
    bool ok = u.ok() && Str(u->data, "organization_id") == o.local_org && u->data.value("active", true);
    if (ok) {
      const Json roles = u->data.value("roles", Json::array());
      ok = std::find(roles.begin(), roles.end(), Json(RoleName(role))) != roles.end();
    }
    if (!ok) {
      errors.push_back({"assignments." + old_id, "must be an active " + std::string(what) + " of " + o.local_org_name});
    }
    return new_id;
  };
  std::map<std::string, Json> case_patches;
  for (const Json& c : manifest.value("open_cases", Json::array())) {
    Json patch = Json::object();
    const std::string counsellor = assignee(Str(c, "counsellor_id"), Role::kCounsellor, "counsellor");
    const std::string supervisor = assignee(Str(c, "supervisor_id"), Role::kSupervisor, "supervisor");
    if (!counsellor.empty()) patch["counsellor_id"] = counsellor;
    if (!supervisor.empty()) patch["supervisor_id"] = supervisor;
    case_patches[Str(c, "case_id")] = std::move(patch);
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));

  // 1. The history, as it was written (change sets already here are skipped by the store).
  std::vector<ChangeSet> sets = std::move(o.content.sets);
  for (const ChangeSet& set : sets) ctx_.ObserveHlc(set.hlc);
  const int64_t history_sets = static_cast<int64_t>(sets.size());
  // 2. The de-identified stand-ins, and the referral directory's entries the referrals name,
  //    unless this server holds the record already (both organisations on one server: the sender
  //    keeps its own).
  std::vector<EntityChange> changes;
  int64_t stubs = 0, services = 0;
  for (const std::string& line : o.package.content.stubs) {
    Json j = Json::parse(line, nullptr, false);
    const std::string kind = Str(j, "kind");
    const std::string id = Str(j, "id");
    if ((kind != "person" && kind != "service") || !IsUuid(id) || !j.contains("data") || !j["data"].is_object()) {
      return Status::InvalidField("package", "the package holds a malformed de-identified record");
    }
    auto present = store.Get(kind, id);
    if (present.ok()) continue;
    if (present.status().code() != Code::kNotFound) return present.status();
    Json data = Json::object();
    if (kind == "person") {
      data = j["data"];
    } else {
      for (const char* f : kDirectoryFields) {
        if (Has(j["data"], f)) data[f] = j["data"][f];
      }
      if (!data.contains("name") || !data["name"].is_string()) {
        return Status::InvalidField("package", "the package holds a malformed referral directory entry");
      }
      data["organization_id"] = o.local_org;
    }
    data["handover_id"] = h.handover_id;
    changes.push_back({kind, id, ChangeOp::kCreate, std::move(data)});
    ++(kind == "person" ? stubs : services);
  }
  AppendInSets(ctx_, who, changes, sets);
  // 3. Ownership: every record that moved is the receiver's from now on; open cases get their new
  //    counsellors; the programme names the former owner as its advisor until the support ends.
  std::map<std::string, int64_t> imported;
  // The name index terms of the people who arrive, made with this server's key: on every core.
  const std::vector<PackageRecord>& records = o.content.records;
  std::vector<std::optional<std::vector<int64_t>>> terms(records.size());
  ParallelFor(records.size(), [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      if (records[i].kind != "person") continue;
      const std::string key = Key("person", records[i].id);
      auto k = o.content.keys.find(key);
      auto folded = o.content.folded.find(key);
      if (k == o.content.keys.end() || folded == o.content.folded.end()) continue;
      auto sealed = OpenFields(k->second, "person", records[i].id, Str(folded->second, "sealed"));
      if (sealed.ok()) terms[i] = persons_.NameTerms(*sealed);
    }
  });
  for (size_t i = 0; i < records.size(); ++i) {
    const PackageRecord& r = records[i];
    const std::string key = Key(r.kind, r.id);
    Json patch = OwnershipPatch(r.kind, o.local_org, h.handover_id, handover, h.sender_organization_id);
    if (r.kind == "case") {
      auto it = case_patches.find(r.id);
      if (it != case_patches.end()) patch.update(it->second);
    }
    EntityChange c{r.kind, r.id, ChangeOp::kUpdate, std::move(patch)};
    c.expected_version = r.version;
    auto k = o.content.keys.find(key);
    if (k != o.content.keys.end()) {
      c.local.record_key = ctx_.keys().Wrap(k->second, r.kind, r.id, ctx_.random());
      c.local.search_terms = std::move(terms[i]);
    }
    changes.push_back(std::move(c));
    ++imported[r.kind];
  }
  AppendInSets(ctx_, who, changes, sets);
  // 4. The handover itself, accepted: the receiver's record of what it took, and when, with the
  //    receipt that completes the handover on the sender's server (signed with the key the package
  //    was sealed to).
  const std::string at = FormatTimestamp(ctx_.clock().NowMs());
  const std::string receipt_text = Json{{"format", kHandoverReceiptFormat},
                                        {"handover_id", h.handover_id},
                                        {"package_id", h.package_id},
                                        {"package_hash", crypto::Blake2bHex(bytes)},
                                        {"accepted_at", at},
                                        {"receiver", {{"organization_id", o.local_org}, {"name", o.local_org_name}}},
                                        {"records", imported},
                                        {"deidentified_people", stubs}}
                                       .dump();
  const Json receipt = {{"receipt", receipt_text},
                        {"signature", crypto::Base64Url(crypto::Sign(o.local_keys.signing, receipt_text))}};
  const Json accepted = {{"at", at},
                         {"by", who.user_id},
                         {"organization_id", o.local_org},
                         {"package_id", h.package_id},
                         {"records", imported},
                         {"deidentified_people", stubs},
                         {"directory_services", services},
                         {"receipt", receipt}};
  ChangeSet final_set = ctx_.NewChangeSet(who);
  if (o.existing_version > 0) {
    EntityChange c{kHandover, h.handover_id, ChangeOp::kUpdate,
                   {{"status", "accepted"}, {"accepted", accepted}, {"accepted_by_organization_id", o.local_org}}};
    c.expected_version = o.existing_version;
    final_set.changes.push_back(std::move(c));
  } else {
    Json data = {{"organization_id", h.sender_organization_id},
                 {"programme_id", Str(handover, "programme_id")},
                 {"receiver_organization_id", h.recipient_organization_id},
                 {"accepted_by_organization_id", o.local_org},
                 {"status", "accepted"},
                 {"accepted", accepted}};
    for (const char* f : {"effective_date", "purpose", "agreement_reference", "support_until", "non_consenting", "approvals"}) {
      if (Has(handover, f)) data[f] = handover[f];
    }
    data["package"] = PackageSummary(manifest);
    data["package"].update({{"id", h.package_id}, {"created_at", h.created_at}, {"change_sets", history_sets}});
    final_set.changes.push_back({kHandover, h.handover_id, ChangeOp::kCreate, std::move(data)});
  }
  sets.push_back(std::move(final_set));
  auto applied = store.CommitBatch(std::move(sets));
  if (!applied.ok()) {
    if (applied.status().code() == Code::kPreconditionFailed) {
      return Status::Conflict("records of the programme changed after the package was made; ask the sender for a new "
                              "package. Nothing was imported.");
    }
    if (applied.status().code() == Code::kConflict) {
      return Status::Conflict("the package's records clash with records held here (" + applied.status().message() +
                              "). Nothing was imported.");
    }
    return applied.status();
  }
  return Json{{"handover_id", h.handover_id},
              {"package_id", h.package_id},
              {"programme_id", Str(handover, "programme_id")},
              {"organization_id", o.local_org},
              {"change_sets_applied", *applied},
              {"history_change_sets", history_sets},
              {"records", imported},
              {"deidentified_people", stubs},
              {"directory_services", services},
              {"open_cases_reassigned", case_patches.size()},
              {"receipt", receipt}};
}

}  // namespace baton
