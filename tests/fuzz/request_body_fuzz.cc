// libFuzzer target: a request body as a client sends it, through the JSON parser and every
// record spec in both modes. Must never crash, leak or hang; errors are the expected answer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/accounts.h"
#include "domain/password_policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  baton::Json body = baton::Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;
  for (const baton::RecordSpec* spec : {&baton::OrganizationSpec(), &baton::SiteSpec(), &baton::ProgrammeSpec(),
                                        &baton::UserSpec()}) {
    for (auto mode : {baton::InputMode::kCreate, baton::InputMode::kPatch}) {
      auto r = baton::ValidateInput(*spec, body, mode);
      if (r.ok()) {
        (void)r->dump();
        (void)baton::CheckProgrammeDates(*r);
      } else {
        (void)r.status().ToString();
      }
    }
  }
  (void)baton::CheckPassword(text, "iom.admin");
  return 0;
}
