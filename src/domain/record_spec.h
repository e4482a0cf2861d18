// Declarative input rules for a kind of record: which fields a client may send, their types and
// limits. Validation names every bad field; it never touches storage.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace baton {

using Json = nlohmann::json;

enum class FieldType {
  kString,    // one line of text, trimmed, no control characters
  kText,      // free text, may span lines
  kEnum,      // one of `choices`
  kEnumList,  // a non-empty list of distinct `choices`
  kDate,      // "YYYY-MM-DD", a real calendar date
  kBool,
  kNumber,    // within [min, max]
  kId,        // a record id (UUID)
  kIdList,    // a list of distinct ids
  kSlug,      // lower-case letters, digits, '.', '_' or '-', starting with a letter or digit
  kSecret,    // a password: taken exactly as sent (no trimming), only its length is checked here
  kInteger,   // a whole number within [min, max]
  kObject,    // a JSON object checked by `check`
  kSlugList,  // a list (possibly empty, at most 100) of distinct slugs, each within the length limits
  kList,      // a JSON array checked by `check`
};

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kString;
  bool required = false;   // must be present (and non-empty) on create
  bool immutable = false;  // may be set on create, never changed by a patch
  bool write_only = false; // accepted on create, never stored in the record (e.g. password)
  size_t min_length = 0;
  size_t max_length = 200;
  std::vector<std::string> choices;
  double min = 0;
  double max = 0;
  bool may_be_empty = false;  // kEnumList: an empty list is allowed
  // kObject, kList: the rule for the contents; errors name "field.member" or "field[3].member".
  Status (*check)(const Json&) = nullptr;
};

struct RecordSpec {
  std::string kind;
  std::vector<FieldSpec> fields;
  const FieldSpec* Find(std::string_view name) const;
};

enum class InputMode { kCreate, kPatch };

// Checks a client's JSON object against the spec and returns it normalised (strings trimmed,
// slugs lower-cased). Errors: kInvalid naming each bad field; unknown fields are errors too. A
// null clears an optional field, except a flag (kBool), which is always true or false.
Result<Json> ValidateInput(const RecordSpec& spec, const Json& input, InputMode mode);

bool IsValidDate(std::string_view text);

}  // namespace baton
