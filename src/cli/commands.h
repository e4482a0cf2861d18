// The subcommands of `baton`. Each returns the process exit code and prints one clear line on
// failure (to stderr).
#pragma once

#include <string>
#include <vector>

namespace baton::cli {

struct Common {
  std::string data;   // --data DIR
  std::string store;  // --store sqlite:PATH|postgres:CONNINFO (overrides the data directory's)
  std::string passphrase_file;  // --passphrase-file FILE: the data key comes from a passphrase
  std::string utc_offset;       // init, demo: --utc-offset +HH:MM (default: this machine's)
};

int Init(const Common& c, const std::string& org, const std::string& admin, bool password_stdin);
int Demo(const Common& c, int scale, bool with_handover);
// Serves the API under /api/ and the web app everywhere else: the app embedded in the binary, or
// the files in `web_dir` when given (front-end development).
int Serve(const Common& c, const std::string& listen, const std::string& web_dir);
int Verify(const Common& c);
int UserAdd(const Common& c, const std::string& org_code, const std::string& username, const std::string& name,
            const std::vector<std::string>& roles, bool password_stdin);
int UserDisable(const Common& c, const std::string& username);
int UserResetPassword(const Common& c, const std::string& username, bool password_stdin);
int UserList(const Common& c, const std::string& org_code);
// Deactivates or reactivates an organisation: its people can (not) sign in. Only here, never
// through the API, since an admin could otherwise lock their own organisation out for good.
int OrgSetActive(const Common& c, const std::string& org_code, bool active);
// Organisation key pairs (docs/formats/handover.md "Organisation keys"), the organisation named by
// its id or its code. Show prints the key card of `org`, or of every organisation that has a key
// when `org` is empty; rotate makes the organisation a new key pair (its seed kept on this node);
// register records a partner's public key, copied from its key card.
int KeysShow(const Common& c, const std::string& org);
int KeysRotate(const Common& c, const std::string& org);
int KeysRegister(const Common& c, const std::string& org, const std::string& public_key, bool replace_local);

// Handovers (docs/formats/handover.md), acting with the authority of whoever holds the data
// directory: plan (prints the preview), export (approves a planned handover and writes the
// package), verify and import (on the receiving side; --assign SENDER_USER_ID=USERNAME gives the
// open cases of the sender's counsellors and supervisors to the receiver's).
struct HandoverPlanArgs {
  std::string programme;  // id; empty: the store's only programme
  std::string to;         // receiving organisation: code or id
  std::string effective;
  std::string purpose;
  std::string agreement;
  std::string support_until;
  bool withhold = false;  // people without consent: nothing of them (default: de-identified)
};
int HandoverPlan(const Common& c, const HandoverPlanArgs& a);
int HandoverExport(const Common& c, const std::string& handover_id, const std::string& out);
int HandoverVerify(const Common& c, const std::string& package);
// Imports the package; the receiver's signed receipt is written to `receipt` when given.
int HandoverImport(const Common& c, const std::string& package, const std::vector<std::string>& assign,
                   const std::string& receipt);
// On the sender's server: completes a handover the receiver's server accepted, with its receipt.
int HandoverComplete(const Common& c, const std::string& handover_id, const std::string& receipt);

}  // namespace baton::cli
