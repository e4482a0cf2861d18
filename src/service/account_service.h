// Organisations, sites, programmes and users: list, read, create, change and deactivate, each
// checked against the AccessPolicy and written as one change set.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access_policy.h"
#include "domain/record_spec.h"
#include "service/auth_service.h"
#include "service/context.h"

namespace baton {

enum class Collection { kOrganizations, kSites, kProgrammes, kUsers };
// "organizations" -> kOrganizations; nullopt for anything else.
std::optional<Collection> ParseCollection(std::string_view name);
const char* CollectionName(Collection c);
const char* KindOf(Collection c);        // the store's entity kind: "organization", ...
Resource ResourceOf(Collection c);       // what the AccessPolicy calls it

struct ListParams {
  std::map<std::string, std::string> filters;  // typed field -> value ("true"/"false" for flags)
  std::string search;                          // case-insensitive substring of the name
  std::string cursor;                          // from a previous page's next_cursor
  int limit = 50;                              // 1..200
};

struct Page {
  std::vector<Record> items;
  std::optional<std::string> next_cursor;
};

class AccountService {
 public:
  AccountService(ServiceContext& ctx, AuthService& auth) : ctx_(ctx), auth_(auth) {}

  Result<Page> List(const Principal& who, Collection c, const ListParams& params);
  Result<Record> Get(const Principal& who, Collection c, std::string_view id);
  // The caller's own user record with {"organization": {id, code, name}}.
  Result<Json> Me(const Principal& who);
  // `owner_organization_id` is used only when `who` is the system (command line, demo); a signed-in
  // user always creates records for their own organisation.
  Result<Record> Create(const Principal& who, Collection c, const Json& input,
                        std::string_view owner_organization_id = {});
  // A partial update; `if_match` is the version the client saw (kPreconditionFailed when stale).
  Result<Record> Update(const Principal& who, Collection c, std::string_view id, const Json& patch,
                        std::optional<int64_t> if_match);
  // Sets active=false; the record and its history stay.
  Result<Record> Deactivate(const Principal& who, Collection c, std::string_view id,
                            std::optional<int64_t> if_match);

 private:
  Result<Record> Load(Collection c, std::string_view id);
  Status CheckReferences(Collection c, const Json& state);
  Result<Record> Write(const Principal& who, Collection c, const Record& current, Json patch,
                       std::optional<int64_t> if_match);

  ServiceContext& ctx_;
  AuthService& auth_;
};

// The AccessPolicy's view of a stored record of a collection; a programme's advisors count while
// their support lasts on `today`.
AccessTarget TargetOf(Collection c, const Record& record, std::string_view today = {});

}  // namespace baton
