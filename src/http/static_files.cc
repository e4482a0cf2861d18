#include "http/static_files.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "base/crypto.h"
#include "http/compress.h"
#include "http/problem.h"

namespace baton::http {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxPathBytes = 1024;
constexpr uintmax_t kMaxDiskFileBytes = 64u << 20;

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return Lower(x) == Lower(y); });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    const size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

// One element of a header list such as Accept or Accept-Encoding: the value before ';' and its q
// (1 when absent; 0 when malformed, which refuses it).
struct Weighted {
  std::string_view value;
  double q = 1;
};

std::vector<Weighted> ParseWeightedList(std::string_view header) {
  std::vector<Weighted> items;
  for (std::string_view part : Split(header, ',')) {
    auto params = Split(part, ';');
    Weighted item{Trim(params[0]), 1};
    if (item.value.empty()) continue;
    for (size_t i = 1; i < params.size(); ++i) {
      std::string_view p = Trim(params[i]);
      if (p.size() >= 2 && Lower(p[0]) == 'q' && p[1] == '=') {
        const std::string number(Trim(p.substr(2)));
        char* end = nullptr;
        const double q = std::strtod(number.c_str(), &end);
        item.q = (number.empty() || end != number.c_str() + number.size() || !(q >= 0) || q > 1) ? 0 : q;
      }
    }
    items.push_back(item);
  }
  return items;
}

std::string_view Extension(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return name.substr(dot + 1);
}

bool AcceptsHtml(const Request& request) {
  auto accept = request.header("Accept");
  if (!accept) return false;
  for (const Weighted& item : ParseWeightedList(*accept)) {
    if (item.q > 0 && (EqualsIgnoreCase(item.value, "text/html") || EqualsIgnoreCase(item.value, "text/*"))) return true;
  }
  return false;
}

// The entity tags of If-None-Match, unquoted, without W/ and the encoding suffix; "*" as itself.
bool IfNoneMatchHits(std::string_view header, std::string_view etag) {
  for (std::string_view tag : Split(header, ',')) {
    tag = Trim(tag);
    if (tag == "*") return true;
    if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);  // weak comparison (RFC 9110 13.1.2)
    if (tag.size() < 2 || tag.front() != '"' || tag.back() != '"') continue;
    tag = tag.substr(1, tag.size() - 2);
    for (std::string_view suffix : {"-br", "-gz"}) {
      if (tag.size() > suffix.size() && tag.substr(tag.size() - suffix.size()) == suffix) {
        tag.remove_suffix(suffix.size());
        break;
      }
    }
    if (tag == etag) return true;
  }
  return false;
}

// A problem response from the web handler: it carries the security headers too.
Response WebProblem(int status, std::string_view detail) {
  Response r = Problem(status, detail);
  AddWebSecurityHeaders(r);
  return r;
}

// The request path made relative to the web root ("" for "/"), or the status refusing it.
struct CleanPath {
  std::string relative;
  int refused = 0;  // 400 or 404 when not servable
};

CleanPath Clean(std::string_view path) {
  if (path.size() > kMaxPathBytes) return {{}, 400};
  if (path.empty() || path.front() != '/') return {{}, 400};
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f || ch == '\\') return {{}, 400};
  }
  path.remove_prefix(1);
  if (path.empty()) return {"", 0};
  const auto segments = Split(path, '/');
  bool hidden = false;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string_view s = segments[i];
    if (s.empty()) {
      if (i + 1 == segments.size()) continue;  // a trailing slash: "/sites/"
      return {{}, 400};                        // "//etc/passwd", "a//b"
    }
    if (s == "." || s == "..") return {{}, 400};
    if (s.front() == '.') hidden = true;
  }
  if (hidden) return {{}, 404};
  return {std::string(path), 0};
}

std::optional<std::string> ReadSmallFile(const fs::path& path) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec || size > kMaxDiskFileBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(out).str();
}

// True when `path` is `root` or inside it (both canonical).
bool Within(const fs::path& root, const fs::path& path) {
  auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return r == root.end();
}

}  // namespace

void AddWebSecurityHeaders(Response& response) {
  response.set_header("Content-Security-Policy", std::string(kWebContentSecurityPolicy));
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Cross-Origin-Opener-Policy", "same-origin");
  response.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

void AddApiSecurityHeaders(Response& response) {
  response.set_header("Content-Security-Policy", std::string(kApiContentSecurityPolicy));
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("X-Frame-Options", "DENY");
}

std::string_view ContentTypeFor(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"ttf", "font/ttf"},
      {"otf", "font/otf"},
      {"wasm", "application/wasm"},
      {"xml", "application/xml"},
      {"pdf", "application/pdf"},
  };
  const std::string_view ext = Extension(path);
  for (const auto& [e, type] : kTypes) {
    if (EqualsIgnoreCase(ext, e)) return type;
  }
  return "application/octet-stream";
}

bool IsHashedAsset(std::string_view path) {
  if (path.substr(0, 7) != "assets/") return false;
  std::string_view name = path.substr(path.rfind('/') + 1);
  name = name.substr(0, name.find('.'));  // "index-Bx1_a-Z9" of "index-Bx1_a-Z9.js.map"
  auto is_hash = [](std::string_view h) {
    if (h.size() < 8 || h.size() > 64) return false;
    bool mixed = false;
    for (char c : h) {
      const bool digit = c >= '0' && c <= '9', upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
      if (!digit && !upper && !lower && c != '_' && c != '-') return false;
      mixed = mixed || digit || upper;
    }
    return mixed;
  };
  // Vite's [name]-[hash]: the hash is the last 8 characters and may itself hold a '-'.
  if (name.size() >= 10 && name[name.size() - 9] == '-' && is_hash(name.substr(name.size() - 8))) return true;
  const size_t dash = name.rfind('-');
  return dash != std::string_view::npos && dash > 0 && is_hash(name.substr(dash + 1));
}

Encoding ChooseEncoding(std::optional<std::string_view> accept_encoding, bool have_gzip, bool have_brotli) {
  if (!accept_encoding || (!have_gzip && !have_brotli)) return Encoding::kIdentity;
  double q_br = -1, q_gzip = -1, q_any = -1;
  for (const Weighted& item : ParseWeightedList(*accept_encoding)) {
    if (EqualsIgnoreCase(item.value, "br")) q_br = std::max(q_br, item.q);
    else if (EqualsIgnoreCase(item.value, "gzip") || EqualsIgnoreCase(item.value, "x-gzip")) q_gzip = std::max(q_gzip, item.q);
    else if (item.value == "*") q_any = std::max(q_any, item.q);
  }
  if (q_br < 0) q_br = q_any;
  if (q_gzip < 0) q_gzip = q_any;
  if (!have_brotli) q_br = -1;
  if (!have_gzip) q_gzip = -1;
  if (q_br > 0 && q_br >= q_gzip) return Encoding::kBrotli;
  if (q_gzip > 0) return Encoding::kGzip;
  return Encoding::kIdentity;
}

bool IsApiPath(std::string_view path) { return path == "/api" || path.substr(0, 5) == "/api/"; }

// Bytes read from disk and their compressed variants (directory mode).
struct DiskFile {
  std::string identity, gzip, brotli;
};

struct StaticFiles::Found {
  std::string etag;
  std::string_view identity, gzip, brotli;
  std::shared_ptr<const DiskFile> storage;  // owns the views in directory mode
};

StaticFiles::StaticFiles(std::span<const EmbeddedFile> files) {
  for (const EmbeddedFile& f : files) embedded_.emplace(f.path, &f);
}

Result<StaticFiles> StaticFiles::FromDirectory(const fs::path& root) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec || !fs::is_directory(canonical, ec)) {
    return Status::Invalid("web directory " + root.string() + " is not a directory");
  }
  StaticFiles files;
  files.root_ = std::move(canonical);
  return files;
}

std::optional<StaticFiles::Found> StaticFiles::Find(const std::string& relative) const {
  if (root_.empty()) {
    auto it = embedded_.find(relative);
    if (it == embedded_.end()) return std::nullopt;
    const EmbeddedFile& f = *it->second;
    return Found{std::string(f.etag), f.identity, f.gzip, f.brotli, nullptr};
  }
  // `relative` is clean (no "..", no empty segment, no leading '/'), so appending cannot replace
  // the root; resolving symlinks must not leave it either.
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(root_ / fs::path(relative), ec);
  if (ec || !Within(root_, resolved) || !fs::is_regular_file(resolved, ec)) return std::nullopt;
  auto bytes = ReadSmallFile(resolved);
  if (!bytes) return std::nullopt;
  // Compressed on the fly, quickly rather than small: this is for development.
  auto file = std::make_shared<DiskFile>();
  file->identity = std::move(*bytes);
  if (WorthCompressing(relative) && !file->identity.empty()) {
    file->gzip = GzipCompress(file->identity, 6);
    file->brotli = BrotliCompress(file->identity, 5, LooksLikeText(relative));
    if (file->gzip.size() >= file->identity.size()) file->gzip.clear();
    if (file->brotli.size() >= file->identity.size()) file->brotli.clear();
  }
  std::string etag = crypto::Blake2bHex(file->identity).substr(0, 32);
  return Found{std::move(etag), file->identity, file->gzip, file->brotli, std::move(file)};
}

Response StaticFiles::Serve(const Request& request) const {
  if (request.method != "GET" && request.method != "HEAD") {
    Response r = WebProblem(405, "only GET and HEAD are allowed here");
    r.set_header("Allow", "GET, HEAD");
    return r;
  }
  CleanPath clean = Clean(request.path);
  if (clean.refused != 0) {
    return WebProblem(clean.refused, clean.refused == 400 ? "this path is not allowed" : "no such file");
  }
  std::string relative = clean.relative.empty() ? "index.html" : std::move(clean.relative);
  std::optional<Found> found;
  if (relative.back() != '/') found = Find(relative);
  bool fallback = false;
  if (!found) {
    const std::string_view last = std::string_view(relative).substr(relative.rfind('/', relative.size() - 2) + 1);
    const bool is_asset = relative == "assets" || relative.rfind("assets/", 0) == 0;
    if (is_asset || last.find('.') != std::string_view::npos || !AcceptsHtml(request)) {
      return WebProblem(404, "no such file");
    }
    relative = "index.html";
    found = Find(relative);
    if (!found) return WebProblem(404, "no such file");
    fallback = true;
  }

  Response r;
  AddWebSecurityHeaders(r);
  r.content_type = std::string(ContentTypeFor(relative));
  r.set_header("Cache-Control", IsHashedAsset(relative) ? std::string(kImmutableCache) : "no-cache");
  const bool variants = !found->gzip.empty() || !found->brotli.empty();
  if (variants || fallback) {
    std::string vary = variants ? "Accept-Encoding" : "";
    if (fallback) vary += variants ? ", Accept" : "Accept";
    r.set_header("Vary", std::move(vary));
  }
  const Encoding encoding = ChooseEncoding(request.header("Accept-Encoding"), !found->gzip.empty(), !found->brotli.empty());
  std::string etag = "\"" + found->etag;
  if (encoding == Encoding::kBrotli) etag += "-br";
  if (encoding == Encoding::kGzip) etag += "-gz";
  etag += "\"";
  r.set_header("ETag", std::move(etag));
  if (auto inm = request.header("If-None-Match"); inm && IfNoneMatchHits(*inm, found->etag)) {
    r.status = 304;
    return r;
  }
  switch (encoding) {
    case Encoding::kBrotli:
      r.set_header("Content-Encoding", "br");
      r.body.assign(found->brotli);
      break;
    case Encoding::kGzip:
      r.set_header("Content-Encoding", "gzip");
      r.body.assign(found->gzip);
      break;
    case Encoding::kIdentity:
      r.body.assign(found->identity);
      break;
  }
  return r;
}

Handler WithWebApp(Handler api, std::shared_ptr<const StaticFiles> web) {
  return [api = std::move(api), web = std::move(web)](Request& request) {
    if (IsApiPath(request.path)) {
      Response r = api(request);
      AddApiSecurityHeaders(r);
      return r;
    }
    return web->Serve(request);
  };
}

}  // namespace baton::http
