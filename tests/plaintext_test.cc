// "The database alone reveals no names": people registered through the real server, with names,
// phone, address, notes, guardians, reasons and renames, leave no trace of them in clear in the
// SQLite files or in the PostgreSQL tables, in any letter case, in base64 or in hex. Also the data
// key file: owner-only, and a server refuses a key (or passphrase) that is not its store's.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "support/e2e.h"

namespace baton::test {
namespace {

namespace fs = std::filesystem;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string Base64(const std::string& bytes, bool url) {
  const char* alphabet = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                             : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                 static_cast<uint8_t>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(v >> shift) & 63];
  }
  return out;  // complete groups only: the tail depends on what follows
}

// The base64 text (standard and URL alphabets) that `secret` gives wherever it starts within a
// longer encoded string: for each of the three alignments, the groups made of its bytes alone.
std::vector<std::string> Base64Forms(const std::string& secret) {
  std::vector<std::string> forms;
  for (bool url : {false, true}) {
    for (size_t pad = 0; pad < 3; ++pad) {
      std::string encoded = Base64(std::string(pad, '\0') + secret, url);
      size_t start = pad == 0 ? 0 : 4;
      if (encoded.size() >= start + 8) forms.push_back(encoded.substr(start));
    }
  }
  return forms;
}

std::string Hex(const std::string& s) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

// Every form of every secret found in `haystack`, as "secret (form)".
std::vector<std::string> Leaks(const std::string& haystack, const std::vector<std::string>& secrets) {
  std::vector<std::string> found;
  const std::string lower = Lower(haystack);
  for (const std::string& s : secrets) {
    if (lower.find(Lower(s)) != std::string::npos) found.push_back(s + " (text)");
    if (lower.find(Hex(s)) != std::string::npos) found.push_back(s + " (hex)");
    for (const std::string& form : Base64Forms(s)) {
      if (haystack.find(form) != std::string::npos) {
        found.push_back(s + " (base64 " + form + ")");
        break;
      }
    }
  }
  return found;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += "  " + s + "\n";
  return out;
}

// Every byte of every file under `dir`.
std::string AllBytes(const fs::path& dir) {
  std::string out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) out += ReadFile(entry.path());
  }
  return out;
}

// Identifying text that only the registrations below ever send.
const std::vector<std::string>& Secrets() {
  static const std::vector<std::string> v = {
      "Nyandengzor",        "Zyxwvutsr",        "Qopalimbeth", "+211 913 572 468", "913 572 468",
      "Plot Vexquarrow 17", "Vexquarrow",       "Xanthoriel",  "Marquelline",      "Oduberra",
      "Pexworthy",          "Yuvalquist",       "Drevanquil",  "Brontevale",       "Kalthumbrae",
      "Ostrevique",         "+211 955 864 297", "955 864 297", "Wendelcroft",
      // What was said in counselling: a case's summary and plan, session and supervision notes,
      // risk details and the action taken on a flag.
      "Threnfoldric",       "Grauvenholt",      "Pellistrome", "Quorbindale",      "Sarventhiel",
      "Umbrachello", "Quillondrax", "Harrowmede",
      // What was said and agreed in a mediation: its summary, session notes, the agreement's text,
      // the referral note and the reason it was reopened.
      "Fendrillomax",       "Cravelunde",       "Halvorquent", "Morvaskeld",       "Trelliwyn"};
  return v;
}

class PlaintextTest : public ::testing::Test {
 protected:
  // Registers, changes, reads, consents, exports and erases people whose identifying text is in
  // Secrets(), as a counsellor and a manager of IOM through `server`.
  void Populate(const BatonProcess& server, const Headers& extra = {}) {
    HttpClient c = server.client();
    Session manager = SignIn(c, "iom.manager");
    Session counsellor = SignIn(c, "iom.counsellor");
    ASSERT_FALSE(manager.token.empty());
    ASSERT_FALSE(counsellor.token.empty());
    Json sites = c.Get("/api/v1/sites?q=Bor%20PoC", manager.token).json();
    Json programmes = c.Get("/api/v1/programmes", manager.token).json();
    ASSERT_EQ(sites["items"].size(), 1u) << sites;
    ASSERT_FALSE(programmes["items"].empty()) << programmes;
    const std::string site = sites["items"][0]["id"], programme = programmes["items"][0]["id"];
    auto with = [&](const std::string& name) {
      Headers h = extra;
      if (!h.empty()) h[0].second += "-" + name;  // one key per request
      return h;
    };
    auto post = [&](const std::string& path, const Json& body, const Session& as, const std::string& tag) {
      HttpResponse r = c.Post(path, body, as.token, with(tag));
      EXPECT_TRUE(r.status == 200 || r.status == 201) << path << ": " << r.Describe();
      return r.json();
    };
    const Json base = {
        {"sex", "female"}, {"population_group", "idp_camp"}, {"programme_id", programme}, {"site_id", site}};

    Json adult = base;
    adult.update({{"given_name", "Nyandengzor"},
                  {"family_name", "Zyxwvutsr"},
                  {"other_names", "Qopalimbeth"},
                  {"birth_date", "1984-04-04"},
                  {"phone", "+211 913 572 468"},
                  {"address", "Plot Vexquarrow 17"},
                  {"notes", "Xanthoriel felt safer at the well"}});
    const std::string adult_id = post("/api/v1/persons", adult, counsellor, "adult")["id"];

    Json child = base;
    child.update({{"given_name", "Kalthumbrae"},
                  {"family_name", "Ostrevique"},
                  {"age_years", 9},
                  {"phone", "+211 955 864 297"}});
    const std::string child_id = post("/api/v1/persons", child, counsellor, "child")["id"];
    post("/api/v1/persons/" + child_id + "/consents",
         {{"purpose", "services"},
          {"status", "given"},
          {"method", "guardian"},
          {"text_version", "2017-01"},
          {"guardian_name", "Marquelline Oduberra"},
          {"notes", "Thumbprint witnessed by Pexworthy"}},
         counsellor, "consent");

    // A rename, a read with a reason, a search, a duplicate check and an export leave no clear text.
    HttpResponse renamed = c.Patch("/api/v1/persons/" + adult_id, {{"family_name", "Yuvalquist"}}, counsellor.token);
    EXPECT_EQ(renamed.status, 200) << renamed.Describe();
    EXPECT_EQ(c.Get("/api/v1/persons/" + adult_id + "?reason=" + UrlEncode("visit to the Wendelcroft family"),
                    counsellor.token)
                  .status,
              200);
    HttpResponse found = c.Get("/api/v1/persons?q=Zyxwvutsr", counsellor.token);
    EXPECT_EQ(found.status, 200);
    EXPECT_EQ(found.json()["items"].size(), 0u) << "the old name is no longer indexed: " << found.body;
    HttpResponse renamed_found = c.Get("/api/v1/persons?q=Yuvalquist", counsellor.token);
    ASSERT_EQ(renamed_found.status, 200);
    EXPECT_EQ(renamed_found.json()["items"].size(), 1u) << renamed_found.body;
    HttpResponse dup =
        c.Post("/api/v1/persons/duplicates", {{"given_name", "Drevanquil"}, {"site_id", site}}, counsellor.token);
    EXPECT_EQ(dup.status, 200) << dup.Describe();
    HttpResponse exported = c.Get("/api/v1/persons/" + adult_id + "/export", manager.token);
    ASSERT_EQ(exported.status, 200);
    EXPECT_NE(exported.body.find("Qopalimbeth"), std::string::npos) << "the export itself holds the names";

    // A counselling case of the adult, with everything said in it sealed.
    Session supervisor = SignIn(c, "iom.supervisor");
    Json counsellor_case = post("/api/v1/cases",
                                {{"person_id", adult_id},
                                 {"programme_id", programme},
                                 {"counsellor_id", counsellor.user_id},
                                 {"supervisor_id", supervisor.user_id},
                                 {"opened_on", "2016-02-01"},
                                 {"summary", "Threnfoldric at the market"},
                                 {"plan", {{"goals", {{{"text", "Visit Grauvenholt again"}}}}}}},
                                counsellor, "case");
    const std::string case_id = counsellor_case.value("id", "");
    post("/api/v1/cases/" + case_id + "/sessions",
         {{"date", "2016-02-08"}, {"type", "individual"}, {"notes", "Spoke of Pellistrome"}}, counsellor, "session");
    post("/api/v1/cases/" + case_id + "/supervision", {{"date", "2016-02-09"}, {"note", "Ask about Quorbindale"}},
         supervisor, "supervision");
    Json risk = post("/api/v1/risk-assessments",
                     {{"person_id", adult_id}, {"case_id", case_id}, {"date", "2016-02-08"}, {"self_harm", "high"},
                      {"details", "Sarventhiel was mentioned"}},
                     counsellor, "risk");
    ASSERT_EQ(risk.value("flags_raised", Json::array()).size(), 1u) << risk;
    post("/api/v1/risk-flags/" + risk["flags_raised"][0].value("id", "") + "/acknowledge",
         {{"note", "Umbrachello will visit"}}, supervisor, "acknowledge");
    HttpResponse read_back = c.Get("/api/v1/cases/" + case_id, counsellor.token);
    EXPECT_NE(read_back.body.find("Threnfoldric"), std::string::npos) << "the case itself shows what was said";
    // A referral's reason and feedback, read and printed on a slip, leave no clear text either.
    post("/api/v1/persons/" + adult_id + "/consents",
         {{"purpose", "referral"}, {"status", "given"}, {"method", "verbal"}, {"text_version", "2017-01"}}, counsellor,
         "referral-consent");
    const std::string service_id = post("/api/v1/services",
                                        {{"name", "Hospital mental health unit"}, {"provider", "State hospital"},
                                         {"category", "specialised_mental_health"}},
                                        manager, "service")["id"];
    const std::string referral_id = post("/api/v1/referrals",
                                         {{"direction", "outgoing"}, {"programme_id", programme}, {"person_id", adult_id},
                                          {"service_id", service_id}, {"reason", "Quillondrax saw her at the well"}},
                                         counsellor, "referral")["id"];
    HttpResponse followed = c.Patch("/api/v1/referrals/" + referral_id,
                                    {{"status", "accepted"}, {"feedback", "Harrowmede will visit"}}, counsellor.token);
    EXPECT_EQ(followed.status, 200) << followed.Describe();
    EXPECT_EQ(c.Get("/api/v1/referrals/" + referral_id + "/slip", counsellor.token).status, 200);

    // A mediation between the adult and a group, mediated by the counsellor: what was said and
    // agreed is sealed, through a referral and a reopening.
    Json mediation = post("/api/v1/mediations",
                          {{"programme_id", programme},
                           {"dispute_type", "family"},
                           {"parties", {{{"person_id", adult_id}}, {{"description", "her brother's household"}}}},
                           {"mediators", {{{"user_id", counsellor.user_id}}}},
                           {"opened_on", "2016-03-01"},
                           {"summary", "Fendrillomax and the shelter"}},
                          counsellor, "mediation");
    const std::string mediation_id = mediation.value("id", "");
    post("/api/v1/mediations/" + mediation_id + "/sessions",
         {{"date", "2016-03-02"}, {"kind", "joint"}, {"notes", "Cravelunde spoke first"}}, counsellor, "m-session");
    post("/api/v1/mediations/" + mediation_id + "/agreements",
         {{"date", "2016-03-02"}, {"text", "Halvorquent keeps the door key"}}, counsellor, "agreement");
    HttpResponse closed = c.Patch("/api/v1/mediations/" + mediation_id,
                                  {{"status", "closed"}, {"outcome", "referred"}, {"closed_on", "2016-03-03"},
                                   {"referral_note", "Morvaskeld at the protection desk"}},
                                  counsellor.token);
    EXPECT_EQ(closed.status, 200) << closed.Describe();
    HttpResponse reopened = c.Patch("/api/v1/mediations/" + mediation_id,
                                    {{"status", "open"}, {"reopen_reason", "Trelliwyn came back"}}, counsellor.token);
    EXPECT_EQ(reopened.status, 200) << reopened.Describe();
    HttpResponse agreed = c.Get("/api/v1/mediations/" + mediation_id + "/agreements", counsellor.token);
    EXPECT_NE(agreed.body.find("Halvorquent"), std::string::npos) << "the mediation itself shows what was agreed";

    // One person is erased, with a reason that names someone.
    Json gone = base;
    gone.update({{"given_name", "Drevanquil"}, {"family_name", "Zyxwvutsr"}, {"birth_date", "1990-01-01"}});
    const std::string gone_id = post("/api/v1/persons", gone, counsellor, "gone")["id"];
    post("/api/v1/persons/" + gone_id + "/erase", {{"reason", "requested by Brontevale"}}, manager, "erase");
  }

  // Fails naming every secret found in `bytes` (which must also hold `control`, text stored in
  // clear on purpose, to show the bytes are the store's).
  static void ExpectNoSecrets(const std::string& bytes, const std::string& where, const std::string& control) {
    ASSERT_NE(Lower(bytes).find(control), std::string::npos)
        << where << " does not hold " << control << ": not the store that was written";
    std::vector<std::string> leaks = Leaks(bytes, Secrets());
    EXPECT_TRUE(leaks.empty()) << where << " (" << bytes.size() << " bytes) reveals:\n" << Join(leaks);
  }

  static std::string Demo(const std::string& dir, const std::vector<std::string>& extra = {}) {
    // The story before the handover: IOM's staff write the people below.
    std::vector<std::string> args = {"demo", "--data", dir, "--scale", "20", "--no-handover"};
    args.insert(args.end(), extra.begin(), extra.end());
    CommandResult r = RunBaton(args);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    return dir;
  }

  // `baton serve` that must refuse to start: its exit status and standard error.
  static CommandResult RefusedServe(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"serve", "--listen", "127.0.0.1:0"};
    all.insert(all.end(), args.begin(), args.end());
    return RunBaton(all, std::nullopt, std::chrono::seconds(30));
  }

  static ::testing::AssertionResult OneLineFailure(const CommandResult& r, const std::string& words) {
    if (r.exit_code == 0) return ::testing::AssertionFailure() << "exit 0: " << r.Describe();
    if (r.out.find("listening") != std::string::npos)
      return ::testing::AssertionFailure() << "it listened: " << r.Describe();
    std::string err = Trimmed(r.err);
    if (err.empty() || err.find('\n') != std::string::npos) {
      return ::testing::AssertionFailure() << "not a one-line error: " << r.Describe();
    }
    if (Lower(err).find(words) == std::string::npos) {
      return ::testing::AssertionFailure() << "the error does not mention '" << words << "': " << r.Describe();
    }
    return ::testing::AssertionSuccess();
  }

  TempDir tmp_;
};

// The scanner itself: it finds a secret written in clear in any case, in hex, and inside base64
// text at each alignment, and nothing in unrelated bytes.
TEST(PlaintextScannerTest, FindsEveryFormItLooksFor) {
  const std::string secret = "Zyxwvutsr";
  EXPECT_EQ(Leaks("..." + Lower(secret) + "...", {secret}).size(), 1u);
  EXPECT_EQ(Leaks("<" + Hex(secret) + ">", {secret}).size(), 1u);
  for (const std::string prefix : {"", "a", "ab", "abc"}) {
    for (bool url : {false, true}) {
      std::string encoded = Base64(prefix + secret + "!?~", url);
      EXPECT_EQ(Leaks("{\"sealed\":\"" + encoded + "\"}", {secret}).size(), 1u) << prefix << " " << encoded;
    }
  }
  EXPECT_TRUE(Leaks("Nyandeng Deng Kuol " + Base64("Deng Kuol", false), {secret}).empty());
}

TEST_F(PlaintextTest, SqliteFilesHoldNoNameOrContactDetails) {
  const std::string dir = Demo(tmp_ / "data");
  auto server = BatonProcess::Serve(dir);
  ASSERT_NE(server, nullptr);
  Populate(*server);
  if (HasFatalFailure()) return;
  ASSERT_EQ(server->Stop(), 0) << server->Stderr();
  // The database, its WAL and shared memory, if any, and everything else in the directory.
  ExpectNoSecrets(AllBytes(dir), "the SQLite data directory", "iom.counsellor");
  // The server's own output (its access log) names paths, never the searched names or reasons.
  std::vector<std::string> logged = Leaks(server->Stdout() + server->Stderr(), Secrets());
  EXPECT_TRUE(logged.empty()) << "the server log reveals:\n" << Join(logged);
}

// Offline clients retry a POST with an Idempotency-Key; the remembered answer must not keep the
// names in clear either.
TEST_F(PlaintextTest, RememberedAnswersOfRetriedRequestsHoldNoNames) {
  const std::string dir = Demo(tmp_ / "data");
  auto server = BatonProcess::Serve(dir);
  ASSERT_NE(server, nullptr);
  Populate(*server, {{"Idempotency-Key", "plaintext-test"}});
  if (HasFatalFailure()) return;
  ASSERT_EQ(server->Stop(), 0) << server->Stderr();
  ExpectNoSecrets(AllBytes(dir), "the SQLite data directory (requests sent with Idempotency-Key)", "iom.counsellor");
}

#ifndef BATON_TEST_NO_POSTGRES  // a build without the PostgreSQL store
TEST_F(PlaintextTest, PostgresTablesHoldNoNameOrContactDetails) {
  const char* file = std::getenv("BATON_TEST_POSTGRES_FILE");
  ASSERT_TRUE(file != nullptr && *file != '\0')
      << "BATON_TEST_POSTGRES_FILE is not set: run through ctest (fixture postgres)";
  const std::string conninfo = Trimmed(ReadFile(file));
  ASSERT_FALSE(conninfo.empty()) << "no conninfo in " << file;
  std::random_device rd;
  const std::string db = "baton_plain_" + std::to_string(::getpid()) + "_" + std::to_string(rd() % 100000);
  auto psql = [&](const std::string& sql) {
    return RunProgram("psql", {conninfo + " dbname=postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql});
  };
  CommandResult created = psql("CREATE DATABASE " + db);
  ASSERT_EQ(created.exit_code, 0) << created.Describe();
  struct Drop {
    std::function<void()> f;
    ~Drop() { f(); }
  } drop{[&] {
    CommandResult r = psql("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
  }};

  const std::string dir = Demo(tmp_ / "data", {"--store", "postgres:" + conninfo + " dbname=" + db});
  {
    auto server = BatonProcess::Serve(dir);
    ASSERT_NE(server, nullptr);
    ASSERT_EQ(server->client().Get("/api/v1/health").json()["store"], "postgres");
    Populate(*server);
    if (HasFatalFailure()) return;
    ASSERT_EQ(server->Stop(), 0) << server->Stderr();
  }
  CommandResult dump = RunProgram("pg_dump", {"--data-only", "--no-owner", "-d", conninfo + " dbname=" + db});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  for (const char* table :
       {"persons", "consents", "change_log", "access_log", "idempotency", "search_terms", "referrals"}) {
    EXPECT_NE(dump.out.find(std::string("COPY public.") + table + " "), std::string::npos)
        << table << " is not in the dump";
  }
  ExpectNoSecrets(dump.out, "the PostgreSQL database", "iom.counsellor");
  // And the data directory beside it (config, key file) holds nothing of them either.
  std::vector<std::string> in_dir = Leaks(AllBytes(dir), Secrets());
  EXPECT_TRUE(in_dir.empty()) << Join(in_dir);
}

// Erasure destroys a person's record key (the change log keeps the sealed fields for ever). On
// PostgreSQL a deleted row stays in the table's files until vacuumed and overwritten; while the
// wrapped key is still there, whoever holds the database files and the data key opens the erased
// names again.
TEST_F(PlaintextTest, PostgresErasureLeavesNoCopyOfTheRecordKeyInTheTableFiles) {
  const char* file = std::getenv("BATON_TEST_POSTGRES_FILE");
  ASSERT_TRUE(file != nullptr && *file != '\0')
      << "BATON_TEST_POSTGRES_FILE is not set: run through ctest (fixture postgres)";
  const std::string conninfo = Trimmed(ReadFile(file));
  const fs::path cluster = fs::path(file).parent_path() / "data";
  ASSERT_TRUE(fs::is_directory(cluster / "base")) << cluster << " is not the fixture's cluster";
  std::random_device rd;
  const std::string db = "baton_erase_" + std::to_string(::getpid()) + "_" + std::to_string(rd() % 100000);
  auto psql = [&](const std::string& database, const std::string& sql) {
    CommandResult r =
        RunProgram("psql", {conninfo + " dbname=" + database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql});
    EXPECT_EQ(r.exit_code, 0) << sql << ": " << r.Describe();
    return Trimmed(r.out);
  };
  psql("postgres", "CREATE DATABASE " + db);
  struct Drop {
    std::function<void()> f;
    ~Drop() { f(); }
  } drop{[&] { psql("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)"); }};

  const std::string dir = Demo(tmp_ / "data", {"--store", "postgres:" + conninfo + " dbname=" + db});
  auto server = BatonProcess::Serve(dir);
  ASSERT_NE(server, nullptr);
  HttpClient c = server->client();
  Session manager = SignIn(c, "iom.manager");
  Json sites = c.Get("/api/v1/sites?q=Bor%20PoC", manager.token).json();
  Json programmes = c.Get("/api/v1/programmes", manager.token).json();
  ASSERT_EQ(sites["items"].size(), 1u);
  HttpResponse created = c.Post("/api/v1/persons",
                                {{"given_name", "Kalthumbrae"},
                                 {"sex", "female"},
                                 {"age_years", 30},
                                 {"population_group", "idp_camp"},
                                 {"programme_id", programmes["items"][0]["id"]},
                                 {"site_id", sites["items"][0]["id"]}},
                                manager.token);
  ASSERT_EQ(created.status, 201) << created.Describe();
  const std::string id = created.json()["id"];
  const std::string wrapped = psql(db, "SELECT wrapped FROM record_keys WHERE kind = 'person' AND id = '" + id + "'");
  ASSERT_GE(wrapped.size(), 40u) << "no wrapped key for the new person";
  HttpResponse erased =
      c.Post("/api/v1/persons/" + id + "/erase", {{"reason", "asked to be forgotten"}}, manager.token);
  ASSERT_EQ(erased.status, 200) << erased.Describe();
  ASSERT_EQ(server->Stop(), 0) << server->Stderr();
  EXPECT_EQ(psql(db, "SELECT count(*) FROM record_keys WHERE id = '" + id + "'"), "0");

  psql("postgres", "CHECKPOINT");
  const std::string oid = psql("postgres", "SELECT oid FROM pg_database WHERE datname = '" + db + "'");
  ASSERT_FALSE(oid.empty());
  const std::string tables = AllBytes(cluster / "base" / oid);
  ASSERT_NE(tables.find("iom.counsellor"), std::string::npos) << "not the database's files";
  EXPECT_EQ(tables.find(wrapped), std::string::npos)
      << "the erased person's wrapped record key is still in the database files under " << (cluster / "base" / oid);
}

#endif

TEST_F(PlaintextTest, DataKeyFileAndDirectoryAreOwnerOnly) {
  const std::string dir = Demo(tmp_ / "data");
  struct stat key {
  }, directory{};
  ASSERT_EQ(::stat((fs::path(dir) / "data.key").c_str(), &key), 0) << "no data.key in a new data directory";
  ASSERT_EQ(::stat(dir.c_str(), &directory), 0);
  EXPECT_EQ(key.st_mode & 0777, 0600u) << std::oct << (key.st_mode & 0777);
  EXPECT_EQ(directory.st_mode & 0777, 0700u) << std::oct << (directory.st_mode & 0777);
  // The key is 32 random bytes, not text anyone could guess.
  const std::string text = Trimmed(ReadFile(fs::path(dir) / "data.key"));
  EXPECT_EQ(text.size(), 43u) << text;
  // A key file others may read is refused.
  ASSERT_EQ(::chmod((fs::path(dir) / "data.key").c_str(), 0644), 0);
  EXPECT_TRUE(OneLineFailure(RefusedServe({"--data", dir}), "chmod 600"));
}

TEST_F(PlaintextTest, ServerRefusesAnotherDirectorysDataKey) {
  const std::string a = Demo(tmp_ / "a");
  const std::string b = Demo(tmp_ / "b");
  ASSERT_NE(ReadFile(fs::path(a) / "data.key"), ReadFile(fs::path(b) / "data.key")) << "two directories, one key";
  fs::copy_file(fs::path(b) / "data.key", fs::path(a) / "data.key", fs::copy_options::overwrite_existing);
  ASSERT_EQ(::chmod((fs::path(a) / "data.key").c_str(), 0600), 0);
  EXPECT_TRUE(OneLineFailure(RefusedServe({"--data", a}), "data key"));
  // Without its key file the directory does not open at all.
  fs::remove(fs::path(a) / "data.key");
  EXPECT_TRUE(OneLineFailure(RefusedServe({"--data", a}), "data key"));
}

TEST_F(PlaintextTest, PassphraseDirectoryOpensOnlyWithItsPassphrase) {
  const std::string dir = tmp_ / "data";
  const std::string right = tmp_ / "right", wrong = tmp_ / "wrong";
  std::ofstream(right) << "tamarind shade over the nile\n";
  std::ofstream(wrong) << "mango shade over the nile\n";
  CommandResult init = RunBaton({"init", "--data", dir, "--org", "Bor Women's Union", "--admin", "bwu.admin",
                                 "--password-stdin", "--passphrase-file", right},
                                std::string("a long admin passphrase\n"));
  ASSERT_EQ(init.exit_code, 0) << init.Describe();
  EXPECT_FALSE(fs::exists(fs::path(dir) / "data.key")) << "a passphrase directory keeps no key file";
  const std::string config = ReadFile(fs::path(dir) / "config.json");
  EXPECT_EQ(config.find("tamarind"), std::string::npos) << config;

  EXPECT_TRUE(OneLineFailure(RefusedServe({"--data", dir}), "passphrase"));
  EXPECT_TRUE(OneLineFailure(RefusedServe({"--data", dir, "--passphrase-file", wrong}), "data key"));
  auto server = BatonProcess::Serve(dir, {"--passphrase-file", right});
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->client().Get("/api/v1/health").status, 200);
  EXPECT_EQ(server->Stop(), 0) << server->Stderr();
}

}  // namespace
}  // namespace baton::test
