#include "service/demo_referrals.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "domain/consent_policy.h"
#include "domain/dates.h"

namespace baton {
namespace {

constexpr int kOutgoing = 54;
constexpr int kIncoming = 8;
constexpr const char* kLastDay = "2017-08-10";  // the last referrals before the handover

struct DemoService {
  const char* name;
  const char* provider;
  const char* category;
  const char* location;
  const char* contact;
  const char* accepts;
  bool active = true;
};

const std::vector<DemoService>& Directory() {
  static const std::vector<DemoService> v = {
      {"Bor State Hospital mental health unit", "Bor State Hospital", "specialised_mental_health", "Bor town",
       "Outpatient department, weekday mornings; ask for the mental health focal point",
       "Adults and adolescents with severe distress, psychosis, epilepsy or risk of self-harm. Bring the referral "
       "slip."},
      {"PoC site primary health clinic", "Health cluster partner clinic", "general_health", "Bor PoC site, block 2",
       "Clinic registration desk, every day 08:00-16:00", "Everyone in the site; emergencies at any hour"},
      {"GBV case management partner", "Women's protection partner", "gbv_case_management",
       "Women and girls' safe space, Bor PoC site", "Case workers at the safe space; female staff available",
       "Survivors of gender-based violence of any age; confidential, with the survivor's consent"},
      {"Child protection desk", "Child protection partner", "child_protection", "Child-friendly space, Bor PoC site",
       "Desk at the child-friendly space, weekdays", "Unaccompanied and separated children, children at risk; with a "
       "parent or guardian where there is one"},
      {"Protection and legal aid desk", "Protection cluster partner", "protection_legal", "By the main gate, Bor PoC site",
       "Protection desk, Monday to Friday", "Documentation, housing, land and property, detention and security "
       "concerns"},
      {"Livelihoods and vocational training partner", "Livelihoods partner", "livelihoods", "Bor PoC site, market area",
       "Programme office by the market", "Adults 18-45 interested in vocational training or small business "
       "support; intake each quarter"},
      {"Temporary learning space", "Education cluster partner", "education", "Bor PoC site, block 5",
       "Head teacher, school days", "Children and adolescents 6-17 out of school; accelerated learning"},
      {"Food distribution and NFI desk", "Food security and NFI partner", "basic_needs", "Distribution point, Bor PoC site",
       "Help desk at the distribution point on distribution days", "Households missing from the distribution list, "
       "urgent shelter and non-food item needs"},
      {"Physical rehabilitation and mobility aids", "Disability and rehabilitation partner", "disability_rehabilitation",
       "Bor town", "Rehabilitation centre reception, weekdays", "People with physical impairments; assessment for "
       "mobility aids and physiotherapy"},
      {"Community women's peer-support circle", "Community-based women's group", "other_psychosocial",
       "Community centre, Bor PoC site", "Group leaders meet newcomers on Thursdays", "Women who want to join a "
       "peer-support circle"},
      {"Mobile mental health team (2014 pilot)", "County Health Department", "specialised_mental_health",
       "Bor PoC site and Bor town", "No longer running", "Ran during the 2014 pilot only", false},
  };
  return v;
}

// Reasons for referral, by the category of the service referred to.
const char* ReasonFor(const std::string& category, int i) {
  static const char* const kMental[] = {
      "Persistent low mood, poor sleep and loss of interest for several months since displacement; not improving "
      "with basic counselling.",
      "Hears voices and is frightened to leave the shelter; family asks for a medical assessment.",
      "Seizures reported by the family; needs assessment and medication.",
      "Talks of not wanting to live; safety plan agreed, needs specialist follow-up."};
  static const char* const kOther[] = {
      "Needs that counselling cannot meet; the person asked to be linked to this service.",
      "Came to counselling with a problem this service handles; agreed to the referral.",
      "Household situation worsened; referred for practical support alongside counselling."};
  if (category == "specialised_mental_health") return kMental[i % 4];
  if (category == "general_health") return "Headaches, body pains and poor appetite; rule out a physical cause.";
  if (category == "gbv_case_management") return "Disclosed violence at home; wants to speak to a case worker.";
  if (category == "child_protection") return "Child living with an elderly relative, often alone; protection concerns.";
  if (category == "livelihoods") return "Wants to earn an income again; interested in the next training intake.";
  if (category == "basic_needs") return "Household left off the distribution list after moving blocks.";
  return kOther[i % 3];
}

struct Pick {
  std::string person_id;
  std::string registered_on;
};

// Active people of the programme registered before the last referral day, in registration order.
Result<std::vector<Pick>> Candidates(Services& s, const std::string& programme_id) {
  std::vector<Pick> out;
  ListQuery q{.kind = "person", .equals = {{"programme_id", programme_id}, {"status", "active"}}, .limit = 1000};
  BATON_RETURN_IF_ERROR(ForEachRecord(s.ctx.store(), q, [&](const Record& p) -> Status {
    const std::string registered = p.data.value("registered_on", "");
    if (!registered.empty() && registered <= kLastDay) out.push_back({p.id, registered});
    return Status::Ok();
  }));
  return out;
}

}  // namespace

Result<int> SeedDemoReferrals(Services& s, const DemoActivityPlace& at, const Principal& counsellor) {
  std::vector<std::string> services;
  std::vector<std::string> categories;
  for (const DemoService& d : Directory()) {
    Json entry = {{"name", d.name}, {"provider", d.provider}, {"category", d.category}, {"location", d.location},
                  {"contact", d.contact}, {"accepts", d.accepts}, {"active", d.active}};
    BATON_ASSIGN_OR_RETURN(Json made, s.referrals.CreateService(at.manager, entry));
    if (d.active) {
      services.push_back(made["id"]);
      categories.push_back(d.category);
    }
  }
  BATON_ASSIGN_OR_RETURN(std::vector<Pick> people, Candidates(s, at.programme_id));
  if (people.empty()) return 0;
  std::mt19937 draw(2015);  // the same demo every time
  auto between = [&](const std::string& from, const std::string& to) {
    const int span = std::max(0, DaysBetween(from, to));
    return AddDays(from, static_cast<int>(draw() % static_cast<uint32_t>(span + 1)));
  };
  const char* const kFrom[] = {"Health cluster partner clinic", "Women's protection partner",
                               "Child protection partner", "UNMISS protection team"};
  int made = 0;
  const size_t stride = std::max<size_t>(1, people.size() / (kOutgoing + kIncoming + 20));
  for (size_t i = 0; i < people.size() && made < kOutgoing + kIncoming; i += stride) {
    const Pick& p = people[i];
    const bool incoming = made >= kOutgoing;
    // Open referrals are the last months' before the handover; closed ones are spread over the years.
    const int shape = made % 10;
    const bool open = shape >= 8 || shape == 4 || shape == 5;
    const std::string earliest = open ? std::max(p.registered_on, std::string("2017-05-01")) : p.registered_on;
    if (earliest > kLastDay) continue;
    std::string from = open ? earliest : AddDays(earliest, 7);
    if (from > kLastDay) from = earliest;
    const std::string on = between(from, open ? std::string(kLastDay) : std::min(std::string(kLastDay), AddDays(earliest, 400)));
    BATON_ASSIGN_OR_RETURN(Record person, s.ctx.store().Get("person", p.person_id));
    BATON_ASSIGN_OR_RETURN(ConsentDecision consent, s.persons.DecideConsent(person, ConsentPurpose::kReferral, on));
    if (!consent.allowed) continue;
    const size_t which = draw() % services.size();
    const uint32_t u = draw() % 100;
    Json body = {{"direction", incoming ? "incoming" : "outgoing"},
                 {"programme_id", at.programme_id},
                 {"person_id", p.person_id},
                 {"made_on", on},
                 {"urgency", u < 70 ? "routine" : u < 92 ? "urgent" : "emergency"}};
    if (incoming) {
      body["from_organization"] = kFrom[made % 4];
      body["reason"] = "Referred to the programme's lay counselling: distress after a family loss, not coping at home.";
    } else {
      body["service_id"] = services[which];
      body["reason"] = ReasonFor(categories[which], made);
    }
    BATON_ASSIGN_OR_RETURN(Json referral, s.referrals.Create(counsellor, body));
    const std::string id = referral["id"];
    ++made;
    // What became of it: completed, accepted, declined, cancelled or still waiting.
    const std::string accepted_on = std::min(std::string(kLastDay), AddDays(on, 2 + static_cast<int>(draw() % 12)));
    const std::string closed_on = std::min(std::string(kLastDay), AddDays(accepted_on, 10 + static_cast<int>(draw() % 50)));
    Json patch;
    if (shape <= 3) {
      BATON_RETURN_IF_ERROR(
          s.referrals.Update(counsellor, id, {{"status", "accepted"}, {"accepted_on", accepted_on}}, std::nullopt).status());
      patch = {{"status", "completed"},
               {"closed_on", closed_on},
               {"feedback", incoming ? "Attended counselling sessions; closed by agreement."
                                     : "The service confirmed the person was seen and supported; follow-up visit "
                                       "found them coping better."},
               {"feedback_on", closed_on}};
    } else if (shape == 4 || shape == 5) {
      patch = {{"status", "accepted"}, {"accepted_on", accepted_on}};
      if (shape == 4) patch["follow_up_on"] = AddDays(accepted_on, 21);
    } else if (shape == 6) {
      patch = {{"status", "declined"},
               {"closed_on", accepted_on},
               {"feedback", "The service could not take the person: outside its criteria. Discussed other options."},
               {"feedback_on", accepted_on}};
    } else if (shape == 7) {
      patch = {{"status", "cancelled"}, {"closed_on", accepted_on}};
    } else {
      patch = {{"follow_up_on", AddDays(on, 14)}};
    }
    BATON_RETURN_IF_ERROR(s.referrals.Update(counsellor, id, patch, std::nullopt).status());
  }
  return made;
}

}  // namespace baton
