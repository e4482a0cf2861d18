#include "domain/questionnaire.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <utility>

#include "domain/form_text.h"

namespace baton {
namespace {

using namespace form_text;

const char* const kFormAt = "questionnaire";

std::optional<QuestionType> TypeOf(std::string_view name) {
  for (QuestionType t : {QuestionType::kSingle, QuestionType::kMulti, QuestionType::kNumber, QuestionType::kText,
                         QuestionType::kDate}) {
    if (name == QuestionTypeName(t)) return t;
  }
  return std::nullopt;
}

bool HasChoices(QuestionType t) { return t == QuestionType::kSingle || t == QuestionType::kMulti; }

// A number as JSON: whole numbers as integers, so 34 is never written 34.0.
Json NumberJson(double d) {
  if (IsWhole(d)) return static_cast<int64_t>(d);
  return d;
}

// The fewest digits that read back as `d`, in fixed notation ("34", "0.0001", "12.5").
std::string NumberText(double d) {
  char buf[512];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  if (r.ec != std::errc()) return Json(d).dump();
  std::string s(buf, r.ptr);
  return s == "-0" ? "0" : s;
}

std::string NumberText(const Json& v) {
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return NumberText(v.get<double>());
}

// Rounds to one decimal, half away from zero, on the number's shortest decimal form, so 1.15
// gives 1.2 although the double nearest 1.15 lies just below it.
double RoundToTenths(double d) {
  if (!std::isfinite(d) || std::fabs(d) >= 1e15) return d;
  std::string s = NumberText(d);
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) s.erase(0, 1);
  const size_t dot = s.find('.');
  if (dot == std::string::npos || s.size() - dot - 1 <= 1) return d;
  std::string tenths = s.substr(0, dot) + s[dot + 1];  // the number times ten, truncated
  if (s[dot + 2] >= '5') {
    size_t i = tenths.size();
    while (i > 0 && tenths[i - 1] == '9') tenths[--i] = '0';
    if (i == 0) tenths.insert(tenths.begin(), '1');
    else ++tenths[i - 1];
  }
  const std::string text = tenths.substr(0, tenths.size() - 1) + "." + tenths.back();
  double rounded = 0;
  std::from_chars(text.data(), text.data() + text.size(), rounded);
  return negative ? -rounded : rounded;
}

// ---- reading the form ----

// Refuses members of `object` that are not in `known`, naming "<at>.<member>".
void RefuseUnknown(const Json& object, std::initializer_list<std::string_view> known, const std::string& at,
                   const std::string& what, std::vector<FieldError>& errors) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
      errors.push_back({at + "." + it.key(), "is not a field of " + what});
    }
  }
}

// A trimmed text member of 1..max characters; "" when it is left out and not required. Reports and
// returns nullopt when it is bad.
std::optional<std::string> ReadText(const Json& object, const char* name, const std::string& at, size_t max,
                                    bool required, bool multiline, std::vector<FieldError>& errors) {
  const std::string field = at + "." + name;
  const Json* v = Member(object, name);
  if (v == nullptr) {
    if (!required) return "";
    errors.push_back({field, "is required"});
    return std::nullopt;
  }
  if (!v->is_string()) {
    errors.push_back({field, "must be a string"});
    return std::nullopt;
  }
  std::string text = Trim(v->get<std::string>());
  if (HasControlChars(text, multiline)) {
    errors.push_back({field, multiline ? "must not contain control characters other than newline and tab"
                                       : "must not contain control characters"});
    return std::nullopt;
  }
  if (text.empty() && required) {
    errors.push_back({field, "is required"});
    return std::nullopt;
  }
  if (Utf8Length(text) > max) {
    errors.push_back({field, "must be at most " + std::to_string(max) + " characters"});
    return std::nullopt;
  }
  return text;
}

// A code member (question id, choice value): required, exactly as the pattern says.
std::optional<std::string> ReadCode(const Json& object, const char* name, const std::string& at,
                                    std::vector<FieldError>& errors) {
  const std::string field = at + "." + name;
  const Json* v = Member(object, name);
  if (v == nullptr) {
    errors.push_back({field, "is required"});
    return std::nullopt;
  }
  if (!v->is_string() || !IsCode(v->get<std::string>())) {
    errors.push_back({field, kCodeRule});
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::vector<Choice> ReadChoices(const Json& list, const std::string& at, std::vector<FieldError>& errors) {
  std::vector<Choice> choices;
  if (!list.is_array() || list.size() < kMinChoices || list.size() > kMaxChoices) {
    errors.push_back({at, "must be a list of 2 to 50 choices"});
    return choices;
  }
  std::map<std::string, size_t> first;  // value -> index of the choice that has it
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string choice_at = Index(at, i);
    const Json& c = list[i];
    if (!c.is_object()) {
      errors.push_back({choice_at, "must be an object with value and label"});
      continue;
    }
    RefuseUnknown(c, {"value", "label"}, choice_at, "a choice", errors);
    std::optional<std::string> value = ReadCode(c, "value", choice_at, errors);
    std::optional<std::string> label = ReadText(c, "label", choice_at, kMaxChoiceLabelLength, true, false, errors);
    if (value) {
      auto [it, inserted] = first.emplace(*value, i);
      if (!inserted) {
        errors.push_back({choice_at + ".value", "repeats the value of " + Index("choices", it->second)});
        continue;
      }
    }
    if (value && label) choices.push_back({*value, *label});
  }
  return choices;
}

// What the form knows of the questions before a given one.
struct Earlier {
  std::set<std::string> all_ids;                // ids anywhere in the form
  std::map<std::string, size_t> index;          // id -> index of the earlier question
  std::vector<std::optional<Question>> parsed;  // earlier questions; nullopt when bad
};

std::optional<ShowIf> ReadShowIf(const Json& s, const std::string& at, const Earlier& earlier,
                                 std::vector<FieldError>& errors) {
  if (!s.is_object()) {
    errors.push_back({at, "must be an object with question and one of equals, in or answered"});
    return std::nullopt;
  }
  const size_t before = errors.size();
  RefuseUnknown(s, {"question", "equals", "in", "answered"}, at, "show_if", errors);
  ShowIf show_if;

  const Question* parent = nullptr;
  bool parent_known = false;  // the named question is earlier (it may still have errors of its own)
  const Json* q = Member(s, "question");
  if (q == nullptr) {
    errors.push_back({at + ".question", "is required"});
  } else if (!q->is_string() || !IsCode(q->get<std::string>())) {
    errors.push_back({at + ".question", "must be the id of an earlier question"});
  } else {
    show_if.question = q->get<std::string>();
    auto it = earlier.index.find(show_if.question);
    if (it != earlier.index.end()) {
      parent_known = true;
      if (earlier.parsed[it->second]) parent = &*earlier.parsed[it->second];
    } else if (earlier.all_ids.contains(show_if.question)) {
      errors.push_back({at + ".question", "must name an earlier question"});
    } else {
      errors.push_back({at + ".question", "is not a question of the form"});
    }
  }

  std::vector<const char*> tests;
  for (const char* t : {"equals", "in", "answered"}) {
    if (Member(s, t) != nullptr) tests.push_back(t);
  }
  if (tests.size() != 1) {
    errors.push_back({at, tests.empty() ? "must have one of equals, in or answered"
                                        : "must have only one of equals, in or answered"});
    return std::nullopt;
  }
  const std::string test_at = at + "." + tests[0];
  const Json& test = *Member(s, tests[0]);

  // A value the parent can be answered with; reported under `value_at` otherwise.
  auto check_value = [&](const Json& v, const std::string& value_at) {
    if (!v.is_string() || !IsCode(v.get<std::string>())) {
      errors.push_back({value_at, "must be a choice value of " + show_if.question});
      return;
    }
    if (parent != nullptr && HasChoices(parent->type) && parent->FindChoice(v.get<std::string>()) == nullptr) {
      errors.push_back({value_at, "is not a choice of " + show_if.question});
      return;
    }
    show_if.values.push_back(v.get<std::string>());
  };
  // equals and in test a choice: the parent must have choices.
  if (std::string_view(tests[0]) != "answered" && parent != nullptr && !HasChoices(parent->type)) {
    errors.push_back({test_at, std::string("is only for a single or multi question; ") + show_if.question + " is " +
                                   QuestionTypeName(parent->type) + ": use answered"});
    return std::nullopt;
  }
  if (std::string_view(tests[0]) == "equals") {
    show_if.test = ShowIf::Test::kEquals;
    check_value(test, test_at);
  } else if (std::string_view(tests[0]) == "in") {
    show_if.test = ShowIf::Test::kIn;
    if (!test.is_array() || test.empty() || test.size() > kMaxChoices) {
      errors.push_back({test_at, "must be a list of 1 to 50 choice values"});
    } else {
      for (size_t i = 0; i < test.size(); ++i) {
        const std::string value_at = Index(test_at, i);
        const std::string value = test[i].is_string() ? test[i].get<std::string>() : "";
        if (std::find(show_if.values.begin(), show_if.values.end(), value) != show_if.values.end()) {
          errors.push_back({value_at, "repeats " + value});
          continue;
        }
        check_value(test[i], value_at);
      }
    }
  } else {
    show_if.test = ShowIf::Test::kAnswered;
    if (!test.is_boolean() || !test.get<bool>()) errors.push_back({test_at, "must be true"});
  }
  if (errors.size() != before || !parent_known) return std::nullopt;
  return show_if;
}

std::optional<Question> ReadQuestion(const Json& q, const std::string& at, const Earlier& earlier,
                                     std::vector<FieldError>& errors) {
  if (!q.is_object()) {
    errors.push_back({at, "must be an object with id, text and type"});
    return std::nullopt;
  }
  const size_t before = errors.size();
  RefuseUnknown(q, {"id", "text", "type", "required", "choices", "min", "max", "integer", "max_length", "show_if"}, at,
                "a question", errors);
  Question question;
  if (std::optional<std::string> id = ReadCode(q, "id", at, errors)) question.id = *id;
  if (auto text = ReadText(q, "text", at, kMaxQuestionTextLength, true, true, errors)) question.text = *text;

  std::optional<QuestionType> type;
  const Json* type_name = Member(q, "type");
  if (type_name == nullptr) {
    errors.push_back({at + ".type", "is required"});
  } else {
    if (type_name->is_string()) type = TypeOf(type_name->get<std::string>());
    if (type) question.type = *type;
    else errors.push_back({at + ".type", "must be one of: single, multi, number, text, date"});
  }

  if (const Json* r = Member(q, "required")) {
    if (r->is_boolean()) question.required = r->get<bool>();
    else errors.push_back({at + ".required", "must be true or false"});
  }

  // Members that only some types have. With an unknown type they cannot be judged: the type is
  // reported already.
  auto only_for = [&](const char* name, bool applies, const char* types) {
    if (Member(q, name) == nullptr || !type || applies) return Member(q, name);
    errors.push_back({at + "." + name, std::string("is only for ") + types + " questions"});
    return static_cast<const Json*>(nullptr);
  };
  const bool choice_type = type && HasChoices(*type);
  if (const Json* c = only_for("choices", choice_type, "single and multi")) {
    if (type) question.choices = ReadChoices(*c, at + ".choices", errors);
  } else if (choice_type) {
    errors.push_back({at + ".choices", "is required for a single or multi question"});
  }

  const bool number_type = type == QuestionType::kNumber;
  for (const char* bound : {"min", "max"}) {
    const Json* b = only_for(bound, number_type, "number");
    if (b == nullptr) continue;
    if (!b->is_number() || !std::isfinite(b->get<double>())) {
      errors.push_back({at + "." + bound, "must be a number"});
    } else {
      (std::string_view(bound) == "min" ? question.min : question.max) = b->get<double>();
    }
  }
  if (question.min && question.max && *question.min > *question.max) {
    errors.push_back({at + ".max", "must not be less than min"});
  }
  if (const Json* i = only_for("integer", number_type, "number")) {
    if (i->is_boolean()) question.integer = i->get<bool>();
    else errors.push_back({at + ".integer", "must be true or false"});
  }

  if (const Json* m = only_for("max_length", type == QuestionType::kText, "text")) {
    const bool in_range = (m->is_number_unsigned() || m->is_number_integer()) && m->get<int64_t>() >= 1 &&
                          m->get<int64_t>() <= static_cast<int64_t>(kMaxTextAnswerLimit);
    if (in_range) question.max_length = static_cast<size_t>(m->get<int64_t>());
    else errors.push_back({at + ".max_length", "must be a whole number from 1 to 5000"});
  }

  if (const Json* s = Member(q, "show_if")) {
    question.show_if = ReadShowIf(*s, at + ".show_if", earlier, errors);
  }
  if (errors.size() != before) return std::nullopt;
  return question;
}

Result<Questionnaire> ReadQuestionnaire(const Json& form) {
  const std::string at = kFormAt;
  if (!form.is_object()) return Status::InvalidField(at, "must be an object with version and questions");
  std::vector<FieldError> errors;
  RefuseUnknown(form, {"version", "title", "questions"}, at, "a questionnaire", errors);

  Questionnaire out;
  const Json* version = Member(form, "version");
  const std::string version_text = version != nullptr && version->is_string() ? version->get<std::string>() : "";
  if (version == nullptr) {
    errors.push_back({at + ".version", "is required"});
  } else if (version_text.empty() || Utf8Length(version_text) > kMaxVersionLength ||
             std::any_of(version_text.begin(), version_text.end(),
                         [](unsigned char c) { return c <= 0x20 || c == 0x7f; })) {
    errors.push_back({at + ".version", "must name the form's version in 1 to 40 characters, without spaces"});
  } else {
    out.version = version_text;
  }
  if (auto title = ReadText(form, "title", at, kMaxTitleLength, false, false, errors)) out.title = *title;

  const std::string questions_at = at + ".questions";
  const Json* questions = Member(form, "questions");
  if (questions == nullptr) {
    errors.push_back({questions_at, "is required"});
  } else if (!questions->is_array() || questions->empty() || questions->size() > kMaxQuestions) {
    errors.push_back({questions_at, "must be a list of 1 to 200 questions"});
  } else {
    Earlier earlier;
    for (const Json& q : *questions) {
      if (const Json* id = q.is_object() ? Member(q, "id") : nullptr; id != nullptr && id->is_string()) {
        earlier.all_ids.insert(id->get<std::string>());
      }
    }
    for (size_t i = 0; i < questions->size(); ++i) {
      const std::string question_at = Index(questions_at, i);
      std::optional<Question> question = ReadQuestion((*questions)[i], question_at, earlier, errors);
      // The id is recorded even when the question has other errors, so that a later show_if
      // naming it is not reported as well.
      const Json* id = (*questions)[i].is_object() ? Member((*questions)[i], "id") : nullptr;
      if (id != nullptr && id->is_string() && IsCode(id->get<std::string>())) {
        auto [it, inserted] = earlier.index.emplace(id->get<std::string>(), i);
        if (!inserted) {
          errors.push_back({question_at + ".id", "repeats the id of " + Index("questions", it->second)});
          question.reset();
        }
      }
      earlier.parsed.push_back(question);
      if (question) out.questions.push_back(std::move(*question));
    }
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  return out;
}

// ---- answers ----

// One answer read against its question: the normal value, nothing (not answered) or an error.
struct ReadAnswer {
  std::optional<Json> value;
  std::string error;
};

std::string ChoicesText(const Question& q) {
  std::string out;
  for (const Choice& c : q.choices) out += (out.empty() ? "" : ", ") + c.value;
  return out;
}

std::string RangeText(const Question& q) {
  if (q.min && q.max) return "must be between " + NumberText(*q.min) + " and " + NumberText(*q.max);
  if (q.min) return "must be at least " + NumberText(*q.min);
  return "must be at most " + NumberText(*q.max);
}

ReadAnswer NormaliseAnswer(const Question& q, const Json& v) {
  if (v.is_null()) return {};
  switch (q.type) {
    case QuestionType::kSingle: {
      if (!v.is_string()) return {std::nullopt, "must be one of: " + ChoicesText(q)};
      const std::string s = Trim(v.get<std::string>());
      if (s.empty()) return {};
      if (q.FindChoice(s) == nullptr) return {std::nullopt, "must be one of: " + ChoicesText(q)};
      return {Json(s), ""};
    }
    case QuestionType::kMulti: {
      if (!v.is_array()) return {std::nullopt, "must be a list of choices among: " + ChoicesText(q)};
      std::set<std::string> selected;
      for (const Json& x : v) {
        if (!x.is_string() || q.FindChoice(x.get<std::string>()) == nullptr) {
          return {std::nullopt, "items must be among: " + ChoicesText(q)};
        }
        if (!selected.insert(x.get<std::string>()).second) {
          return {std::nullopt, "must not repeat " + x.get<std::string>()};
        }
      }
      if (selected.empty()) return {};
      Json list = Json::array();
      for (const Choice& c : q.choices) {
        if (selected.contains(c.value)) list.push_back(c.value);
      }
      return {std::move(list), ""};
    }
    case QuestionType::kNumber: {
      if (!v.is_number() || !std::isfinite(v.get<double>())) return {std::nullopt, "must be a number"};
      const double d = v.get<double>();
      if (q.integer && std::trunc(d) != d) return {std::nullopt, "must be a whole number"};
      if ((q.min && d < *q.min) || (q.max && d > *q.max)) return {std::nullopt, RangeText(q)};
      if (q.integer && v.is_number_float() && IsWhole(d)) return {Json(static_cast<int64_t>(d)), ""};
      return {v, ""};
    }
    case QuestionType::kText: {
      if (!v.is_string()) return {std::nullopt, "must be text"};
      std::string text;
      const std::string& raw = v.get_ref<const std::string&>();
      for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;  // CRLF -> LF
        text += raw[i];
      }
      text = Trim(text);
      if (text.empty()) return {};
      if (HasControlChars(text, true)) {
        return {std::nullopt, "must not contain control characters other than newline and tab"};
      }
      if (Utf8Length(text) > q.max_length) {
        return {std::nullopt, "must be at most " + std::to_string(q.max_length) + " characters"};
      }
      return {Json(std::move(text)), ""};
    }
    case QuestionType::kDate: {
      if (!v.is_string()) return {std::nullopt, "must be a date YYYY-MM-DD"};
      const std::string s = Trim(v.get<std::string>());
      if (s.empty()) return {};
      if (!IsValidDate(s)) return {std::nullopt, "must be a date YYYY-MM-DD"};
      return {Json(s), ""};
    }
  }
  return {std::nullopt, "has an unsupported type"};
}

// Whether the answer to the question a show_if names passes its test. `answer` is normal or null.
bool Passes(const ShowIf& show_if, const Json* answer) {
  if (answer == nullptr || answer->is_null()) return false;
  if (show_if.test == ShowIf::Test::kAnswered) {
    if (answer->is_string()) return !answer->get_ref<const std::string&>().empty();
    if (answer->is_array()) return !answer->empty();
    return true;
  }
  const std::vector<std::string>& values = show_if.values;
  auto matches = [&](const Json& v) {
    return v.is_string() && std::find(values.begin(), values.end(), v.get_ref<const std::string&>()) != values.end();
  };
  if (answer->is_array()) return std::any_of(answer->begin(), answer->end(), matches);
  return matches(*answer);
}

enum class Shown { kYes, kNo, kUnknown };

// Which questions are shown, in form order. An answer under `unknown_answers` (one that failed its
// check) decides nothing: the questions hanging on it are kUnknown.
std::vector<Shown> Visibility(const Questionnaire& form, const Json& answers,
                              const std::set<std::string>& unknown_answers) {
  std::vector<Shown> shown;
  std::map<std::string, size_t> index;
  for (const Question& q : form.questions) {
    Shown s = Shown::kYes;
    if (q.show_if) {
      auto parent = index.find(q.show_if->question);
      if (parent == index.end() || shown[parent->second] == Shown::kNo) {
        s = Shown::kNo;
      } else if (shown[parent->second] == Shown::kUnknown || unknown_answers.contains(q.show_if->question)) {
        s = Shown::kUnknown;
      } else {
        const Json* answer = nullptr;
        if (answers.is_object()) {
          auto it = answers.find(q.show_if->question);
          if (it != answers.end()) answer = &*it;
        }
        s = Passes(*q.show_if, answer) ? Shown::kYes : Shown::kNo;
      }
    }
    index.emplace(q.id, shown.size());
    shown.push_back(s);
  }
  return shown;
}

// A stored response's answers as the summary and the table read them: each normalised, answers
// that fail their check or belong to a hidden question dropped. Also says which questions it saw.
struct Response {
  Json answers = Json::object();
  std::vector<bool> shown;  // by question index
};

Response ReadResponse(const Questionnaire& form, const Json& raw) {
  Response r;
  if (raw.is_object()) {
    for (const Question& q : form.questions) {
      auto it = raw.find(q.id);
      if (it == raw.end()) continue;
      ReadAnswer a = NormaliseAnswer(q, *it);
      if (a.value) r.answers[q.id] = std::move(*a.value);
    }
  }
  // A hidden question hides every question hanging on it whatever its answer, so dropping the
  // answers of hidden questions changes no other question's visibility.
  std::vector<Shown> shown = Visibility(form, r.answers, {});
  for (size_t i = 0; i < form.questions.size(); ++i) {
    r.shown.push_back(shown[i] == Shown::kYes);
    if (!r.shown.back()) r.answers.erase(form.questions[i].id);
  }
  return r;
}

// count/answered as a percentage with one decimal, half away from zero, in integer arithmetic.
double Percent(int64_t count, int64_t answered) {
  if (answered == 0) return 0;
  const int64_t tenths = (2000 * count + answered) / (2 * answered);
  return static_cast<double>(tenths) / 10;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

const char* QuestionTypeName(QuestionType type) {
  switch (type) {
    case QuestionType::kSingle: return "single";
    case QuestionType::kMulti: return "multi";
    case QuestionType::kNumber: return "number";
    case QuestionType::kText: return "text";
    case QuestionType::kDate: return "date";
  }
  return "";
}

const Choice* Question::FindChoice(std::string_view value) const {
  for (const Choice& c : choices) {
    if (c.value == value) return &c;
  }
  return nullptr;
}

const Question* Questionnaire::Find(std::string_view id) const {
  for (const Question& q : questions) {
    if (q.id == id) return &q;
  }
  return nullptr;
}

Status CheckQuestionnaire(const Json& form) { return ReadQuestionnaire(form).status(); }

Result<Questionnaire> ParseQuestionnaire(const Json& form) { return ReadQuestionnaire(form); }

Json QuestionnaireJson(const Questionnaire& form) {
  Json out = {{"version", form.version}, {"questions", Json::array()}};
  if (!form.title.empty()) out["title"] = form.title;
  for (const Question& q : form.questions) {
    Json j = {{"id", q.id}, {"text", q.text}, {"type", QuestionTypeName(q.type)}, {"required", q.required}};
    if (HasChoices(q.type)) {
      j["choices"] = Json::array();
      for (const Choice& c : q.choices) j["choices"].push_back({{"value", c.value}, {"label", c.label}});
    }
    if (q.type == QuestionType::kNumber) {
      if (q.min) j["min"] = NumberJson(*q.min);
      if (q.max) j["max"] = NumberJson(*q.max);
      j["integer"] = q.integer;
    }
    if (q.type == QuestionType::kText) j["max_length"] = q.max_length;
    if (q.show_if) {
      Json s = {{"question", q.show_if->question}};
      switch (q.show_if->test) {
        case ShowIf::Test::kEquals: s["equals"] = q.show_if->values.at(0); break;
        case ShowIf::Test::kIn: s["in"] = q.show_if->values; break;
        case ShowIf::Test::kAnswered: s["answered"] = true; break;
      }
      j["show_if"] = std::move(s);
    }
    out["questions"].push_back(std::move(j));
  }
  return out;
}

std::optional<FieldError> MeaningChange(const Questionnaire& before, const Questionnaire& after) {
  if (after.version != before.version) {
    return FieldError{"questionnaire.version", "is " + before.version + " for the responses already recorded"};
  }
  const std::string at = "questionnaire.questions";
  if (after.questions.size() != before.questions.size()) {
    return FieldError{at, "must keep the " + std::to_string(before.questions.size()) + " questions the responses answer"};
  }
  for (size_t i = 0; i < before.questions.size(); ++i) {
    const Question& b = before.questions[i];
    const Question& a = after.questions[i];
    const std::string q = Index(at, i);
    if (a.id != b.id) return FieldError{q + ".id", "must stay " + b.id};
    if (a.type != b.type) return FieldError{q + ".type", std::string("must stay ") + QuestionTypeName(b.type)};
    if (a.required != b.required) return FieldError{q + ".required", "must stay as it was"};
    if (a.choices.size() != b.choices.size()) return FieldError{q + ".choices", "must keep the same choices"};
    for (size_t c = 0; c < b.choices.size(); ++c) {
      if (a.choices[c].value != b.choices[c].value) {
        return FieldError{Index(q + ".choices", c) + ".value", "must stay " + b.choices[c].value};
      }
    }
    if (a.min != b.min || a.max != b.max || a.integer != b.integer) {
      return FieldError{q, "must keep its range of numbers"};
    }
    if (a.max_length != b.max_length) return FieldError{q + ".max_length", "must stay " + std::to_string(b.max_length)};
    if (a.show_if != b.show_if) return FieldError{q + ".show_if", "must stay as it was"};
  }
  return std::nullopt;
}

const RecordSpec& ResponseSpec() {
  using enum FieldType;
  static const RecordSpec spec{"response",
                               {
                                   {.name = "date", .type = kDate, .required = true},
                                   {.name = "person_id", .type = kId},
                                   {.name = "answers", .type = kObject, .required = true},
                                   {.name = "active", .type = kBool},
                               }};
  return spec;
}

Result<Json> CheckAnswers(const Questionnaire& form, const Json& answers) {
  if (!answers.is_object()) return Status::InvalidField("answers", "must be an object of answers by question id");
  std::vector<FieldError> errors;
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    if (form.Find(it.key()) == nullptr) errors.push_back({"answers." + it.key(), "is not a question of the form"});
  }
  Json out = Json::object();
  std::set<std::string> wrong;  // questions whose answer failed its check
  for (const Question& q : form.questions) {
    auto it = answers.find(q.id);
    if (it == answers.end()) continue;
    ReadAnswer a = NormaliseAnswer(q, *it);
    if (!a.error.empty()) {
      errors.push_back({"answers." + q.id, a.error});
      wrong.insert(q.id);
    } else if (a.value) {
      out[q.id] = std::move(*a.value);
    }
  }
  std::vector<Shown> shown = Visibility(form, out, wrong);
  for (size_t i = 0; i < form.questions.size(); ++i) {
    const Question& q = form.questions[i];
    if (shown[i] == Shown::kYes && q.required && !out.contains(q.id) && !wrong.contains(q.id)) {
      errors.push_back({"answers." + q.id, "is required"});
    } else if (shown[i] == Shown::kNo && out.contains(q.id)) {
      errors.push_back({"answers." + q.id, "is skipped for this respondent"});
    }
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  return out;
}

std::vector<std::string> VisibleQuestions(const Questionnaire& form, const Json& answers) {
  std::vector<Shown> shown = Visibility(form, answers, {});
  std::vector<std::string> out;
  for (size_t i = 0; i < form.questions.size(); ++i) {
    if (shown[i] == Shown::kYes) out.push_back(form.questions[i].id);
  }
  return out;
}

Json SummariseResponses(const Questionnaire& form, const std::vector<Json>& answers_list) {
  std::vector<Response> responses;
  responses.reserve(answers_list.size());
  for (const Json& a : answers_list) responses.push_back(ReadResponse(form, a));

  Json questions = Json::array();
  for (size_t i = 0; i < form.questions.size(); ++i) {
    const Question& q = form.questions[i];
    int64_t shown = 0;
    int64_t answered = 0;
    std::map<std::string, int64_t> counts;  // choice value -> respondents who chose it
    std::vector<double> numbers;
    std::string earliest, latest;
    for (const Response& r : responses) {
      if (!r.shown[i]) continue;
      ++shown;
      auto it = r.answers.find(q.id);
      if (it == r.answers.end()) continue;
      ++answered;
      const Json& a = *it;
      switch (q.type) {
        case QuestionType::kSingle: ++counts[a.get<std::string>()]; break;
        case QuestionType::kMulti:
          for (const Json& v : a) ++counts[v.get<std::string>()];
          break;
        case QuestionType::kNumber: numbers.push_back(a.get<double>()); break;
        case QuestionType::kDate: {
          const std::string& d = a.get_ref<const std::string&>();
          if (earliest.empty() || d < earliest) earliest = d;
          if (latest.empty() || d > latest) latest = d;
          break;
        }
        case QuestionType::kText: break;  // never repeated
      }
    }
    Json s = {{"id", q.id}, {"text", q.text}, {"type", QuestionTypeName(q.type)}, {"shown", shown},
              {"answered", answered}};
    if (HasChoices(q.type)) {
      s["choices"] = Json::array();
      for (const Choice& c : q.choices) {
        const int64_t n = counts[c.value];
        s["choices"].push_back(
            {{"value", c.value}, {"label", c.label}, {"count", n}, {"percent", NumberJson(Percent(n, answered))}});
      }
    }
    if (q.type == QuestionType::kNumber && !numbers.empty()) {
      double sum = 0;
      for (double d : numbers) sum += d;
      s["min"] = NumberJson(*std::min_element(numbers.begin(), numbers.end()));
      s["max"] = NumberJson(*std::max_element(numbers.begin(), numbers.end()));
      s["mean"] = NumberJson(RoundToTenths(sum / static_cast<double>(numbers.size())));
      s["median"] = NumberJson(Median(numbers));
    }
    if (q.type == QuestionType::kDate && answered > 0) {
      s["earliest"] = earliest;
      s["latest"] = latest;
    }
    questions.push_back(std::move(s));
  }
  return Json{{"version", form.version},
              {"responses", static_cast<int64_t>(answers_list.size())},
              {"questions", std::move(questions)}};
}

std::vector<std::vector<std::string>> ResponseTable(const Questionnaire& form, const std::vector<Json>& answers_list,
                                                    bool include_text) {
  std::vector<const Question*> columns;
  for (const Question& q : form.questions) {
    if (include_text || q.type != QuestionType::kText) columns.push_back(&q);
  }
  std::vector<std::vector<std::string>> table;
  table.reserve(answers_list.size() + 1);
  std::vector<std::string> header;
  for (const Question* q : columns) header.push_back(q->id);
  table.push_back(std::move(header));

  for (const Json& raw : answers_list) {
    const Response r = ReadResponse(form, raw);
    std::vector<std::string> row;
    row.reserve(columns.size());
    for (const Question* q : columns) {
      auto it = r.answers.find(q->id);
      if (it == r.answers.end()) {
        row.emplace_back();
      } else if (q->type == QuestionType::kMulti) {
        std::string joined;  // normalised answers are in choice order already
        for (const Json& v : *it) joined += (joined.empty() ? "" : ";") + v.get<std::string>();
        row.push_back(std::move(joined));
      } else if (q->type == QuestionType::kNumber) {
        row.push_back(NumberText(*it));
      } else {
        row.push_back(it->get<std::string>());
      }
    }
    table.push_back(std::move(row));
  }
  return table;
}

}  // namespace baton
