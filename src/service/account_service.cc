#include "service/account_service.h"

#include <algorithm>

#include "domain/accounts.h"
#include "service/record_view.h"
#include "store/schema.h"

namespace baton {
namespace {

struct CollectionInfo {
  Collection collection;
  const char* name;
  const char* kind;
  Resource resource;
  const RecordSpec& (*spec)();
};

const CollectionInfo kCollections[] = {
    {Collection::kOrganizations, "organizations", "organization", Resource::kOrganization, &OrganizationSpec},
    {Collection::kSites, "sites", "site", Resource::kSite, &SiteSpec},
    {Collection::kProgrammes, "programmes", "programme", Resource::kProgramme, &ProgrammeSpec},
    {Collection::kUsers, "users", "user", Resource::kUser, &UserSpec},
};

const CollectionInfo& Info(Collection c) { return kCollections[static_cast<int>(c)]; }

// A store conflict "<field> is already taken" becomes a conflict that names the field.
Status NameConflictField(const Status& s) {
  if (s.code() != Code::kConflict) return s;
  const std::string& m = s.message();
  size_t space = m.find(' ');
  if (space != std::string::npos && m.compare(space, std::string::npos, " is already taken") == 0) {
    return Status::ConflictField(m.substr(0, space), "is already taken");
  }
  return s;
}

// The store's answer to a stale expected version, phrased for the client.
Status Stale(const Status& s) {
  if (s.code() != Code::kPreconditionFailed) return s;
  return Status::PreconditionFailed(
      "the record was changed by someone else since you loaded it; reload it and apply your change again");
}

}  // namespace

std::optional<Collection> ParseCollection(std::string_view name) {
  for (const CollectionInfo& i : kCollections) {
    if (name == i.name) return i.collection;
  }
  return std::nullopt;
}

const char* CollectionName(Collection c) { return Info(c).name; }
const char* KindOf(Collection c) { return Info(c).kind; }
Resource ResourceOf(Collection c) { return Info(c).resource; }

AccessTarget TargetOf(Collection c, const Record& r, std::string_view today) {
  if (c == Collection::kProgrammes) return ProgrammeTarget(r.data, today);
  AccessTarget t;
  t.organization_id = c == Collection::kOrganizations ? r.id : r.data.value("organization_id", "");
  if (c == Collection::kUsers) t.user_id = r.id;
  return t;
}

Result<Record> AccountService::Load(Collection c, std::string_view id) {
  auto r = ctx_.store().Get(Info(c).kind, id);
  if (!r.ok() && r.status().code() == Code::kNotFound) {
    return Status::NotFound(std::string("no ") + Info(c).kind + " with id " + std::string(id));
  }
  return r;
}

Result<Page> AccountService::List(const Principal& who, Collection c, const ListParams& params) {
  const CollectionInfo& info = Info(c);
  if (!AccessPolicy::MayList(who, info.resource)) {
    return Status::Forbidden(std::string("your roles do not allow you to list ") + info.name);
  }
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  const EntityTable* table = FindEntityTable(info.kind);
  ListQuery q{.kind = info.kind, .contains = params.search, .limit = params.limit};
  for (const auto& [field, value] : params.filters) {
    const Column* col = FindColumn(*table, field);
    if (col == nullptr) return Status::InvalidField(field, std::string("cannot filter ") + info.name + " by this");
    if (col->type == ColumnType::kBoolean) {
      if (value != "true" && value != "false") return Status::InvalidField(field, "must be true or false");
      q.equals.emplace_back(field, value == "true");
    } else {
      q.equals.emplace_back(field, value);
    }
  }
  // Users are only ever listed within the caller's organisation.
  if (c == Collection::kUsers && !who.is_system()) q.equals.emplace_back("organization_id", who.organization_id);
  if (!params.cursor.empty()) {
    auto after = crypto::FromBase64Url(params.cursor);
    if (!after.ok()) return Status::InvalidField("cursor", "is not a cursor from a previous page");
    q.after_id = *after;
  }

  // Records the caller may not read are skipped; keep reading until the page is full.
  Page page;
  for (int rounds = 0; rounds < 100; ++rounds) {
    BATON_ASSIGN_OR_RETURN(RecordPage chunk, ctx_.store().List(q));
    for (Record& r : chunk.items) {
      q.after_id = r.id;
      if (!AccessPolicy::Check(who, Action::kRead, info.resource, TargetOf(c, r, ctx_.Today())).ok()) continue;
      page.items.push_back(std::move(r));
      if (static_cast<int>(page.items.size()) == params.limit) {
        const std::string& last = page.items.back().id;
        bool more = chunk.has_more || &r != &chunk.items.back();
        if (more) page.next_cursor = crypto::Base64Url({reinterpret_cast<const uint8_t*>(last.data()), last.size()});
        return page;
      }
    }
    if (!chunk.has_more) return page;
  }
  const std::string& last = q.after_id;
  page.next_cursor = crypto::Base64Url({reinterpret_cast<const uint8_t*>(last.data()), last.size()});
  return page;
}

Result<Record> AccountService::Get(const Principal& who, Collection c, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record r, Load(c, id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Info(c).resource, TargetOf(c, r, ctx_.Today())));
  return r;
}

Result<Json> AccountService::Me(const Principal& who) {
  BATON_ASSIGN_OR_RETURN(Record user, Load(Collection::kUsers, who.user_id));
  Json out = RecordView(user);
  if (auto org = ctx_.store().Get("organization", who.organization_id); org.ok()) {
    out["organization"] = {{"id", org->id}, {"code", org->data.value("code", "")}, {"name", org->data.value("name", "")}};
  }
  return out;
}

Status AccountService::CheckReferences(Collection c, const Json& state) {
  if (c != Collection::kProgrammes) return Status::Ok();
  BATON_RETURN_IF_ERROR(CheckProgrammeDates(state));
  if (state.contains("site_id")) {
    auto site = ctx_.store().Get("site", state["site_id"].get<std::string>());
    if (!site.ok()) {
      if (site.status().code() == Code::kNotFound) return Status::InvalidField("site_id", "no such site");
      return site.status();
    }
    if (!site->data.value("active", true)) return Status::InvalidField("site_id", "the site is deactivated");
  }
  if (state.contains("viewer_organization_ids")) {
    for (const Json& id : state["viewer_organization_ids"]) {
      auto org = ctx_.store().Get("organization", id.get<std::string>());
      if (!org.ok()) {
        if (org.status().code() == Code::kNotFound) {
          return Status::InvalidField("viewer_organization_ids", "no organisation with id " + id.get<std::string>());
        }
        return org.status();
      }
    }
  }
  return Status::Ok();
}

Result<Record> AccountService::Create(const Principal& who, Collection c, const Json& input,
                                      std::string_view owner_organization_id) {
  const CollectionInfo& info = Info(c);
  BATON_ASSIGN_OR_RETURN(Json data, ValidateInput(info.spec(), input, InputMode::kCreate));
  std::string id = ctx_.NewId();
  std::string owner = who.is_system() ? std::string(owner_organization_id) : who.organization_id;
  if (c == Collection::kOrganizations) owner = id;
  if (owner.empty()) return Status::InvalidField("organization_id", "is required");
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, info.resource, {owner, "", {}}));
  if (c != Collection::kOrganizations) {
    auto org = ctx_.store().Get("organization", owner);
    if (!org.ok()) return Status::InvalidField("organization_id", "no such organisation");
    data["organization_id"] = owner;
  }
  if (!data.contains("active")) data["active"] = true;
  if (c == Collection::kProgrammes && !data.contains("status")) data["status"] = "active";
  BATON_RETURN_IF_ERROR(CheckReferences(c, data));

  ChangeSet set = ctx_.NewChangeSet(who);
  if (c == Collection::kUsers) {
    std::string password = data["password"].get<std::string>();
    data.erase("password");
    BATON_ASSIGN_OR_RETURN(EntityChange cred,
                           auth_.CredentialChange(id, data["username"].get<std::string>(), password, ChangeOp::kCreate));
    set.changes.push_back({info.kind, id, ChangeOp::kCreate, std::move(data), {}});
    set.changes.push_back(std::move(cred));
  } else {
    set.changes.push_back({info.kind, id, ChangeOp::kCreate, std::move(data), {}});
  }
  auto receipt = ctx_.store().Commit(std::move(set));
  if (!receipt.ok()) return NameConflictField(receipt.status());
  return Load(c, id);
}

Result<Record> AccountService::Write(const Principal& who, Collection c, const Record& current, Json patch,
                                     std::optional<int64_t> if_match) {
  if (if_match && *if_match != current.version) return Stale(Status::PreconditionFailed(""));
  // Only fields that really change go into the log.
  for (auto it = patch.begin(); it != patch.end();) {
    bool same = current.data.contains(it.key()) ? current.data[it.key()] == *it : it->is_null();
    it = same ? patch.erase(it) : std::next(it);
  }
  if (patch.empty()) return current;
  Json state = current.data;
  ApplyPatch(state, patch);
  BATON_RETURN_IF_ERROR(CheckReferences(c, state));
  if (c == Collection::kUsers && current.id == who.user_id) {
    if (patch.contains("active") && patch["active"] == false) {
      return Status::ConflictField("active", "cannot be set to false on your own account");
    }
    const Json& roles = state["roles"];
    if (patch.contains("roles") && who.has(Role::kAdmin) &&
        std::find(roles.begin(), roles.end(), Json("admin")) == roles.end()) {
      return Status::ConflictField("roles", "must keep admin on your own account");
    }
  }
  // An admin who deactivated their own organisation would lock everyone in it out for good.
  if (c == Collection::kOrganizations && current.id == who.organization_id && patch.contains("active") &&
      patch["active"] == false) {
    return Status::ConflictField("active", "cannot be set to false on your own organisation");
  }
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back({Info(c).kind, current.id, ChangeOp::kUpdate, std::move(patch), current.version});
  auto receipt = ctx_.store().Commit(std::move(set));
  if (!receipt.ok()) return Stale(NameConflictField(receipt.status()));
  if (c == Collection::kUsers) {
    if (!state.value("active", true)) BATON_RETURN_IF_ERROR(ctx_.store().DeleteUserSessions(current.id));
    auth_.ForgetUser(current.id);
  }
  return Load(c, current.id);
}

Result<Record> AccountService::Update(const Principal& who, Collection c, std::string_view id, const Json& patch,
                                      std::optional<int64_t> if_match) {
  const CollectionInfo& info = Info(c);
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(info.spec(), patch, InputMode::kPatch));
  // Deactivating and reactivating are one right: who may not deactivate may not undo it either.
  Action action = clean.contains("active") ? Action::kDeactivate : Action::kUpdate;
  // Without If-Match, a change made concurrently by someone else is not an error: the patch is
  // checked again on the fresh record and retried. Each round one writer wins, so this ends.
  for (int attempt = 0;; ++attempt) {
    BATON_ASSIGN_OR_RETURN(Record current, Load(c, id));
    BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, action, info.resource, TargetOf(c, current, ctx_.Today())));
    auto written = Write(who, c, current, clean, if_match);
    if (written.ok() || if_match || written.status().code() != Code::kPreconditionFailed || attempt == 1000) {
      return written;
    }
  }
}

Result<Record> AccountService::Deactivate(const Principal& who, Collection c, std::string_view id,
                                          std::optional<int64_t> if_match) {
  return Update(who, c, id, Json{{"active", false}}, if_match);
}

}  // namespace baton
