#include "http/static_files.h"

#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/problem.h"

namespace baton::http {
namespace {

namespace fs = std::filesystem;

// A small web app as the embed tool would produce it (the variants need not be real compressions
// here: the tests check which one is chosen).
const EmbeddedFile kFiles[] = {
    {"assets/index-Bx1_a-Z9.js", "aaaa", "console.log(1)", "GZ-JS", "BR-JS"},
    {"assets/index-C3dEf9gH.css", "bbbb", "body{}", "GZ-CSS", {}},
    {"assets/logo-D4e5F6g7.png", "cccc", "\x89PNG", {}, {}},
    {"favicon.ico", "dddd", "ICO", {}, {}},
    {"index.html", "eeee", "<!doctype html><title>Baton</title>", "GZ-HTML", "BR-HTML"},
    {"robots.txt", "ffff", "User-agent: *", {}, {}},
    {".env", "gggg", "SECRET=1", {}, {}},
};

Request Get(std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request r;
  r.method = "GET";
  r.target = path;
  r.path = std::move(path);
  for (auto& [k, v] : headers) r.headers[k] = v;
  return r;
}

Request Navigate(std::string path) {
  return Get(std::move(path), {{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}});
}

std::string Header(const Response& r, std::string_view name) { return std::string(r.header(name).value_or("")); }

bool IsProblemStatus(const Response& r, int status) {
  if (r.status != status || r.content_type != "application/problem+json") return false;
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  return body.is_object() && body.value("status", 0) == status;
}

void ExpectSecurityHeaders(const Response& r) {
  EXPECT_EQ(Header(r, "Content-Security-Policy"), kWebContentSecurityPolicy);
  EXPECT_EQ(Header(r, "Referrer-Policy"), "no-referrer");
  EXPECT_EQ(Header(r, "X-Frame-Options"), "DENY");
  EXPECT_EQ(Header(r, "Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_EQ(Header(r, "Permissions-Policy"), "camera=(), microphone=(), geolocation=()");
}

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFiles files_{kFiles};
};

TEST(StaticFilesHelpers, ContentTypes) {
  EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("assets/a-12345678.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("assets/a-12345678.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("logo.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("logo.PNG"), "image/png");
  EXPECT_EQ(ContentTypeFor("favicon.ico"), "image/x-icon");
  EXPECT_EQ(ContentTypeFor("locales/ar.json"), "application/json");
  EXPECT_EQ(ContentTypeFor("assets/font-12345678.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("manifest.webmanifest"), "application/manifest+json");
  EXPECT_EQ(ContentTypeFor("robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("assets/a-12345678.js.map"), "application/json");
  EXPECT_EQ(ContentTypeFor("LICENSE"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("archive.unknown"), "application/octet-stream");
}

TEST(StaticFilesHelpers, HashedAssets) {
  EXPECT_TRUE(IsHashedAsset("assets/index-Bx1_a-Z9.js"));  // a '-' inside Vite's hash
  EXPECT_TRUE(IsHashedAsset("assets/index-C3dEf9gH.css"));
  EXPECT_TRUE(IsHashedAsset("assets/index-C3dEf9gH.js.map"));
  EXPECT_TRUE(IsHashedAsset("assets/inter-latin-D4e5F6g7.woff2"));
  EXPECT_FALSE(IsHashedAsset("index.html"));
  EXPECT_FALSE(IsHashedAsset("favicon-C3dEf9gH.ico"));     // not under assets/
  EXPECT_FALSE(IsHashedAsset("assets/index.js"));          // no hash
  EXPECT_FALSE(IsHashedAsset("assets/my-component.js"));   // a word, not a hash
  EXPECT_FALSE(IsHashedAsset("assets/index-C3d.js"));      // too short
  EXPECT_FALSE(IsHashedAsset("assets/index-C3dE!9gH.js"));
}

TEST(StaticFilesHelpers, EncodingNegotiation) {
  EXPECT_EQ(ChooseEncoding("gzip, deflate, br", true, true), Encoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("br", true, true), Encoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("gzip", true, true), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("GZIP", true, true), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("x-gzip", true, true), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("gzip, br", true, false), Encoding::kGzip);  // no brotli variant
  EXPECT_EQ(ChooseEncoding("br", true, false), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("gzip, br", false, false), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding(std::nullopt, true, true), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("", true, true), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("identity", true, true), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("br;q=0, gzip", true, true), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("br;q=0, gzip;q=0", true, true), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("br;q=0.5, gzip;q=0.9", true, true), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("br;q=0.9, gzip;q=0.9", true, true), Encoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("*", true, true), Encoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("*;q=0", true, true), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("gzip, *;q=0", true, true), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("br;q=nonsense, gzip", true, true), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("br;q=2", true, true), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding(" br ; q=1 ", true, true), Encoding::kBrotli);
}

TEST(StaticFilesHelpers, ApiPaths) {
  EXPECT_TRUE(IsApiPath("/api"));
  EXPECT_TRUE(IsApiPath("/api/"));
  EXPECT_TRUE(IsApiPath("/api/v1/nope"));
  EXPECT_FALSE(IsApiPath("/apikeys"));
  EXPECT_FALSE(IsApiPath("/"));
  EXPECT_FALSE(IsApiPath("/sites/api/x"));
}

TEST_F(StaticFilesTest, RootServesIndexWithNoCache) {
  Response r = files_.Serve(Get("/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.body, "<!doctype html><title>Baton</title>");
  EXPECT_EQ(Header(r, "Cache-Control"), "no-cache");
  EXPECT_EQ(Header(r, "ETag"), "\"eeee\"");
  EXPECT_EQ(Header(r, "Vary"), "Accept-Encoding");
  EXPECT_EQ(Header(r, "Content-Encoding"), "");
  ExpectSecurityHeaders(r);
  EXPECT_EQ(files_.Serve(Get("/index.html")).body, r.body);
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
  Response js = files_.Serve(Get("/assets/index-Bx1_a-Z9.js"));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(Header(js, "Cache-Control"), "public, max-age=31536000, immutable");
  ExpectSecurityHeaders(js);
  Response png = files_.Serve(Get("/assets/logo-D4e5F6g7.png"));
  EXPECT_EQ(png.content_type, "image/png");
  EXPECT_EQ(Header(png, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Header(png, "Vary"), "");  // no variants, nothing to vary on
  Response txt = files_.Serve(Get("/robots.txt"));
  EXPECT_EQ(txt.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(Header(txt, "Cache-Control"), "no-cache");
  Response ico = files_.Serve(Get("/favicon.ico"));
  EXPECT_EQ(ico.content_type, "image/x-icon");
  EXPECT_EQ(Header(ico, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, ChoosesTheVariantTheClientAccepts) {
  Response br = files_.Serve(Get("/assets/index-Bx1_a-Z9.js", {{"Accept-Encoding", "gzip, deflate, br"}}));
  EXPECT_EQ(br.body, "BR-JS");
  EXPECT_EQ(Header(br, "Content-Encoding"), "br");
  EXPECT_EQ(Header(br, "Vary"), "Accept-Encoding");
  EXPECT_EQ(Header(br, "ETag"), "\"aaaa-br\"");
  EXPECT_EQ(br.content_type, "text/javascript; charset=utf-8");

  Response gz = files_.Serve(Get("/assets/index-Bx1_a-Z9.js", {{"Accept-Encoding", "gzip"}}));
  EXPECT_EQ(gz.body, "GZ-JS");
  EXPECT_EQ(Header(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(Header(gz, "ETag"), "\"aaaa-gz\"");

  Response identity = files_.Serve(Get("/assets/index-Bx1_a-Z9.js", {{"Accept-Encoding", "br;q=0, gzip;q=0"}}));
  EXPECT_EQ(identity.body, "console.log(1)");
  EXPECT_EQ(Header(identity, "Content-Encoding"), "");
  EXPECT_EQ(Header(identity, "Vary"), "Accept-Encoding");

  Response css = files_.Serve(Get("/assets/index-C3dEf9gH.css", {{"Accept-Encoding", "br, gzip"}}));
  EXPECT_EQ(css.body, "GZ-CSS");  // no brotli variant: gzip
  EXPECT_EQ(Header(css, "Content-Encoding"), "gzip");
}

TEST_F(StaticFilesTest, IfNoneMatchAnswers304) {
  Response first = files_.Serve(Get("/assets/index-Bx1_a-Z9.js", {{"Accept-Encoding", "br"}}));
  const std::string etag = Header(first, "ETag");
  Response again = files_.Serve(Get("/assets/index-Bx1_a-Z9.js", {{"Accept-Encoding", "br"}, {"If-None-Match", etag}}));
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(Header(again, "ETag"), etag);
  EXPECT_EQ(Header(again, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Header(again, "Vary"), "Accept-Encoding");
  ExpectSecurityHeaders(again);
  // Any representation's tag, a list, weak tags and * all match; another file's tag does not.
  for (const char* inm : {"\"aaaa\"", "\"aaaa-gz\"", "\"zzzz\", \"aaaa\"", "W/\"aaaa-br\"", "*"}) {
    EXPECT_EQ(files_.Serve(Get("/assets/index-Bx1_a-Z9.js", {{"If-None-Match", inm}})).status, 304) << inm;
  }
  for (const char* inm : {"\"eeee\"", "aaaa", "\"aaaa-xx\"", "\"\"", ""}) {
    EXPECT_EQ(files_.Serve(Get("/assets/index-Bx1_a-Z9.js", {{"If-None-Match", inm}})).status, 200) << inm;
  }
  EXPECT_EQ(files_.Serve(Get("/", {{"If-None-Match", "\"eeee\""}})).status, 304);
}

TEST_F(StaticFilesTest, HeadGetsTheHeadersOfGet) {
  Request head = Get("/assets/index-Bx1_a-Z9.js", {{"Accept-Encoding", "gzip"}});
  head.method = "HEAD";
  Response h = files_.Serve(head);
  Response g = files_.Serve(Get("/assets/index-Bx1_a-Z9.js", {{"Accept-Encoding", "gzip"}}));
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.headers, g.headers);
  EXPECT_EQ(h.content_type, g.content_type);
  EXPECT_EQ(h.body.size(), g.body.size());  // the server sends Content-Length and drops the body
}

TEST_F(StaticFilesTest, OtherMethodsAre405) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    Request r = Get("/");
    r.method = method;
    Response resp = files_.Serve(r);
    EXPECT_TRUE(IsProblemStatus(resp, 405)) << method;
    EXPECT_EQ(Header(resp, "Allow"), "GET, HEAD");
    ExpectSecurityHeaders(resp);
  }
}

TEST_F(StaticFilesTest, ClientRoutesFallBackToIndex) {
  for (const char* path : {"/sites/123", "/sites", "/sites/", "/admin/users/01HX/edit", "/apikeys"}) {
    Response r = files_.Serve(Navigate(path));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8") << path;
    EXPECT_EQ(r.body, "<!doctype html><title>Baton</title>") << path;
    EXPECT_EQ(Header(r, "Cache-Control"), "no-cache") << path;
    EXPECT_EQ(Header(r, "Vary"), "Accept-Encoding, Accept") << path;
    ExpectSecurityHeaders(r);
  }
  EXPECT_EQ(files_.Serve(Get("/sites/1", {{"Accept", "text/*"}})).status, 200);
}

TEST_F(StaticFilesTest, NoFallbackForFilesAssetsOrNonHtmlClients) {
  // A missing file (an extension), a missing asset, a client that does not want HTML.
  for (const char* path : {"/missing.js", "/sites/report.pdf", "/assets/index-Zz999999.js", "/assets/chunk",
                           "/assets/", "/favicon.png"}) {
    Response r = files_.Serve(Navigate(path));
    EXPECT_TRUE(IsProblemStatus(r, 404)) << path << " " << r.status;
    ExpectSecurityHeaders(r);
  }
  EXPECT_TRUE(IsProblemStatus(files_.Serve(Get("/sites/123")), 404));  // no Accept
  EXPECT_TRUE(IsProblemStatus(files_.Serve(Get("/sites/123", {{"Accept", "application/json"}})), 404));
  EXPECT_TRUE(IsProblemStatus(files_.Serve(Get("/sites/123", {{"Accept", "text/html;q=0"}})), 404));
  EXPECT_TRUE(IsProblemStatus(files_.Serve(Get("/sites/123", {{"Accept", "*/*"}})), 404));
}

TEST_F(StaticFilesTest, PathsCannotLeaveTheAssetSet) {
  // The server has percent-decoded the path already: %2e%2e and %2f arrive as ".." and "/".
  const std::vector<std::string> refused = {
      "/../etc/passwd",       "/assets/../../etc/passwd", "/..",  "/.",  "/./index.html", "/assets/./x",
      "//etc/passwd",         "/assets//index-Bx1_a-Z9.js", "/..\\..\\etc\\passwd", "/\\etc\\passwd",
      "/index.html\\",        std::string("/index.html\0.js", 15), "/a\r\nb", "/a\tb", "etc/passwd", "",
      "/" + std::string(5000, 'a'), "/" + std::string(2000, 'a') + ".js",
  };
  for (const std::string& path : refused) {
    Response r = files_.Serve(Navigate(path));
    EXPECT_TRUE(IsProblemStatus(r, 400)) << path.substr(0, 60) << " " << r.status;
    ExpectSecurityHeaders(r);
  }
  // Hidden files are not served, even when embedded.
  for (const char* path : {"/.env", "/.git/config", "/assets/.hidden"}) {
    EXPECT_TRUE(IsProblemStatus(files_.Serve(Navigate(path)), 404)) << path;
  }
}

TEST_F(StaticFilesTest, WithWebAppSendsApiPathsToTheApi) {
  int api_calls = 0;
  Handler handler = WithWebApp(
      [&api_calls](Request&) {
        ++api_calls;
        return Problem(404, "no such route");
      },
      std::make_shared<const StaticFiles>(kFiles));
  for (const char* path : {"/api", "/api/", "/api/v1/nope", "/api/v1/sites/123", "/api/app.js"}) {
    Request r = Navigate(path);
    Response resp = handler(r);
    EXPECT_TRUE(IsProblemStatus(resp, 404)) << path;
    EXPECT_EQ(Header(resp, "Content-Security-Policy"), kApiContentSecurityPolicy);
    EXPECT_EQ(Header(resp, "X-Frame-Options"), "DENY");
  }
  EXPECT_EQ(api_calls, 5);
  Request page = Navigate("/sites/1");
  EXPECT_EQ(handler(page).status, 200);
  EXPECT_EQ(api_calls, 5);
}

// --- serving a directory (serve --web-dir)

class DirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/baton-static-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    base_ = pattern;
    root_ = base_ / "dist";
    fs::create_directories(root_ / "assets");
    Write(root_ / "index.html", "<!doctype html><title>Disk</title>");
    Write(root_ / "assets" / "app-Ab12Cd34.js", Repeat("export const x = 'hello';\n", 200));
    Write(root_ / "assets" / "logo-Ab12Cd34.png", "\x89PNG not really");
    Write(root_ / ".env", "SECRET=1");
    Write(base_ / "secret.txt", "outside the root");
    auto files = StaticFiles::FromDirectory(root_);
    ASSERT_TRUE(files.ok()) << files.status().message();
    files_ = std::make_unique<StaticFiles>(std::move(*files));
  }
  void TearDown() override { fs::remove_all(base_); }

  static void Write(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
  }
  static std::string Repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  }

  fs::path base_, root_;
  std::unique_ptr<StaticFiles> files_;
};

std::string Gunzip(const std::string& data) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return {};
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

TEST_F(DirectoryTest, ServesFilesWithTheSameHeaders) {
  Response index = files_->Serve(Get("/"));
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<!doctype html><title>Disk</title>");
  EXPECT_EQ(Header(index, "Cache-Control"), "no-cache");
  ExpectSecurityHeaders(index);
  const std::string etag = Header(index, "ETag");
  EXPECT_EQ(etag.size(), 34u);
  EXPECT_EQ(files_->Serve(Get("/", {{"If-None-Match", etag}})).status, 304);

  Response js = files_->Serve(Get("/assets/app-Ab12Cd34.js", {{"Accept-Encoding", "gzip"}}));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(Header(js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Header(js, "Content-Encoding"), "gzip");
  EXPECT_EQ(Gunzip(js.body), Repeat("export const x = 'hello';\n", 200));
  Response br = files_->Serve(Get("/assets/app-Ab12Cd34.js", {{"Accept-Encoding", "br, gzip"}}));
  EXPECT_EQ(Header(br, "Content-Encoding"), "br");
  Response png = files_->Serve(Get("/assets/logo-Ab12Cd34.png", {{"Accept-Encoding", "br, gzip"}}));
  EXPECT_EQ(Header(png, "Content-Encoding"), "");  // images are not compressed again
  EXPECT_EQ(png.content_type, "image/png");

  // Changes on disk show at once (development).
  Write(root_ / "index.html", "<!doctype html><title>Changed</title>");
  Response changed = files_->Serve(Get("/", {{"If-None-Match", etag}}));
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(changed.body, "<!doctype html><title>Changed</title>");
  EXPECT_EQ(files_->Serve(Navigate("/sites/9")).body, changed.body);
}

TEST_F(DirectoryTest, RefusesEscapes) {
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "//tmp/secret.txt", "/..\\secret.txt"}) {
    EXPECT_TRUE(IsProblemStatus(files_->Serve(Navigate(path)), 400)) << path;
  }
  // An absolute path after the leading slash is refused as an empty segment; a file named like an
  // absolute path inside the root is merely missing.
  const std::string absolute = "/" + (base_ / "secret.txt").string();
  EXPECT_TRUE(IsProblemStatus(files_->Serve(Navigate(absolute)), 400));
  EXPECT_TRUE(IsProblemStatus(files_->Serve(Get("/etc/passwd")), 404));
  EXPECT_EQ(files_->Serve(Navigate("/etc/passwd")).body, "<!doctype html><title>Disk</title>");  // a client route
  EXPECT_TRUE(IsProblemStatus(files_->Serve(Navigate("/.env")), 404));

  // Symlinks pointing out of the root are not followed; those inside it are.
  fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
  fs::create_directory_symlink(base_, root_ / "up");
  fs::create_symlink(root_ / "index.html", root_ / "home.html");
  EXPECT_TRUE(IsProblemStatus(files_->Serve(Navigate("/leak.txt")), 404));
  EXPECT_TRUE(IsProblemStatus(files_->Serve(Navigate("/up/secret.txt")), 404));
  EXPECT_EQ(files_->Serve(Navigate("/home.html")).status, 200);
  // A directory is not a file.
  EXPECT_TRUE(IsProblemStatus(files_->Serve(Navigate("/assets")), 404));
}

TEST(DirectoryMissing, IsAnError) {
  EXPECT_FALSE(StaticFiles::FromDirectory("/nonexistent/baton/web").ok());
  EXPECT_FALSE(StaticFiles::FromDirectory("/etc/hostname").ok());
}

}  // namespace
}  // namespace baton::http
