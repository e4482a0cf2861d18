// Needs-assessment questionnaires: a form defined as data (questions, choices, skip logic), the
// check of one respondent's answers against it, the per-question summary of many responses and the
// response table for export. Pure logic: the service stores the form on the activity (field
// "questionnaire") and each response as a record {"answers": {...}}.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/record_spec.h"

namespace baton {

// Limits of a form.
inline constexpr size_t kMaxQuestions = 200;
inline constexpr size_t kMinChoices = 2;
inline constexpr size_t kMaxChoices = 50;
inline constexpr size_t kMaxQuestionIdLength = 40;  // also the limit of a choice value
inline constexpr size_t kMaxVersionLength = 40;
inline constexpr size_t kMaxTitleLength = 200;
inline constexpr size_t kMaxQuestionTextLength = 500;
inline constexpr size_t kMaxChoiceLabelLength = 200;
inline constexpr size_t kMaxTextAnswerLimit = 5000;     // the largest max_length a form may set
inline constexpr size_t kDefaultTextAnswerLength = 2000;  // max_length when the form sets none

enum class QuestionType { kSingle, kMulti, kNumber, kText, kDate };

// "single", "multi", "number", "text", "date": the codes the form's "type" uses.
const char* QuestionTypeName(QuestionType type);

struct Choice {
  std::string value;  // a code: [a-z][a-z0-9_]{0,39}
  std::string label;
  bool operator==(const Choice&) const = default;
};

// When a question is shown: only when an earlier question's answer passes the test, and that
// earlier question is shown itself.
struct ShowIf {
  enum class Test {
    kEquals,    // the answer is values[0] (multi: one of the selected values is)
    kIn,        // the answer is one of values (multi: any selected value is)
    kAnswered,  // the question has any answer
  };
  std::string question;  // the id of an earlier question
  Test test = Test::kAnswered;
  std::vector<std::string> values;  // choice values of that question; empty for kAnswered
  bool operator==(const ShowIf&) const = default;
};

struct Question {
  std::string id;  // [a-z][a-z0-9_]{0,39}, unique in the form
  std::string text;
  QuestionType type = QuestionType::kText;
  bool required = false;          // must be answered whenever it is shown
  std::vector<Choice> choices;    // single and multi: 2..50, values unique
  std::optional<double> min;      // number: the smallest answer allowed
  std::optional<double> max;      // number: the largest answer allowed
  bool integer = false;           // number: whole numbers only
  size_t max_length = kDefaultTextAnswerLength;  // text: the longest answer, in characters
  std::optional<ShowIf> show_if;  // nullopt: always shown
  bool operator==(const Question&) const = default;

  const Choice* FindChoice(std::string_view value) const;
};

struct Questionnaire {
  std::string version;
  std::string title;  // "" when the form has none
  std::vector<Question> questions;
  bool operator==(const Questionnaire&) const = default;

  const Question* Find(std::string_view id) const;
};

// ---- The form ----

// Checks a form as a client sends it:
//   {"version": "bor-2014-1",           required, 1..40 characters without spaces
//    "title": "...",                    optional, at most 200 characters
//    "questions": [{                    required, 1..200
//       "id": "q_shelter",              required, [a-z][a-z0-9_]{0,39}, unique in the form
//       "text": "...",                  required, 1..500 characters (may span lines)
//       "type": "single|multi|number|text|date",  required
//       "required": false,              optional
//       "choices": [{"value": "yes", "label": "Yes"}],  single and multi only, and required there:
//                                       2..50, values follow the id pattern and are unique
//       "min": 0, "max": 120, "integer": true,   number only; min not above max
//       "max_length": 2000,             text only, 1..5000
//       "show_if": {"question": "q_x", and exactly one of "equals": "v" | "in": ["v", "w"] |
//                   "answered": true}}]}
// show_if names an earlier question; equals and in only on a single or multi question, with values
// among its choices. Texts are trimmed before their lengths are checked; a member sent as null
// counts as left out. Errors: kInvalid naming every bad field by its path, e.g.
// "questionnaire.questions[3].choices[1].value" or "questionnaire.questions[2].show_if.question";
// a field the form does not know is refused by name too ("questionnaire.questions[0].colour").
Status CheckQuestionnaire(const Json& form);

// The form read into a Questionnaire, after CheckQuestionnaire; its errors otherwise.
Result<Questionnaire> ParseQuestionnaire(const Json& form);

// The form as JSON in its normal shape (texts trimmed, defaults written out: required, integer,
// max_length), for storing. ParseQuestionnaire of it gives `form` back.
Json QuestionnaireJson(const Questionnaire& form);

// ---- Changing a form that has responses ----

// Once responses are recorded, a form may change its wording only: title, question texts and choice
// labels. The first change of meaning from `before` to `after` (a question added, removed, moved or
// retyped, a choice added, removed or reordered, a rule of required, min, max, integer, max_length
// or show_if changed, another version), named by its path ("questionnaire.questions[2].choices");
// nullopt when `after` keeps every answer to `before` meaning what it meant.
std::optional<FieldError> MeaningChange(const Questionnaire& before, const Questionnaire& after);

// ---- One response ----

// A response as a client sends it: {"date": "YYYY-MM-DD" (the interview, required), "person_id":
// the respondent when registered and named (none: anonymous), "answers": {...} (required; checked
// against the form by CheckAnswers), "active": false to set aside a response entered by mistake}.
const RecordSpec& ResponseSpec();

// Checks one respondent's answers {"<question id>": answer, ...} and returns them normalised:
// texts trimmed (a CRLF line end becomes LF), a multi answer in the order of the choices; null, an
// empty or blank string and an empty list count as not answered and are dropped. Answers:
//   single: a choice value; multi: a list of distinct choice values; number: a finite number within
//   min..max, whole when the question says integer (a whole float is stored as an integer);
//   text: at most max_length characters, no control characters but newline and tab;
//   date: "YYYY-MM-DD", a real calendar date.
// Which questions are shown is worked out in question order on the normalised answers.
// Errors: kInvalid naming "answers.<id>" for an id that is not a question of the form, an answer
// of the wrong kind, a required question shown but not answered ("is required") and an answer to a
// question its show_if hides ("is skipped for this respondent"); "answers" when it is not an
// object. Where a question's visibility hangs on a wrongly answered question, neither of the last
// two is reported for it: the wrong answer is.
Result<Json> CheckAnswers(const Questionnaire& form, const Json& answers);

// The ids of the questions shown to a respondent with these (normalised) answers, in form order.
// A question is shown when it has no show_if, or when the question its show_if names is shown and
// its answer passes the test; so a question hanging on a hidden question is hidden too.
std::vector<std::string> VisibleQuestions(const Questionnaire& form, const Json& answers);

// ---- Many responses ----

// Summarises responses (the answers objects of each, checked by CheckAnswers):
//   {"version", "responses": N, "questions": [one per question, in form order:
//     {"id", "text", "type", "shown": respondents it was shown to, "answered": of those, how many
//      answered it,
//      single/multi: "choices": [{"value", "label", "count", "percent"}] (percent of answered, one
//        decimal, half away from zero; 0 when nobody answered; for multi they may add to over 100),
//      number (when answered > 0): "min", "max", "mean" (one decimal), "median" (the middle answer,
//        or the mean of the two middle answers),
//      date (when answered > 0): "earliest", "latest"}]}
// Text answers are never repeated (free text may identify a person): only shown and answered.
// Whole numbers are written as integers. An answer that does not pass the form's rules, or that
// belongs to a question hidden for that respondent, counts as not answered.
Json SummariseResponses(const Questionnaire& form, const std::vector<Json>& answers_list);

// The responses as a table for export: the header row holds the question ids in form order, then
// one row per response. A multi answer is its values joined with ";" in choice order; a number is
// written in the fewest digits that read back as the same number, without exponent (34, not 34.0);
// an unanswered question is "". Text questions are left out (column and values) unless
// include_text. Answers are read as in SummariseResponses.
std::vector<std::vector<std::string>> ResponseTable(const Questionnaire& form, const std::vector<Json>& answers_list,
                                                    bool include_text);

}  // namespace baton
