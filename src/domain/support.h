// Support after a handover (docs/formats/handover.md "Support records"): what the former owner
// gives the programme's new owner while its support lasts — technical tools shared (a document
// library whose versions are the record's history) and advising sessions. Refresher trainings are
// activities of their own (capacity_building with refresher_of). No I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/record_spec.h"

namespace baton {

inline constexpr size_t kMaxSupportNotesLength = 10000;  // characters of an advising session's notes

// A technical tool shared: a manual, form, guideline or training material, where it is kept and
// which version.
const RecordSpec& SupportToolSpec();
const std::vector<std::string>& SupportToolCategories();
// An advising session: when, about what, how, by whom, what was said and what follows. The notes
// are about the programme, never about the people it serves.
const RecordSpec& AdvisingSessionSpec();
const std::vector<std::string>& AdvisingModes();

// Cross-field rules of a tool's state (input already applied) on `today`: shared_on defaults to
// today and is not after it (errors name shared_on); active defaults to true.
Status ResolveSupportTool(Json& state, std::string_view today);
// The same for an advising session: its date is not after `today` (errors name date);
// advisor_name is required (the service fills it with an advisor's own name when they record it);
// active defaults to true.
Status ResolveAdvisingSession(Json& state, std::string_view today);

}  // namespace baton
