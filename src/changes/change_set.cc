#include "changes/change_set.h"

#include <algorithm>
#include <cstdint>

#include "base/crypto.h"

namespace baton {

const char* ChangeOpName(ChangeOp op) { return op == ChangeOp::kCreate ? "create" : "update"; }

namespace {

std::string Dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::strict); }

// Appends `s` as a JSON string exactly as nlohmann::json writes it (and throws as it does).
void AppendJsonString(std::string& out, std::string_view s) {
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    out += Dump(Json(std::string(s)));
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

}  // namespace

void AppendCanonicalBody(std::string& out, int64_t seq, const ChangeSet& set, std::string_view prev_hash,
                         std::span<const std::string> patch_texts) {
  // Keys in byte order, as the format requires.
  out += "{\"actor\":";
  AppendJsonString(out, set.actor);
  out += ",\"changes\":[";
  for (size_t i = 0; i < set.changes.size(); ++i) {
    const EntityChange& c = set.changes[i];
    if (i > 0) out += ',';
    out += "{\"id\":";
    AppendJsonString(out, c.id);
    out += ",\"kind\":";
    AppendJsonString(out, c.kind);
    out += ",\"op\":\"";
    out += ChangeOpName(c.op);
    out += "\",\"patch\":";
    out += i < patch_texts.size() && !patch_texts[i].empty() ? patch_texts[i] : Dump(c.patch);
    out += '}';
  }
  out += "],\"hlc\":";
  AppendJsonString(out, set.hlc.ToString());
  out += ",\"id\":";
  AppendJsonString(out, set.id);
  out += ",\"node\":";
  AppendJsonString(out, set.node);
  out += ",\"prev\":";
  AppendJsonString(out, prev_hash);
  out += ",\"seq\":";
  out += std::to_string(seq);
  out += ",\"v\":";
  out += std::to_string(kChangeLogFormatVersion);
  out += '}';
}

std::string CanonicalBody(int64_t seq, const ChangeSet& set, std::string_view prev_hash) {
  std::string out;
  AppendCanonicalBody(out, seq, set, prev_hash, {});
  return out;
}

std::string EntryHash(std::string_view body) { return crypto::Blake2bHex(body); }

LogEntry MakeEntry(int64_t seq, ChangeSet set, std::string prev_hash) {
  LogEntry e;
  e.seq = seq;
  e.body = CanonicalBody(seq, set, prev_hash);
  e.hash = EntryHash(e.body);
  e.prev_hash = std::move(prev_hash);
  e.set = std::move(set);
  return e;
}

Result<LogEntry> ParseEntry(std::string_view body, std::string_view hash) {
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("v") || j["v"] != kChangeLogFormatVersion) {
    return Status::Corruption("change log entry is not a version-1 JSON object");
  }
  try {
    LogEntry e;
    const Json& seq = j.at("seq");
    // A float or an unsigned beyond int64 is refused before conversion: casting 1e300 to an
    // integer is undefined behaviour, not a parse error.
    if (!seq.is_number_integer() || (seq.is_number_unsigned() && seq.get<uint64_t>() > INT64_MAX)) {
      return Status::Corruption("change log entry has a seq that is not an integer");
    }
    e.seq = seq.get<int64_t>();
    e.prev_hash = j.at("prev").get<std::string>();
    BATON_ASSIGN_OR_RETURN(e.set, ChangeSetFromJson(std::move(j)));
    e.body = std::string(body);
    e.hash = std::string(hash);
    return e;
  } catch (const Json::exception& ex) {
    return Status::Corruption(std::string("change log entry is malformed: ") + ex.what());
  }
}

Json ChangeSetJson(const ChangeSet& set) {
  Json changes = Json::array();
  for (const EntityChange& c : set.changes) {
    changes.push_back({{"kind", c.kind}, {"id", c.id}, {"op", ChangeOpName(c.op)}, {"patch", c.patch}});
  }
  return {{"id", set.id}, {"hlc", set.hlc.ToString()}, {"node", set.node}, {"actor", set.actor}, {"changes", changes}};
}

std::string ChangeSetTextOf(std::string_view body) {
  // ...,"node":"<id>","prev":"<64 hex>","seq":<n>,"v":1}
  const size_t at = body.rfind(",\"prev\":\"");
  if (at == std::string_view::npos) return "";
  std::string_view tail = body.substr(at + 9);
  auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  if (tail.size() < 65 || !std::all_of(tail.begin(), tail.begin() + 64, hex)) return "";
  tail.remove_prefix(64);
  if (!tail.starts_with("\",\"seq\":")) return "";
  tail.remove_prefix(8);
  size_t digits = 0;
  while (digits < tail.size() && tail[digits] >= '0' && tail[digits] <= '9') ++digits;
  if (digits == 0 || tail.substr(digits) != ",\"v\":" + std::to_string(kChangeLogFormatVersion) + "}") return "";
  std::string out(body.substr(0, at));
  out += '}';
  return out;
}

Result<ChangeSet> ChangeSetFromJson(Json j) {
  try {
    ChangeSet set;
    set.id = j.at("id").get<std::string>();
    auto hlc = HlcTime::Parse(j.at("hlc").get<std::string>());
    if (!hlc.ok()) return Status::Corruption("change set has a bad hlc");
    set.hlc = *hlc;
    set.node = j.at("node").get<std::string>();
    set.actor = j.at("actor").get<std::string>();
    for (Json& c : j.at("changes")) {
      EntityChange ch;
      ch.kind = c.at("kind").get<std::string>();
      ch.id = c.at("id").get<std::string>();
      std::string op = c.at("op").get<std::string>();
      if (op != "create" && op != "update") return Status::Corruption("unknown op " + op);
      ch.op = op == "create" ? ChangeOp::kCreate : ChangeOp::kUpdate;
      ch.patch = std::move(c.at("patch"));
      set.changes.push_back(std::move(ch));
    }
    return set;
  } catch (const Json::exception& ex) {
    return Status::Corruption(std::string("change set is malformed: ") + ex.what());
  }
}

void ApplyPatch(Json& data, const Json& patch) {
  if (!data.is_object()) data = Json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it->is_null()) {
      data.erase(it.key());
    } else {
      data[it.key()] = *it;
    }
  }
}

Status ChainVerifier::Add(int64_t seq, std::string_view id, std::string_view body,
                          std::string_view hash) {
  const std::string where = "entry " + std::to_string(seq);
  if (seq != count_ + 1) {
    return Status::Corruption(where + ": expected seq " + std::to_string(count_ + 1) +
                              " (an entry is missing or out of order)");
  }
  if (EntryHash(body) != hash) return Status::Corruption(where + ": hash does not match its content");
  auto parsed = ParseEntry(body, hash);
  if (!parsed.ok()) return Status::Corruption(where + ": " + parsed.status().message());
  if (parsed->seq != seq) return Status::Corruption(where + ": content names seq " + std::to_string(parsed->seq));
  if (parsed->set.id != id) return Status::Corruption(where + ": id column differs from its content");
  if (parsed->prev_hash != prev_hash_) {
    return Status::Corruption(where + ": previous-hash link is broken");
  }
  prev_hash_ = std::string(hash);
  ++count_;
  return Status::Ok();
}

}  // namespace baton
