// libFuzzer target: a request body as a client sends it, through the JSON parser and every
// record spec in both modes. Must never crash, leak or hang; errors are the expected answer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/accounts.h"
#include "domain/mediation.h"
#include "domain/name_match.h"
#include "domain/password_policy.h"
#include "domain/person_code.h"
#include "domain/persons.h"
#include "domain/referrals.h"
#include "domain/support.h"
#include "domain/washington_group.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // What a user types into a search box: a code or words of a name.
  (void)baton::NormalisePersonCode(text);
  for (const std::string& token : baton::NameTokens(text)) (void)baton::PhoneticKey(token);
  baton::Json body = baton::Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;
  static const baton::RecordSpec person = baton::PersonSpec({});
  // An organisation's own referral categories come from its record, as a client sent it.
  const baton::RecordSpec service = baton::ReferralServiceSpec(baton::ReferralCategoriesOf(body));
  for (const baton::RecordSpec* spec : {&baton::OrganizationSpec(), &baton::SiteSpec(), &baton::ProgrammeSpec(),
                                        &baton::UserSpec(), &person, &baton::ConsentSpec(), &service,
                                        &baton::ReferralSpec()}) {
    for (auto mode : {baton::InputMode::kCreate, baton::InputMode::kPatch}) {
      auto r = baton::ValidateInput(*spec, body, mode);
      if (r.ok()) {
        (void)r->dump();
        (void)baton::CheckProgrammeDates(*r);
        (void)baton::CheckPersonState(*r, mode == baton::InputMode::kCreate);
        (void)baton::CheckConsentInput(*r);
        if (r->contains("wg_ss")) (void)baton::WgssDisability((*r)["wg_ss"]);
        baton::Json referral = *r;
        baton::ApplyReferralDefaults(referral, "2017-08-15");
        (void)baton::ApplyReferralTransition(body, referral, "2017-08-15");
        (void)baton::CheckReferralState(referral, true, "2017-08-15");
      } else {
        (void)r.status().ToString();
      }
    }
  }
  // Mediation records, and the rules across their fields, against a mediation of the default types.
  for (const baton::RecordSpec* spec : {&baton::MediationSpec(), &baton::MediationSessionSpec(), &baton::AgreementSpec()}) {
    for (auto mode : {baton::InputMode::kCreate, baton::InputMode::kPatch}) {
      auto r = baton::ValidateInput(*spec, body, mode);
      if (!r.ok()) continue;
      baton::NormaliseParties(*r);
      baton::NormaliseMediators(*r);
      for (const baton::DisputeType& type : baton::DefaultDisputeTypes()) {
        (void)baton::CheckMediationState(baton::Json::object(), *r, type, "2017-08-15");
      }
      (void)baton::CheckMediationSessionState(*r, *r, "2017-08-15");
      (void)baton::CheckAgreementState(*r, *r, "2017-08-15");
    }
  }
  // Support records after a handover, and their rules across fields.
  for (const baton::RecordSpec* spec : {&baton::SupportToolSpec(), &baton::AdvisingSessionSpec()}) {
    for (auto mode : {baton::InputMode::kCreate, baton::InputMode::kPatch}) {
      auto r = baton::ValidateInput(*spec, body, mode);
      if (!r.ok()) continue;
      baton::Json state = *r;
      (void)(spec == &baton::SupportToolSpec() ? baton::ResolveSupportTool(state, "2017-08-15")
                                               : baton::ResolveAdvisingSession(state, "2017-08-15"));
    }
  }
  (void)baton::CheckDisputeTypes(body);
  (void)baton::CheckPassword(text, "iom.admin");
  return 0;
}
