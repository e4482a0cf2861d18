// The web app as the real binary serves it: from a small fake build on disk (`serve --web-dir`)
// and as embedded at build time. Headers, caching, compression, the SPA fallback, /api/ staying
// the API's, and paths that try to leave the web root.
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/e2e.h"

namespace baton::test {
namespace {

namespace fs = std::filesystem;

const std::string kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const std::string kIndex = "<!doctype html><html><head><script type=\"module\" src=\"/assets/index-Ab12Cd34.js\">"
                           "</script></head><body><div id=\"app\"></div></body></html>";
const Headers kBrowser = {{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
                          {"Accept-Encoding", "gzip, deflate, br"}};

void WriteFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string Script() {
  std::string js;
  for (int i = 0; i < 300; ++i) js += "export function f" + std::to_string(i) + "() { return 'baton'; }\n";
  return js;
}

std::string Gunzip(const std::string& data) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return {};
  std::string out(4 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string("(not gzip)");
}

::testing::AssertionResult HasWebSecurityHeaders(const HttpResponse& r) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"Content-Security-Policy", kCsp},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
  };
  for (const auto& [name, value] : expected) {
    if (r.header(name) != value) {
      return ::testing::AssertionFailure() << name << " is '" << r.header(name).value_or("(absent)") << "' in "
                                           << r.Describe();
    }
  }
  return ::testing::AssertionSuccess();
}

class WebDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = CopyDemo(tmp_);
    dist_ = tmp_.path() / "dist";
    WriteFile(dist_ / "index.html", kIndex);
    WriteFile(dist_ / "assets" / "index-Ab12Cd34.js", Script());
    WriteFile(dist_ / "assets" / "index-Ef56Gh78.css", "body { margin: 0 }\n");
    WriteFile(dist_ / "favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    WriteFile(dist_ / ".env", "SECRET=in-the-root");
    WriteFile(tmp_.path() / "secret.txt", "SECRET=outside-the-root");
    fs::create_symlink(tmp_.path() / "secret.txt", dist_ / "leak.txt");
    server_ = BatonProcess::Serve(data_, {"--web-dir", dist_.string()});
    ASSERT_NE(server_, nullptr);
  }

  HttpClient client() const { return server_->client(); }

  TempDir tmp_;
  std::string data_;
  fs::path dist_;
  std::unique_ptr<BatonProcess> server_;
};

TEST_F(WebDirTest, RootIsIndexHtmlWithTheSecurityHeaders) {
  HttpResponse r = client().Request("GET", "/", {{"Accept", "text/html"}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.body, kIndex);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), "no-cache");
  EXPECT_TRUE(HasWebSecurityHeaders(r));
  ASSERT_TRUE(r.header("ETag"));
  HttpResponse again = client().Request("GET", "/", {{"If-None-Match", *r.header("ETag")}});
  EXPECT_EQ(again.status, 304) << again.Describe();
  EXPECT_EQ(again.body, "");
  EXPECT_TRUE(HasWebSecurityHeaders(again));
  EXPECT_TRUE(server_->Stdout().find("serving the web app from " + dist_.string()) != std::string::npos)
      << server_->Stdout();
}

TEST_F(WebDirTest, HashedAssetsAreImmutableAndCompressed) {
  const std::string path = "/assets/index-Ab12Cd34.js";
  HttpResponse plain = client().Request("GET", path);
  ASSERT_EQ(plain.status, 200) << plain.Describe();
  EXPECT_EQ(plain.body, Script());
  EXPECT_EQ(plain.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(plain.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(plain.header("Content-Encoding"), std::nullopt);
  EXPECT_EQ(plain.header("Vary"), "Accept-Encoding");
  EXPECT_TRUE(HasWebSecurityHeaders(plain));

  HttpResponse gz = client().Request("GET", path, {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(gz.status, 200) << gz.Describe();
  EXPECT_EQ(gz.header("Content-Encoding"), "gzip");
  EXPECT_LT(gz.body.size(), plain.body.size());
  EXPECT_EQ(Gunzip(gz.body), Script());

  HttpResponse br = client().Request("GET", path, kBrowser);
  ASSERT_EQ(br.status, 200) << br.Describe();
  EXPECT_EQ(br.header("Content-Encoding"), "br");
  EXPECT_EQ(br.header("Vary"), "Accept-Encoding");
  EXPECT_EQ(br.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_LT(br.body.size(), plain.body.size());
  EXPECT_NE(br.header("ETag"), plain.header("ETag"));  // another representation, another tag
  HttpResponse cached = client().Request("GET", path, {{"Accept-Encoding", "br"}, {"If-None-Match", *br.header("ETag")}});
  EXPECT_EQ(cached.status, 304) << cached.Describe();

  HttpResponse css = client().Request("GET", "/assets/index-Ef56Gh78.css");
  EXPECT_EQ(css.header("Content-Type"), "text/css; charset=utf-8");
  HttpResponse svg = client().Request("GET", "/favicon.svg");
  EXPECT_EQ(svg.header("Content-Type"), "image/svg+xml");
  EXPECT_EQ(svg.header("Cache-Control"), "no-cache");
}

TEST_F(WebDirTest, ClientRoutesFallBackToIndexButFilesAndApiDoNot) {
  for (const char* route : {"/sites/123", "/admin/users", "/account/"}) {
    HttpResponse r = client().Request("GET", route, kBrowser);
    EXPECT_EQ(r.status, 200) << route << " " << r.Describe();
    EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8") << route;
    EXPECT_EQ(r.header("Cache-Control"), "no-cache") << route;
    EXPECT_TRUE(HasWebSecurityHeaders(r)) << route;
  }
  EXPECT_EQ(client().Request("GET", "/sites/123", {{"Accept", "text/html"}}).body, kIndex);
  // A missing asset or file is a 404, not the app.
  for (const char* missing : {"/assets/index-Zz99Yy88.js", "/assets/gone", "/missing.png", "/robots.txt"}) {
    HttpResponse r = client().Request("GET", missing, kBrowser);
    EXPECT_TRUE(IsProblem(r, 404)) << missing;
    EXPECT_TRUE(HasWebSecurityHeaders(r)) << missing;
  }
  // /api/ stays the API's, whatever the client accepts.
  for (const char* api : {"/api/v1/nope", "/api/v1/sites/nope/x", "/api", "/api/index.html"}) {
    HttpResponse r = client().Request("GET", api, kBrowser);
    EXPECT_TRUE(IsProblem(r, 404)) << api;
    EXPECT_EQ(r.header("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'") << api;
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY") << api;
  }
  HttpResponse openapi = client().Get("/api/v1/openapi.json");
  EXPECT_EQ(openapi.status, 200) << openapi.Describe();
  EXPECT_EQ(openapi.header("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
  // Writing to the web app is not a thing.
  EXPECT_TRUE(IsProblem(client().Request("POST", "/sites/1", kBrowser, "{}"), 405));
}

TEST_F(WebDirTest, PathsCannotLeaveTheWebRoot) {
  const std::vector<std::string> attempts = {
      "/../secret.txt",
      "/../../../../etc/passwd",
      "/%2e%2e/secret.txt",
      "/%2E%2E/%2e%2e/etc/passwd",
      "/assets/..%2f..%2fsecret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/%2fetc%2fpasswd",
      "//etc/passwd",
      "/" + (tmp_.path() / "secret.txt").string(),
      "/..%5csecret.txt",
      "/..\\secret.txt",
      "/%00",
      "/index.html%00.js",
      "/.%2e/secret.txt",
      "/./index.html",
      "http://localhost/../secret.txt",
      "/" + std::string(4000, 'a'),
      "/assets/" + std::string(3000, '.') + "/secret.txt",
  };
  for (const std::string& target : attempts) {
    HttpResponse r = client().Raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"
                                  "Connection: close\r\n\r\n");
    SCOPED_TRACE(target.substr(0, 80));
    EXPECT_TRUE(r.status == 400 || r.status == 404) << r.Describe();
    EXPECT_TRUE(IsClientProblem(r));
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos);
    EXPECT_EQ(r.body.find("root:"), std::string::npos);
  }
  // Hidden files and symlinks that point out of the root are not served.
  for (const char* path : {"/.env", "/leak.txt"}) {
    HttpResponse r = client().Request("GET", path, kBrowser);
    EXPECT_TRUE(IsProblem(r, 404)) << path;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos);
  }
}

TEST(WebDirMissing, ServeRefusesToStart) {
  TempDir tmp;
  const std::string data = CopyDemo(tmp);
  CommandResult r = RunBaton({"serve", "--data", data, "--listen", "127.0.0.1:0", "--web-dir", tmp / "nope"});
  EXPECT_NE(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.err.find("--web-dir"), std::string::npos) << r.Describe();
}

// The app embedded at build time: the real build when web/dist existed, else a placeholder page
// that says how to build it. Either way an HTML page with the CSP.
TEST(Embedded, ServesTheWebApp) {
  TempDir tmp;
  auto server = BatonProcess::Serve(CopyDemo(tmp));
  ASSERT_NE(server, nullptr);
  HttpClient client = server->client();
  HttpResponse r = client.Request("GET", "/", {{"Accept", "text/html"}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), "no-cache");
  EXPECT_TRUE(HasWebSecurityHeaders(r));
  EXPECT_TRUE(std::regex_search(r.body, std::regex("<!doctype html>", std::regex::icase))) << r.body.substr(0, 200);
  EXPECT_EQ(client.Request("GET", "/sites/1", {{"Accept", "text/html"}}).body, r.body);
  EXPECT_TRUE(IsProblem(client.Request("GET", "/api/v1/nope", kBrowser), 404));

  // The embedded index names its hashed assets: each is there, immutable, precompressed.
  std::smatch m;
  std::string rest = r.body;
  int assets = 0;
  while (std::regex_search(rest, m, std::regex("\"(/assets/[^\"]+\\.(js|css))\""))) {
    const std::string path = m[1];
    rest = m.suffix();
    ++assets;
    HttpResponse plain = client.Request("GET", path);
    ASSERT_EQ(plain.status, 200) << path << " " << plain.Describe();
    EXPECT_EQ(plain.header("Cache-Control"), "public, max-age=31536000, immutable") << path;
    if (plain.body.size() > 1000) {
      HttpResponse br = client.Request("GET", path, kBrowser);
      EXPECT_EQ(br.header("Content-Encoding"), "br") << path;
      EXPECT_LT(br.body.size(), plain.body.size()) << path;
      HttpResponse gz = client.Request("GET", path, {{"Accept-Encoding", "gzip"}});
      EXPECT_EQ(gz.header("Content-Encoding"), "gzip") << path;
      EXPECT_EQ(Gunzip(gz.body), plain.body) << path;
    }
  }
  std::printf("embedded web app: index.html %zu bytes, %d assets linked from it\n", r.body.size(), assets);
}

}  // namespace
}  // namespace baton::test
