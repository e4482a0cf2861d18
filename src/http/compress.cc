#include "http/compress.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <cstdint>
#include <initializer_list>

namespace baton::http {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string GzipCompress(std::string_view data, int level) {
  z_stream z{};
  // windowBits 15 + 16: the gzip wrapper rather than zlib's.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const size_t written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return {};
  out.resize(written);
  return out;
}

std::string BrotliCompress(std::string_view data, int quality, bool text) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) size = data.size() + 1024;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, text ? BROTLI_MODE_TEXT : BROTLI_MODE_GENERIC,
                             data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return {};
  }
  out.resize(size);
  return out;
}

bool WorthCompressing(std::string_view path) {
  for (std::string_view ext : {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff", ".woff2", ".gz", ".br",
                               ".zip", ".pdf"}) {
    if (EndsWith(path, ext)) return false;
  }
  return true;
}

bool LooksLikeText(std::string_view path) {
  for (std::string_view ext : {".html", ".js", ".mjs", ".css", ".svg", ".json", ".map", ".txt", ".webmanifest",
                               ".xml"}) {
    if (EndsWith(path, ext)) return true;
  }
  return false;
}

}  // namespace baton::http
