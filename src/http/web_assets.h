// The built web app (web/dist) embedded into the binary at build time by baton_embed_web
// (src/http/embed/). Defined by the generated source in the baton_web_assets library; only the
// binary links it, so the http library and its tests do not depend on the web app.
#pragma once

#include <span>
#include <string_view>

namespace baton::http {

// One file of the web app. The bytes live in the binary's read-only data.
struct EmbeddedFile {
  std::string_view path;      // relative to the web root, '/'-separated: "index.html", "assets/index-Bx1.js"
  std::string_view etag;      // hash of `identity` (hex, unquoted)
  std::string_view identity;  // the file as built
  std::string_view gzip;      // gzip variant; empty when it would not be smaller
  std::string_view brotli;    // brotli variant; empty when it would not be smaller
};

// Every embedded file, sorted by path.
std::span<const EmbeddedFile> WebAssets();
// True when web/dist did not exist at build time and the files are a page saying how to build it.
bool WebAssetsArePlaceholder();

}  // namespace baton::http
