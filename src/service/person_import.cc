#include "service/person_import.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <future>
#include <thread>

#include "domain/person_code.h"
#include "domain/record_spec.h"
#include "tabular/table.h"

namespace baton {
namespace {

constexpr size_t kMaxErrors = 1000;
constexpr size_t kChunk = 2000;  // people per transaction when writing

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// "Date of birth" -> "date_of_birth".
std::string Key(std::string_view heading) {
  std::string out;
  for (char c : Lower(Trim(heading))) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

const std::map<std::string, std::string>& Aliases() {
  static const std::map<std::string, std::string> m = {
      {"first_name", "given_name"},     {"given_names", "given_name"},   {"name", "given_name"},
      {"surname", "family_name"},       {"last_name", "family_name"},    {"father_s_name", "family_name"},
      {"nickname", "other_names"},      {"other_name", "other_names"},   {"alias", "other_names"},
      {"gender", "sex"},                {"date_of_birth", "birth_date"}, {"dob", "birth_date"},
      {"age", "age_years"},             {"estimated_age", "age_estimated"}, {"age_is_estimated", "age_estimated"},
      {"group", "population_group"},    {"displacement_status", "population_group"},
      {"block", "address"},             {"block_sector", "address"},     {"location", "address"},
      {"phone_number", "phone"},        {"mobile", "phone"},             {"telephone", "phone"},
      {"needs", "specific_needs"},      {"vulnerabilities", "specific_needs"},
      {"registration_date", "registered_on"}, {"date_registered", "registered_on"},
      {"remarks", "notes"},             {"comments", "notes"},
      {"seeing", "wg_ss.seeing"},       {"hearing", "wg_ss.hearing"},    {"walking", "wg_ss.walking"},
      {"remembering", "wg_ss.remembering"}, {"self_care", "wg_ss.self_care"}, {"communicating", "wg_ss.communicating"},
      {"wg_seeing", "wg_ss.seeing"},    {"wg_hearing", "wg_ss.hearing"}, {"wg_walking", "wg_ss.walking"},
      {"wg_remembering", "wg_ss.remembering"}, {"wg_self_care", "wg_ss.self_care"},
      {"wg_communicating", "wg_ss.communicating"},
  };
  return m;
}

bool IsTarget(const std::string& field) {
  const auto& t = PersonImport::Targets();
  return std::find(t.begin(), t.end(), field) != t.end();
}

// Day-first dates as written in the region (31/12/1990, 31-12-1990, 31.12.1990) and ISO dates.
std::string NormaliseDate(const std::string& text) {
  if (IsValidDate(text)) return text;
  if (text.size() == 19 && IsValidDate(text.substr(0, 10)) && text[10] == ' ') return text.substr(0, 10);
  unsigned d = 0, m = 0, y = 0;
  char s1 = 0, s2 = 0;
  int used = 0;
  if (std::sscanf(text.c_str(), "%u%c%u%c%u%n", &d, &s1, &m, &s2, &y, &used) == 5 &&
      static_cast<size_t>(used) == text.size() && s1 == s2 && (s1 == '/' || s1 == '-' || s1 == '.') && y >= 1000) {
    char iso[16];
    std::snprintf(iso, sizeof iso, "%04u-%02u-%02u", y % 10000, m % 100, d % 100);
    if (IsValidDate(iso)) return iso;
  }
  return text;  // the spec names it
}

std::optional<bool> YesNo(const std::string& v) {
  const std::string l = Lower(v);
  if (l == "yes" || l == "y" || l == "true" || l == "1" || l == "given") return true;
  if (l == "no" || l == "n" || l == "false" || l == "0" || l == "refused") return false;
  return std::nullopt;
}

// A whole number from a cell; spreadsheets write 34 as "34" or "34.0".
Json Number(const std::string& v) {
  std::string t = v;
  if (t.size() > 2 && t.ends_with(".0")) t.resize(t.size() - 2);
  if (t.empty() || t.size() > 9 || !std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return v;  // the spec says what is wrong with it
  }
  return std::stoi(t);
}

struct Row {
  Json person = Json::object();
  std::vector<Json> consents;
  std::string registered_on;
  std::vector<FieldError> errors;  // found while reading cells
};

Row ReadRow(const std::vector<std::string>& cells, const std::vector<std::string>& fields, const ImportRequest& req,
            const std::string& today) {
  Row row;
  Json consent_common = {{"text_version", req.text_version}};
  std::vector<std::pair<std::string, bool>> consent_answers;
  for (size_t i = 0; i < cells.size() && i < fields.size(); ++i) {
    const std::string& field = fields[i];
    const std::string value = Trim(cells[i]);
    if (field.empty() || value.empty()) continue;
    if (field == "sex") {
      const std::string l = Lower(value);
      if (l == "f" || l == "female" || l == "woman" || l == "girl") row.person["sex"] = "female";
      else if (l == "m" || l == "male" || l == "man" || l == "boy") row.person["sex"] = "male";
      else if (l == "not recorded" || l == "not_recorded" || l == "unknown" || l == "-") row.person["sex"] = "not_recorded";
      else row.person["sex"] = value;
    } else if (field == "birth_date") {
      row.person["birth_date"] = NormaliseDate(value);
    } else if (field == "age_years") {
      row.person["age_years"] = Number(value);
    } else if (field == "age_estimated") {
      auto b = YesNo(value);
      if (b) row.person["age_estimated"] = *b;
      else row.errors.push_back({"age_estimated", "must be yes or no"});
    } else if (field == "population_group" || field == "language") {
      row.person[field] = Key(value);
    } else if (field == "specific_needs") {
      Json needs = Json::array();
      std::string part;
      for (char c : value + ";") {
        if (c == ';' || c == ',') {
          if (!Trim(part).empty()) needs.push_back(Key(part));
          part.clear();
        } else {
          part += c;
        }
      }
      row.person["specific_needs"] = needs;
    } else if (field.starts_with("wg_ss.")) {
      if (!row.person.contains("wg_ss")) row.person["wg_ss"] = Json::object();
      row.person["wg_ss"][field.substr(6)] = Number(value);
    } else if (field == "registered_on") {
      row.registered_on = NormaliseDate(value);
      if (!IsValidDate(row.registered_on)) row.errors.push_back({"registered_on", "must be a date (YYYY-MM-DD or DD/MM/YYYY)"});
      else if (row.registered_on > today) row.errors.push_back({"registered_on", "must not be in the future"});
    } else if (field.starts_with("consent_") && field != "consent_method" && field != "consent_date" &&
               field != "consent_text_version") {
      auto b = YesNo(value);
      if (b) consent_answers.emplace_back(field.substr(8), *b);
      else row.errors.push_back({field, "must be given or refused (yes or no)"});
    } else if (field == "consent_method") {
      consent_common["method"] = Lower(value);
    } else if (field == "consent_date") {
      consent_common["date"] = NormaliseDate(value);
    } else if (field == "consent_text_version") {
      consent_common["text_version"] = value;
    } else if (field == "guardian_name") {
      consent_common["guardian_name"] = value;
    } else {
      row.person[field] = value;
    }
  }
  if (!consent_common.contains("date") && !row.registered_on.empty()) consent_common["date"] = row.registered_on;
  if (!consent_common.contains("method")) {
    consent_common["method"] = consent_common.contains("guardian_name") ? "guardian" : "verbal";
  }
  for (const auto& [purpose, given] : consent_answers) {
    Json c = consent_common;
    c["purpose"] = purpose;
    c["status"] = given ? "given" : "refused";
    row.consents.push_back(std::move(c));
  }
  return row;
}

}  // namespace

std::optional<ImportMode> ParseImportMode(std::string_view name) {
  if (name == "dry_run") return ImportMode::kDryRun;
  if (name == "all") return ImportMode::kAll;
  if (name == "valid") return ImportMode::kValid;
  return std::nullopt;
}

const std::vector<std::string>& PersonImport::Targets() {
  static const std::vector<std::string> v = {
      "given_name", "family_name", "other_names", "sex", "birth_date", "age_years", "age_estimated",
      "population_group", "address", "phone", "language", "specific_needs", "notes", "registered_on",
      "wg_ss.seeing", "wg_ss.hearing", "wg_ss.walking", "wg_ss.remembering", "wg_ss.self_care",
      "wg_ss.communicating", "consent_services", "consent_follow_up", "consent_referral",
      "consent_share_any_partner", "consent_photo", "consent_method", "consent_date", "consent_text_version",
      "guardian_name"};
  return v;
}

Result<Json> PersonImport::Run(const Principal& who, std::string_view file, const ImportRequest& req) {
  BATON_RETURN_IF_ERROR(
      AccessPolicy::Check(who, Action::kImport, Resource::kPerson, {who.organization_id, "", {}}));
  if (req.text_version.empty() || req.text_version.size() > 40) {
    return Status::InvalidField("text_version", "must be 1 to 40 characters");
  }
  // Programme and site are checked once for the whole file.
  Json placement = {{"organization_id", who.organization_id}, {"programme_id", req.programme_id}, {"site_id", req.site_id}};
  BATON_RETURN_IF_ERROR(persons_.CheckPlacement(placement, /*create=*/true));
  BATON_ASSIGN_OR_RETURN(Record site, ctx_.store().Get("site", req.site_id));
  const std::shared_ptr<const RecordSpec> spec = persons_.SpecFor(req.programme_id);
  // A register of a few hundred thousand people; the table in memory costs several times the file.
  TableLimits limits;
  limits.max_bytes = 32 << 20;
  limits.max_rows = 500'000;
  auto table = ReadTable(file, limits);
  if (!table.ok()) return Status::InvalidField("file", table.status().message());

  // Columns: the caller's mapping first, then field names and common headings.
  std::vector<std::string> fields;
  Json columns = Json::object();
  for (const std::string& heading : table->header) {
    std::string field;
    if (auto it = req.columns.find(heading); it != req.columns.end()) {
      field = it->second;
      if (!field.empty() && !IsTarget(field)) {
        return Status::InvalidField("col." + heading, "'" + field + "' is not a field a column can fill");
      }
    } else {
      const std::string key = Key(heading);
      if (IsTarget(key)) field = key;
      else if (auto a = Aliases().find(key); a != Aliases().end()) field = a->second;
    }
    if (!field.empty() && std::count(fields.begin(), fields.end(), field) > 0) {
      return Status::InvalidField("col." + heading, "fills " + field + ", which another column fills already");
    }
    fields.push_back(field);
    columns[heading] = field.empty() ? Json(nullptr) : Json(field);
  }
  if (std::find(fields.begin(), fields.end(), "given_name") == fields.end()) {
    return Status::InvalidField("file", "no column gives the given name (a heading such as given_name or First name)");
  }

  const std::string today = ctx_.Today();
  Json errors = Json::array();
  size_t valid = 0, invalid = 0, imported = 0;
  bool truncated = false;
  auto note = [&](int line, const std::string& field, const std::string& detail) {
    if (errors.size() >= kMaxErrors) {
      truncated = true;
      return;
    }
    errors.push_back({{"line", line}, {"field", field}, {"detail", detail}});
  };
  const std::string prefix = SitePrefix(site.data.value("code", ""), site.data.value("name", ""));
  const std::string tag = NodeTag(ctx_.options().node_id);

  // Row i as a registration: its change set, or why the row cannot be registered. With
  // `check_only`, nothing is sealed (a check, not to be committed).
  auto prepare = [&](size_t i, bool check_only) -> Result<ChangeSet> {
    Row row = ReadRow(table->rows[i], fields, req, today);
    if (!row.errors.empty()) return Status::Invalid("row", row.errors);
    row.person["programme_id"] = req.programme_id;
    row.person["site_id"] = req.site_id;
    BATON_ASSIGN_OR_RETURN(PreparedPerson p,
                           persons_.Prepare(who, row.person, row.consents,
                                            {row.registered_on, who.organization_id, "PENDING", true, spec, check_only}));
    return std::move(p.set);
  };
  // A row's own fault (bad or conflicting values), not the store's.
  auto rows_fault = [](const Status& s) { return s.code() == Code::kInvalid || s.code() == Code::kConflict; };

  // The check: rows are independent, so slices of them are checked on all cores at once.
  std::vector<Status> checked(table->rows.size());
  {
    const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
    const size_t slice = (table->rows.size() + threads - 1) / threads;
    std::vector<std::future<void>> slices;
    for (size_t begin = 0; begin < table->rows.size(); begin += slice) {
      slices.push_back(std::async(std::launch::async, [&, begin] {
        for (size_t i = begin; i < std::min(begin + slice, table->rows.size()); ++i) {
          checked[i] = prepare(i, /*check_only=*/true).status();
        }
      }));
    }
    for (auto& f : slices) f.get();
  }
  for (size_t i = 0; i < checked.size(); ++i) {
    const Status& status = checked[i];
    if (status.ok()) {
      ++valid;
      continue;
    }
    if (!rows_fault(status)) return status;
    ++invalid;
    if (status.errors().empty()) note(table->lines[i], "", status.message());
    for (const FieldError& e : status.errors()) note(table->lines[i], e.field, e.message);
  }

  // The writing: the valid rows are prepared again chunk by chunk (so memory stays bounded),
  // numbered from one reserved block per chunk, and each chunk is committed on another thread
  // while the next one is prepared.
  const bool write = (req.mode == ImportMode::kAll && invalid == 0) || (req.mode == ImportMode::kValid && valid > 0);
  if (write) {
    std::vector<ChangeSet> chunk;
    std::future<Result<int64_t>> committing;
    auto committed = [&]() -> Status {
      if (!committing.valid()) return Status::Ok();
      BATON_ASSIGN_OR_RETURN(int64_t applied, committing.get());
      imported += static_cast<size_t>(applied);
      return Status::Ok();
    };
    auto flush = [&]() -> Status {
      BATON_RETURN_IF_ERROR(committed());
      if (chunk.empty()) return Status::Ok();
      BATON_ASSIGN_OR_RETURN(int64_t last, ctx_.store().NextCounter("person_code:" + site.id,
                                                                  static_cast<int64_t>(chunk.size())));
      int64_t n = last - static_cast<int64_t>(chunk.size()) + 1;
      for (ChangeSet& set : chunk) set.changes[0].patch["code"] = MakePersonCode(prefix, tag, n++);
      committing = std::async(std::launch::async, [&store = ctx_.store(), sets = std::move(chunk)]() mutable {
        return store.CommitBatch(std::move(sets));
      });
      chunk.clear();
      return Status::Ok();
    };
    for (size_t i = 0; i < checked.size(); ++i) {
      if (!checked[i].ok()) continue;
      Result<ChangeSet> set = prepare(i, /*check_only=*/false);
      if (!set.ok()) {
        (void)committed();
        return set.status();  // it passed the check: what changed is not the row's fault
      }
      chunk.push_back(std::move(*set));
      if (chunk.size() == kChunk) BATON_RETURN_IF_ERROR(flush());
    }
    BATON_RETURN_IF_ERROR(flush());
    BATON_RETURN_IF_ERROR(committed());
  }
  const char* mode = req.mode == ImportMode::kDryRun ? "dry_run" : req.mode == ImportMode::kAll ? "all" : "valid";
  Json report = {{"mode", mode},           {"rows", table->rows.size()}, {"valid", valid},
                 {"invalid", invalid},     {"imported", imported},       {"columns", columns},
                 {"errors", errors},       {"errors_truncated", truncated}};
  return report;
}

}  // namespace baton
