// Handing a programme over to a partner organisation (domain/handover, docs/formats/handover.md):
// the sender plans it, sees the preview and readiness, approves it (a manager and an admin) and
// makes the signed, encrypted package; the receiver verifies the package and accepts it, which
// imports the programme's records with their history, moves their ownership and reassigns open
// cases — in one transaction, once. On one server holding both organisations the same package
// does the same: the records are there already, so accepting moves their ownership.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "service/context.h"
#include "service/org_keys.h"
#include "service/person_service.h"

namespace baton {

struct HandoverPackageFile {
  std::string bytes;
  std::string file_name;
};

class HandoverService {
 public:
  HandoverService(ServiceContext& ctx, PersonService& persons, OrgKeyService& keys)
      : ctx_(ctx), persons_(persons), keys_(keys) {}

  // The handovers the caller may read (of their organisation, or addressed to it), newest first;
  // `programme_id` narrows them to one programme.
  Result<Json> List(const Principal& who, std::string_view programme_id);
  // A plan (HandoverSpec) of a programme of the caller's organisation to another organisation.
  Result<Record> Create(const Principal& who, const Json& input);
  // Changes a plan not yet packaged; its approvals are dropped (they approved something else).
  Result<Record> Update(const Principal& who, std::string_view id, const Json& patch, std::optional<int64_t> if_match);
  // The plan with its preview: what moves and how, the blocking problems, the readiness checklist.
  Result<Json> Get(const Principal& who, std::string_view id);
  // Records the caller's approval as manager or admin of the sender; with both, the plan is
  // approved. Refused while a problem blocks the handover.
  Result<Record> Approve(const Principal& who, std::string_view id, std::optional<int64_t> if_match);
  Result<Record> Cancel(const Principal& who, std::string_view id, std::optional<int64_t> if_match);
  // The handover report, fit to be read at the ceremony and kept by both organisations: the
  // terms, who approved, what moved and on which consent, what stayed and why (counted), the
  // open items and the support plan.
  Result<Json> Report(const Principal& who, std::string_view id);
  // Makes the package of an approved plan (again, when it was made before).
  Result<HandoverPackageFile> Package(const Principal& who, std::string_view id);

  // The sender's side after a handover to another server: the receipt the receiver's import gave
  // ({"receipt": text, "signature": ...}, signed with the receiver's registered key, for the
  // package this plan made last) completes it here as accepting it does on one server: the records
  // that moved become the receiver's, and the sender keeps the advisor role until the support ends.
  Result<Record> Complete(const Principal& who, std::string_view id, const Json& receipt);

  // The receiver's side. `Verify` opens and checks a package without writing anything and says
  // what it holds; `Import` does the same checks and then imports it. `options` may hold
  // {"assignments": {"<sender's user id>": "<receiver's user id>"}}: who takes over the open cases
  // of each counsellor and supervisor. Its result holds the signed receipt for the sender.
  Result<Json> Verify(const Principal& who, std::string_view bytes);
  Result<Json> Import(const Principal& who, std::string_view bytes, const Json& options);

 private:
  struct Selection;
  struct Opened;
  Result<Record> Load(std::string_view id);
  Result<Record> Write(const Principal& who, const Record& current, Json patch, std::optional<int64_t> if_match);
  // What a selection is for: the preview counts, complete lists what moves, the package also
  // reads what moves (the hashes of the snapshot, the de-identified stand-ins).
  enum class Purpose { kPreview, kComplete, kPackage };
  Result<Selection> Select(const Record& plan, Purpose purpose);
  Json Preview(const Selection& s) const;
  Result<Opened> Open(const Principal& who, std::string_view bytes);
  Json VerifyReport(const Opened& o) const;
  Result<Json> ImportOpened(const Principal& who, std::string_view bytes, const Json& options);

  ServiceContext& ctx_;
  PersonService& persons_;
  OrgKeyService& keys_;
};

}  // namespace baton
