// Serves the web app: the files embedded in the binary (http/web_assets.h) or, for front-end
// development, a directory on disk. A plain function from Request to Response, like every handler.
//
// - GET and HEAD only (405 with Allow otherwise).
// - Content-Type from the file extension; `Cache-Control: public, max-age=31536000, immutable` for
//   hashed assets (assets/NAME-HASH.EXT), `no-cache` for everything else (index.html above all).
// - A strong ETag per file (a suffix names the encoding); If-None-Match answers 304.
// - The brotli or gzip variant when Accept-Encoding allows it (brotli preferred), with
//   Content-Encoding and `Vary: Accept-Encoding`. Embedded files are compressed at build time (at
//   the highest levels); directory mode compresses at each request (at fast levels).
// - SPA fallback: a path that names no file, has no extension in its last segment, is not under
//   assets/ and comes from a request that accepts text/html gets index.html (client routes such as
//   /sites/123). Anything else missing is a 404 problem.
// - Paths cannot leave the asset set: `.` / `..` segments, backslashes, control characters, empty
//   segments (`//etc`) and over-long paths are refused with 400; hidden files (a segment starting
//   with '.') are 404. In directory mode the resolved path (symlinks followed) must stay inside the
//   root.
// - Every response, errors included, carries the web security headers (AddWebSecurityHeaders).
//
// /api/... is never served here: WithWebApp sends it to the API handler.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"
#include "http/message.h"
#include "http/router.h"
#include "http/web_assets.h"

namespace baton::http {

inline constexpr std::string_view kWebContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
inline constexpr std::string_view kApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
inline constexpr std::string_view kImmutableCache = "public, max-age=31536000, immutable";

// Content-Security-Policy (kWebContentSecurityPolicy), Referrer-Policy, X-Frame-Options,
// Cross-Origin-Opener-Policy and Permissions-Policy. (The server adds X-Content-Type-Options.)
void AddWebSecurityHeaders(Response& response);
// The same for API responses, with a CSP that allows nothing (kApiContentSecurityPolicy).
void AddApiSecurityHeaders(Response& response);

// "text/html; charset=utf-8" for "index.html"; application/octet-stream when unknown.
std::string_view ContentTypeFor(std::string_view path);
// True for "assets/NAME-HASH.EXT" (HASH: 8 or more of [A-Za-z0-9_-] with a digit or capital, as
// Vite names its output). Such files never change, so they are cached for a year.
bool IsHashedAsset(std::string_view path);

enum class Encoding { kIdentity, kGzip, kBrotli };
// Picks the variant to send for an Accept-Encoding header (nullopt: absent), given which variants
// exist. Brotli wins ties; q=0 refuses a coding; `*` stands for codings not named.
Encoding ChooseEncoding(std::optional<std::string_view> accept_encoding, bool have_gzip, bool have_brotli);

// "/api" and "/api/...": the router's, never the web app's.
bool IsApiPath(std::string_view path);

class StaticFiles {
 public:
  // Serves embedded files; they must outlive this object (WebAssets() lives forever).
  explicit StaticFiles(std::span<const EmbeddedFile> files);
  // Serves the files under `root` as they are on disk at each request; an error Status when `root`
  // is not a directory.
  static Result<StaticFiles> FromDirectory(const std::filesystem::path& root);

  Response Serve(const Request& request) const;

 private:
  StaticFiles() = default;
  struct Found;
  std::optional<Found> Find(const std::string& relative) const;

  std::unordered_map<std::string_view, const EmbeddedFile*> embedded_;
  std::filesystem::path root_;  // canonical; empty when serving embedded files
};

// The server's handler: /api/... to `api` (its responses get AddApiSecurityHeaders), everything
// else to `web`.
Handler WithWebApp(Handler api, std::shared_ptr<const StaticFiles> web);

}  // namespace baton::http
