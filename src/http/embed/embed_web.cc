// baton_embed_web: a build-time tool. Reads the built web app (web/dist) and writes a C++ source
// file that holds every file's bytes, its gzip and brotli variants (each only when smaller) and a
// strong ETag, as the table that http/web_assets.h declares. When the directory does not exist it
// embeds a small placeholder page that says how to build the web app (unless --require is given,
// when it fails instead, so that a build that should have the web app never ships without it).
//
//   baton_embed_web [--require] DIST_DIR OUTPUT.cc
//
// Hidden files (a path segment starting with '.') are skipped. Files are emitted in path order,
// so the output depends only on the input bytes.
#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "http/compress.h"

namespace fs = std::filesystem;
using baton::http::BrotliCompress;
using baton::http::GzipCompress;
using baton::http::LooksLikeText;
using baton::http::WorthCompressing;

namespace {

constexpr std::string_view kPlaceholder = R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Baton: web app not built</title>
</head>
<body>
<h1>Baton is running, but its web app was not built into this binary</h1>
<p>The API answers under <code>/api/v1/</code>.</p>
<p>To build the web app and embed it, run <code>scripts/setup</code> and then <code>scripts/build</code>
(it runs <code>npm run build</code> in <code>web/</code> before compiling).</p>
<p>For front-end development, serve the files from disk instead:
<code>baton serve --data DIR --web-dir web/dist</code>.</p>
</body>
</html>
)";

struct File {
  std::string path;  // relative, '/'-separated
  std::string bytes;
};

std::optional<std::string> ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(out).str();
}

// BLAKE2b-128 of the bytes as hex: the ETag (quoted by the server).
std::string Hash(const std::string& data) {
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : digest) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 15]);
  }
  return hex;
}

// A C++ string literal of arbitrary bytes, split over lines. Octal escapes are always three digits,
// so a following digit can never extend them.
void WriteLiteral(std::string& out, std::string_view bytes) {
  out += "\"";
  size_t column = 0;
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (column >= 100) {
      out += "\"\n    \"";
      column = 0;
    }
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
      out.push_back(static_cast<char>(c));
      column += 1;
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
      column += 4;
    }
  }
  out += "\"";
}

bool Hidden(const fs::path& relative) {
  for (const auto& part : relative) {
    const std::string s = part.string();
    if (!s.empty() && s[0] == '.') return true;
  }
  return false;
}

int Usage() {
  std::fprintf(stderr, "usage: baton_embed_web [--require] DIST_DIR OUTPUT.cc\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool require = false;
  if (!args.empty() && args[0] == "--require") {
    require = true;
    args.erase(args.begin());
  }
  if (args.size() != 2) return Usage();
  if (sodium_init() < 0) {
    std::fprintf(stderr, "baton_embed_web: libsodium failed to initialise\n");
    return 1;
  }
  const fs::path dist = args[0];
  const fs::path output = args[1];

  std::vector<File> files;
  bool placeholder = false;
  std::error_code ec;
  if (!fs::is_directory(dist, ec)) {
    if (require) {
      std::fprintf(stderr, "baton_embed_web: %s does not exist: build the web app first (npm run build in web/)\n",
                   dist.string().c_str());
      return 1;
    }
    std::fprintf(stderr, "baton_embed_web: %s not found; embedding a placeholder page (scripts/build builds the web app)\n",
                 dist.string().c_str());
    placeholder = true;
    files.push_back({"index.html", std::string(kPlaceholder)});
  } else {
    for (fs::recursive_directory_iterator it(dist, fs::directory_options::follow_directory_symlink, ec), end;
         !ec && it != end; it.increment(ec)) {
      const fs::path relative = it->path().lexically_relative(dist);
      if (Hidden(relative)) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      auto bytes = ReadAll(it->path());
      if (!bytes) {
        std::fprintf(stderr, "baton_embed_web: cannot read %s\n", it->path().string().c_str());
        return 1;
      }
      files.push_back({relative.generic_string(), std::move(*bytes)});
    }
    if (ec) {
      std::fprintf(stderr, "baton_embed_web: cannot list %s: %s\n", dist.string().c_str(), ec.message().c_str());
      return 1;
    }
    const bool has_index = std::any_of(files.begin(), files.end(), [](const File& f) { return f.path == "index.html"; });
    if (!has_index) {
      std::fprintf(stderr, "baton_embed_web: %s has no index.html\n", dist.string().c_str());
      if (require) return 1;
    }
  }
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.path < b.path; });

  std::string out;
  out += "// Generated by baton_embed_web from the built web app. Do not edit.\n";
  out += "#include \"http/web_assets.h\"\n\n";
  out += "namespace baton::http {\nnamespace {\n\n";
  size_t total = 0, total_gzip = 0, total_brotli = 0;
  std::vector<std::string> entries;
  for (size_t i = 0; i < files.size(); ++i) {
    const File& f = files[i];
    std::string gzip, brotli;
    if (WorthCompressing(f.path) && !f.bytes.empty()) {
      gzip = GzipCompress(f.bytes, 9);
      brotli = BrotliCompress(f.bytes, 11, LooksLikeText(f.path));
      if (gzip.empty() || gzip.size() >= f.bytes.size()) gzip.clear();
      if (brotli.empty() || brotli.size() >= f.bytes.size()) brotli.clear();
    }
    total += f.bytes.size();
    total_gzip += gzip.empty() ? f.bytes.size() : gzip.size();
    total_brotli += brotli.empty() ? f.bytes.size() : brotli.size();
    const std::string n = std::to_string(i);
    // sizeof - 1 keeps embedded NUL bytes: the literal's length is its size, not strlen.
    out += "// " + f.path + "\nconstexpr char kFile" + n + "[] =\n    ";
    WriteLiteral(out, f.bytes);
    out += ";\n";
    std::string gzip_view = "{}", brotli_view = "{}";
    if (!gzip.empty()) {
      out += "constexpr char kGzip" + n + "[] =\n    ";
      WriteLiteral(out, gzip);
      out += ";\n";
      gzip_view = "{kGzip" + n + ", sizeof kGzip" + n + " - 1}";
    }
    if (!brotli.empty()) {
      out += "constexpr char kBrotli" + n + "[] =\n    ";
      WriteLiteral(out, brotli);
      out += ";\n";
      brotli_view = "{kBrotli" + n + ", sizeof kBrotli" + n + " - 1}";
    }
    out += "\n";
    std::string path_literal;
    WriteLiteral(path_literal, f.path);
    entries.push_back("    {" + path_literal + ", \"" + Hash(f.bytes) + "\", {kFile" + n + ", sizeof kFile" + n +
                      " - 1}, " + gzip_view + ", " + brotli_view + "},\n");
  }
  out += "constexpr EmbeddedFile kFiles[] = {\n";
  for (const auto& e : entries) out += e;
  out += "};\n\n}  // namespace\n\n";
  out += "std::span<const EmbeddedFile> WebAssets() { return kFiles; }\n";
  out += std::string("bool WebAssetsArePlaceholder() { return ") + (placeholder ? "true" : "false") + "; }\n\n";
  out += "}  // namespace baton::http\n";

  // Written only when different, so an unchanged web app does not relink the binary.
  if (auto existing = ReadAll(output); existing && *existing == out) return 0;
  const fs::path temp = output.string() + ".tmp";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file << out;
    if (!file) {
      std::fprintf(stderr, "baton_embed_web: cannot write %s\n", temp.string().c_str());
      return 1;
    }
  }
  fs::rename(temp, output, ec);
  if (ec) {
    std::fprintf(stderr, "baton_embed_web: cannot write %s: %s\n", output.string().c_str(), ec.message().c_str());
    return 1;
  }
  if (!placeholder) {
    std::printf("baton_embed_web: %zu files, %zu bytes (%zu gzip, %zu brotli as served)\n", files.size(), total,
                total_gzip, total_brotli);
  }
  return 0;
}
