// Outcome assessments: one person's answers to an instrument (domain/instruments) on a day, in a
// counselling case (baseline, mid, endline, follow-up) or outside one, and a programme's own
// instrument definitions kept as records. Pure logic: the records as clients send them and the
// reading back of a stored score.
#pragma once

#include <string>
#include <vector>

#include "domain/instruments.h"
#include "domain/record_spec.h"

namespace baton {

// "screening", "baseline", "mid", "endline", "follow_up".
const std::vector<std::string>& AssessmentTimepoints();

// What a client may send for an outcome assessment: instrument (a code, fixed), person_id and
// case_id (fixed; the case optional), programme_id (outside a case; the person's when not given),
// date (today when not given), timepoint, answers (the item values in order, null for unanswered;
// sealed), active.
const RecordSpec& OutcomeAssessmentSpec();

// What a client may send for a programme's own instrument: programme_id (fixed) and definition
// (docs/formats/instrument.md, read by ParseCustomInstrument), active.
const RecordSpec& InstrumentRecordSpec();

// The score stored on an assessment record (ScoreJson's members) read back, for ChangeBetween.
InstrumentScore StoredScore(const Json& assessment);

}  // namespace baton
