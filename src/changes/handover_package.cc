#include "changes/handover_package.h"

#include <algorithm>
#include <array>
#include <utility>
#include <unordered_map>

#include "base/parallel.h"

namespace baton {
namespace {

constexpr size_t kFrameBytes = 1 << 20;        // plaintext per frame when writing
constexpr size_t kMaxHeaderBytes = 64 << 10;   // refused above when reading
constexpr size_t kMaxFrameBytes = 16 << 20;

void PutU32(std::string& out, size_t n) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xff));
}

bool GetU32(std::string_view bytes, size_t& pos, size_t& n) {
  if (bytes.size() - pos < 4) return false;
  n = 0;
  for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(bytes[pos + i]);
  pos += 4;
  return true;
}

// Every refusal names the package as the field at fault (a 422 problem, with the reason).
Status Bad(std::string message) { return Status::InvalidField("package", std::move(message)); }


Json HeaderJson(const PackageHeader& h) {
  return {{"format", kHandoverPackageFormat},
          {"package_id", h.package_id},
          {"handover_id", h.handover_id},
          {"created_at", h.created_at},
          {"sender", {{"organization_id", h.sender_organization_id}, {"name", h.sender_name}, {"public_key", h.sender_public_key}}},
          {"recipient",
           {{"organization_id", h.recipient_organization_id}, {"name", h.recipient_name}, {"public_key", h.recipient_public_key}}}};
}

// Lines go into frames of about kFrameBytes; a line is never split.
class FrameWriter {
 public:
  FrameWriter(std::string& out, crypto::StreamSealer& sealer, std::string first_ad)
      : out_(out), sealer_(sealer), ad_(std::move(first_ad)) {}
  // Appends `line` and its newline; returns the line as it lies in the frame (valid until the next call).
  std::string_view Line(std::string_view line) { return Typed("", line); }
  // A typed line as written, {"t":"<type>",...}, from the object's compact text `body`.
  std::string_view Typed(std::string_view type, std::string_view body) {
    if (buffer_.size() >= kFrameBytes) Flush(false);
    const size_t start = buffer_.size();
    if (type.empty()) {
      buffer_.append(body);
    } else {
      buffer_.append("{\"t\":\"").append(type).push_back('"');
      if (body.size() > 2) buffer_.append(",").append(body.substr(1));
      else buffer_.push_back('}');
    }
    buffer_.push_back('\n');
    return std::string_view(buffer_).substr(start, buffer_.size() - start - 1);
  }
  void Finish() { Flush(true); }

 private:
  void Flush(bool final) {
    std::string frame = sealer_.Push(buffer_, ad_, final);
    ad_.clear();
    PutU32(out_, frame.size());
    out_ += frame;
    buffer_.clear();
  }
  std::string& out_;
  crypto::StreamSealer& sealer_;
  std::string ad_;
  std::string buffer_;
};

constexpr std::array<const char*, 4> kSections = {"changes", "records", "stubs", "keys"};
const std::vector<std::string>& Section(const PackageContent& c, size_t i) {
  switch (i) {
    case 0: return c.changes;
    case 1: return c.records;
    case 2: return c.stubs;
    default: return c.keys;
  }
}
std::vector<std::string>& Section(PackageContent& c, size_t i) {
  return const_cast<std::vector<std::string>&>(Section(static_cast<const PackageContent&>(c), i));
}
// The line type of each section ("t"), singular.
constexpr std::array<std::string_view, 4> kLineTypes = {"change", "record", "stub", "key"};

}  // namespace

std::string WritePackage(const PackageHeader& header, const PackageContent& content, Json manifest,
                         const OrgSecretKeys& sender, const OrgPublicKey& recipient, Random& random) {
  const std::string stream_key = crypto::NewKey(random);
  crypto::StreamSealer sealer(stream_key);
  Json head = HeaderJson(header);
  head["sealed_key"] = crypto::Base64Url(crypto::SealTo(recipient.box_key, stream_key));
  head["stream_header"] = crypto::Base64Url(sealer.header());
  const std::string head_text = head.dump();

  std::string out(kHandoverPackageMagic);
  size_t content_bytes = 0;
  for (size_t s = 0; s < kSections.size(); ++s) {
    for (const std::string& body : Section(content, s)) content_bytes += body.size() + 12;
  }
  out.reserve(out.size() + head_text.size() + content_bytes + content_bytes / kFrameBytes * 64 + (64 << 10));
  PutU32(out, head_text.size());
  out += head_text;
  FrameWriter frames(out, sealer, head_text);
  crypto::Blake2bStream hash;
  Json counts = Json::object();
  for (size_t s = 0; s < kSections.size(); ++s) {
    for (const std::string& body : Section(content, s)) {
      hash.Update(frames.Typed(kLineTypes[s], body));
      hash.Update("\n");
    }
    counts[kSections[s]] = Section(content, s).size();
  }
  counts["hash"] = hash.FinalHex();
  Json h = HeaderJson(header);
  manifest["format"] = kHandoverPackageFormat;
  for (const char* f : {"package_id", "handover_id", "created_at", "sender", "recipient"}) manifest[f] = h[f];
  manifest["content"] = counts;
  const std::string manifest_line(frames.Typed("manifest", manifest.dump()));
  const std::string signature = crypto::Sign(sender.signing, manifest_line);
  frames.Line(Json{{"t", "signature"},
                   {"alg", "ed25519"},
                   {"public_key", sender.public_key.text},
                   {"signature", crypto::Base64Url(signature)}}
                  .dump());
  frames.Finish();
  return out;
}

namespace {

struct RawHeader {
  PackageHeader header;
  std::string text;
  std::string sealed_key;
  std::string stream_header;
  size_t end = 0;  // where the frames begin
};

Result<RawHeader> ParseHeader(std::string_view bytes) {
  if (!bytes.starts_with(kHandoverPackageMagic)) return Bad("the file is not a Baton handover package");
  size_t pos = kHandoverPackageMagic.size();
  size_t n = 0;
  if (!GetU32(bytes, pos, n) || n > kMaxHeaderBytes || bytes.size() - pos < n) {
    return Bad("the package's header is malformed or cut short");
  }
  RawHeader raw;
  raw.text = std::string(bytes.substr(pos, n));
  raw.end = pos + n;
  Json h = Json::parse(raw.text, nullptr, false);
  auto str = [&](const Json& o, const char* f) -> std::string {
    return o.is_object() && o.contains(f) && o[f].is_string() ? o[f].get<std::string>() : std::string();
  };
  if (!h.is_object() || !h.contains("sender") || !h.contains("recipient")) return Bad("the package's header is malformed");
  if (!h.contains("format") || !h["format"].is_number_integer() || h["format"].get<int64_t>() != kHandoverPackageFormat) {
    return Bad("the package is of a format this Baton does not read (format 1 expected)");
  }
  PackageHeader& p = raw.header;
  p.package_id = str(h, "package_id");
  p.handover_id = str(h, "handover_id");
  p.created_at = str(h, "created_at");
  p.sender_organization_id = str(h["sender"], "organization_id");
  p.sender_name = str(h["sender"], "name");
  p.sender_public_key = str(h["sender"], "public_key");
  p.recipient_organization_id = str(h["recipient"], "organization_id");
  p.recipient_name = str(h["recipient"], "name");
  p.recipient_public_key = str(h["recipient"], "public_key");
  auto sealed = crypto::FromBase64Url(str(h, "sealed_key"));
  auto stream = crypto::FromBase64Url(str(h, "stream_header"));
  if (p.package_id.empty() || p.handover_id.empty() || p.sender_public_key.empty() || p.recipient_public_key.empty() ||
      !sealed.ok() || !stream.ok()) {
    return Bad("the package's header is malformed");
  }
  raw.sealed_key = std::move(*sealed);
  raw.stream_header = std::move(*stream);
  return raw;
}

}  // namespace

Result<PackageHeader> ReadPackageHeader(std::string_view bytes) {
  BATON_ASSIGN_OR_RETURN(RawHeader raw, ParseHeader(bytes));
  return raw.header;
}

Result<OpenedPackage> OpenPackage(std::string_view bytes, const OrgSecretKeys& recipient) {
  BATON_ASSIGN_OR_RETURN(RawHeader raw, ParseHeader(bytes));
  auto stream_key = crypto::OpenSealedBox(recipient.box, raw.sealed_key);
  if (!stream_key.ok()) {
    return Bad("the package is addressed to " + raw.header.recipient_name + " and does not open with the key of " +
               recipient.public_key.organization_id);
  }
  auto opener = crypto::StreamOpener::Start(*stream_key, raw.stream_header);
  if (!opener.ok()) return Bad("the package's header is malformed");

  OpenedPackage out;
  out.header = raw.header;
  crypto::Blake2bStream hash;
  std::string manifest_line;
  std::string signature_line;
  size_t section = 0;  // the lines must come in section order
  bool final = false;
  size_t pos = raw.end;
  size_t frame_no = 0;
  while (!final) {
    size_t n = 0;
    if (pos == bytes.size()) return Bad("the package is truncated: it ends before its last part");
    if (!GetU32(bytes, pos, n) || n > kMaxFrameBytes + crypto::kStreamFrameOverhead || bytes.size() - pos < n) {
      return Bad("the package is truncated: part " + std::to_string(frame_no + 1) + " is cut short");
    }
    auto plain = (*opener)->Pull(bytes.substr(pos, n), frame_no == 0 ? std::string_view(raw.text) : std::string_view(), final);
    if (!plain.ok()) {
      return Bad("the package was altered: part " + std::to_string(frame_no + 1) + " does not decrypt" +
                 (frame_no == 0 ? " (or its header was changed)" : ""));
    }
    pos += n;
    ++frame_no;
    std::string_view text = *plain;
    while (!text.empty()) {
      const size_t nl = text.find('\n');
      if (nl == std::string_view::npos) return Bad("the package is malformed: a line is not ended");
      std::string_view line = text.substr(0, nl);
      text.remove_prefix(nl + 1);
      if (!signature_line.empty()) return Bad("the package is malformed: something follows its signature");
      if (!manifest_line.empty()) {
        signature_line = std::string(line);
        continue;
      }
      // {"t":"<type>", ...
      const size_t q = line.find('"', 6);
      if (!line.starts_with("{\"t\":\"") || q == std::string_view::npos) return Bad("the package is malformed: a line has no type");
      std::string_view type = line.substr(6, q - 6);
      if (type == "manifest") {
        manifest_line = std::string(line);
        continue;
      }
      size_t s = section;
      while (s < kLineTypes.size() && kLineTypes[s] != type) ++s;
      if (s == kLineTypes.size()) return Bad("the package is malformed: a line of unknown or misplaced type " + std::string(type));
      section = s;
      hash.Update(line);
      hash.Update("\n");
      // Kept without the type, as written.
      std::string body = "{";
      if (q + 2 < line.size()) body.append(line.substr(q + 2));
      else body += "}";
      Section(out.content, s).push_back(std::move(body));
    }
  }
  if (pos != bytes.size()) return Bad("the package is malformed: bytes follow its last part");
  if (manifest_line.empty() || signature_line.empty()) return Bad("the package is malformed: it has no signed manifest");

  Json sig = Json::parse(signature_line, nullptr, false);
  auto signature = crypto::FromBase64Url(sig.is_object() ? sig.value("signature", "") : "");
  auto sender = ParseOrgPublicKey(raw.header.sender_public_key);
  if (!sender.ok()) return Bad("the package's sender key is malformed");
  if (!signature.ok() || !crypto::VerifySignature(sender->sign_key, manifest_line, *signature)) {
    return Bad("the package's signature does not verify with the sender's key: it was altered or not made by " +
               raw.header.sender_name);
  }
  out.manifest = Json::parse(manifest_line, nullptr, false);
  if (!out.manifest.is_object()) return Bad("the package's manifest is malformed");
  out.manifest.erase("t");
  const Json head = HeaderJson(raw.header);
  for (const char* f : {"package_id", "handover_id", "created_at", "sender", "recipient"}) {
    if (!out.manifest.contains(f) || out.manifest[f] != head[f]) {
      return Bad(std::string("the package's header does not match its signed manifest (") + f + ")");
    }
  }
  const Json& counts = out.manifest.contains("content") ? out.manifest["content"] : Json();
  if (!counts.is_object() || counts.value("hash", "") != hash.FinalHex()) {
    return Bad("the package's content does not match the hash in its manifest");
  }
  for (size_t s = 0; s < kSections.size(); ++s) {
    if (!counts.contains(kSections[s]) || counts[kSections[s]] != Section(out.content, s).size()) {
      return Bad(std::string("the package's ") + kSections[s] + " do not match the count in its manifest");
    }
  }
  return out;
}

namespace {

// A record's place: "kind/id".
std::string Key(std::string_view kind, std::string_view id) {
  std::string k(kind);
  k += '/';
  k += id;
  return k;
}

std::string Text(const Json& o, const char* field) {
  auto it = o.find(field);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A record as its history leaves it: a record made by one create without null fields (most of a
// package) is that create's patch, read where it lies.
struct FoldedRecord {
  int64_t version = 0;
  const Json* only = nullptr;
  Json data;
  bool in_snapshot = false;
  const Json& state() const { return only != nullptr ? *only : data; }
};

bool WholeState(const Json& patch) {
  return patch.is_object() && std::none_of(patch.begin(), patch.end(), [](const Json& v) { return v.is_null(); });
}

}  // namespace

Result<PackageHistory> FoldPackageHistory(const PackageContent& content, const std::set<std::string>& keep_kinds) {
  PackageHistory out;
  // Parsing and hashing are most of the work: both run on every core.
  const size_t n = content.changes.size();
  out.sets.resize(n);
  std::vector<std::string> malformed(n);
  ParallelFor(n, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      auto set = ChangeSetFromJson(Json::parse(content.changes[i], nullptr, false));
      if (set.ok()) out.sets[i] = std::move(*set);
      else malformed[i] = set.status().message();
    }
  });
  std::unordered_map<std::string, FoldedRecord> state;
  for (size_t i = 0; i < n; ++i) {
    if (!malformed[i].empty()) return Bad("the package holds a malformed change set: " + malformed[i]);
    for (const EntityChange& c : out.sets[i].changes) {
      FoldedRecord& f = state[Key(c.kind, c.id)];
      if ((c.op == ChangeOp::kCreate) != (f.version == 0)) {
        return Bad("the package's history of " + c.kind + " " + c.id + " is incomplete");
      }
      if (f.version == 0 && WholeState(c.patch)) {
        f.only = &c.patch;
      } else {
        if (f.only != nullptr) f.data = *std::exchange(f.only, nullptr);
        ApplyPatch(f.data, c.patch);
      }
      ++f.version;
    }
  }

  // The snapshot: each record once, at the version and with the hash the history gives.
  const size_t m = content.records.size();
  out.records.resize(m);
  std::vector<FoldedRecord*> found(m);
  enum : char { kMalformed, kDiffers, kMatches };
  std::vector<char> verdict(m, kMalformed);
  ParallelFor(m, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      Json j = Json::parse(content.records[i], nullptr, false);
      if (!j.is_object()) continue;
      verdict[i] = kDiffers;
      auto v = j.find("version");
      PackageRecord& r = out.records[i];
      r = {Text(j, "kind"), Text(j, "id"), v != j.end() && v->is_number_integer() ? v->get<int64_t>() : 0};
      auto it = state.find(Key(r.kind, r.id));  // reads only: the map is not changed meanwhile
      if (it == state.end()) continue;
      found[i] = &it->second;
      if (it->second.version == r.version && crypto::Blake2bHex(it->second.state().dump()) == Text(j, "hash")) {
        verdict[i] = kMatches;
      }
    }
  });
  for (size_t i = 0; i < m; ++i) {
    const PackageRecord& r = out.records[i];
    if (verdict[i] == kMalformed) return Bad("the package holds a malformed record");
    FoldedRecord* f = found[i];
    if (verdict[i] != kMatches || f->in_snapshot) {
      return Bad("the package's history does not give its snapshot of " + r.kind + " " + r.id);
    }
    f->in_snapshot = true;
    if (keep_kinds.contains(r.kind)) out.folded[Key(r.kind, r.id)] = f->only != nullptr ? *f->only : std::move(f->data);
  }
  if (state.size() != m) {
    for (const auto& [key, f] : state) {
      if (!f.in_snapshot) return Bad("the package's history changes " + key + ", which its snapshot does not hold");
    }
  }
  for (const std::string& line : content.keys) {
    Json j = Json::parse(line, nullptr, false);
    auto key = crypto::FromBase64Url(j.is_object() ? Text(j, "key") : "");
    if (!key.ok() || key->size() != crypto::kKeyBytes) return Bad("the package holds a malformed record key");
    out.keys[Key(Text(j, "kind"), Text(j, "id"))] = std::move(*key);
  }
  return out;
}

}  // namespace baton
