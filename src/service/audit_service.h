// The change log seen from outside: who changed what and when, and whether the log and the
// current-state tables are intact.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/account_service.h"
#include "service/context.h"
#include "store/schema.h"

namespace baton {

struct AuditPage {
  Json items = Json::array();  // [{seq, change_set, at, hlc, node, actor, actor_username, op, changes}]
  std::optional<int64_t> next_after_seq;
};

struct VerifyReport {
  bool ok = true;
  int64_t entries = 0;
  int64_t records = 0;        // projection rows checked against the log
  std::string head_hash;
  std::optional<int64_t> first_bad_seq;  // the first log entry that breaks the chain, if any
  std::string problem;                   // what is wrong, in one line
};

class AuditService {
 public:
  explicit AuditService(ServiceContext& ctx) : ctx_(ctx) {}

  // History of one record of a collection, oldest first. Password changes show as
  // {"password": "changed"}; hashes never leave the store.
  Result<AuditPage> History(const Principal& who, Collection c, std::string_view id, int64_t after_seq, int limit);

  // Walks the whole chain (seq, links, hashes), then folds the log and compares every
  // current-state row, and every row of the element tables, with it. `who` must be allowed to
  // audit the change log.
  Result<VerifyReport> Verify(const Principal& who);

 private:
  // The rows of one element table against the folded records of its kind (id -> version, data):
  // "" when they agree, else what is wrong in one line.
  Result<std::string> CheckElements(const std::string& kind, const ElementTable& elements,
                                    const std::map<std::string, std::pair<int64_t, Json>>& expected);

  ServiceContext& ctx_;
};

}  // namespace baton
