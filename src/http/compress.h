// gzip and brotli compression of whole bodies, for the web app's files: precompressed at build
// time by baton_embed_web (which compiles this file too) and on the fly for `serve --web-dir`.
#pragma once

#include <string>
#include <string_view>

namespace baton::http {

// The gzip format (RFC 1952) at `level` 1..9; empty on failure.
std::string GzipCompress(std::string_view data, int level);
// Brotli (RFC 7932) at `quality` 0..11, tuned for text when `text`; empty on failure.
std::string BrotliCompress(std::string_view data, int quality, bool text);
// False for formats that are compressed already (images, fonts, archives).
bool WorthCompressing(std::string_view path);
// True for text formats (brotli's text mode).
bool LooksLikeText(std::string_view path);

}  // namespace baton::http
