#include "service/person_import.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "base/crypto.h"
#include "service/services.h"
#include "service/setup_service.h"
#include "service/test_node.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

class PersonImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::FreshDir("baton-import-test");
    node_ = std::make_unique<test::Node>(dir_, clock_, random_, 'i');
    store_ = node_->store.get();
    services_ = node_->services.get();
    ASSERT_TRUE(SeedDemo(*services_, 0).ok());
    manager_ = Login("iom.manager");
    auto programmes = store_->List({.kind = "programme", .limit = 1});
    programme_ = programmes->items[0].id;
    site_ = programmes->items[0].data["site_id"];
  }
  void TearDown() override {
    node_.reset();
    fs::remove_all(dir_);
  }
  Principal Login(const std::string& user) {
    return std::move(services_->auth.Login(user, "baton-demo", "10.0.0.1")).value().principal;
  }
  ImportRequest Request(ImportMode mode) { return {programme_, site_, mode, {}, "2016-1"}; }
  size_t People() {
    auto page = services_->persons.List(manager_, {.limit = 200});
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? page->items.size() : 0;
  }

  fs::path dir_;
  FakeClock clock_{1'800'000'000'000};  // 2027-01-15
  SeededRandom random_{5};
  std::unique_ptr<test::Node> node_;
  Store* store_ = nullptr;
  Services* services_ = nullptr;
  Principal manager_;
  std::string programme_, site_;
};

// Headings as a register kept in a spreadsheet would have them; row 3 has two mistakes.
const char* kRegister =
    "First name,Surname,Gender,Date of birth,Age,Group,Block,Consent services,Consent referral\n"
    "Achol,Deng,F,14/03/1990,,idp_camp,Block 3,yes,no\n"
    "Garang,Majok,M,,34.0,returnee,\"Block 4, Sector B\",yes,yes\n"
    "Nyandeng,,X,,,idp_camp,Block 1,maybe,\n"
    "Kuol,Chol,male,,61,host_community,,yes,\n";

TEST_F(PersonImportTest, DryRunNamesEveryBadRowByLineAndWritesNothing) {
  auto report = services_->person_import.Run(manager_, kRegister, Request(ImportMode::kDryRun));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ((*report)["rows"], 4);
  EXPECT_EQ((*report)["valid"], 3);
  EXPECT_EQ((*report)["invalid"], 1);
  EXPECT_EQ((*report)["imported"], 0);
  EXPECT_EQ((*report)["columns"]["First name"], "given_name");
  EXPECT_EQ((*report)["columns"]["Date of birth"], "birth_date");
  EXPECT_EQ((*report)["columns"]["Block"], "address");
  std::set<std::string> fields;
  for (const Json& e : (*report)["errors"]) {
    EXPECT_EQ(e["line"], 4) << e.dump();
    fields.insert(e["field"].get<std::string>());
  }
  EXPECT_TRUE(fields.contains("consent_services")) << report->dump();
  EXPECT_EQ(People(), 0u);
  EXPECT_EQ(*store_->NextCounter("person_code:" + site_, 1), 1);  // no code was spent
}

TEST_F(PersonImportTest, AllOrNothingWritesNothingWhenARowIsBad) {
  auto report = services_->person_import.Run(manager_, kRegister, Request(ImportMode::kAll));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ((*report)["imported"], 0);
  EXPECT_EQ(People(), 0u);
}

TEST_F(PersonImportTest, ValidRowsAreRegisteredWithCodesConsentsAndSealedNames) {
  auto report = services_->person_import.Run(manager_, kRegister, Request(ImportMode::kValid));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ((*report)["imported"], 3);
  auto page = services_->persons.List(manager_, {.limit = 200});
  ASSERT_EQ(page->items.size(), 3u);
  std::set<std::string> codes;
  for (const Json& p : page->items) codes.insert(p["code"].get<std::string>());
  EXPECT_EQ(codes.size(), 3u);
  // Day-first dates, "34.0" ages and F/M read as a person would mean them.
  auto achol = services_->persons.List(manager_, {.q = "Akol Deeng"});
  ASSERT_TRUE(achol.ok());
  ASSERT_EQ(achol->items.size(), 1u);
  auto opened = services_->persons.Get(manager_, achol->items[0]["id"].get<std::string>());
  ASSERT_TRUE(opened.ok());
  const Json& a = opened->view;
  EXPECT_EQ(a["birth_date"], "1990-03-14");
  EXPECT_EQ(a["sex"], "female");
  EXPECT_EQ(a["address"], "Block 3");
  auto garang = services_->persons.List(manager_, {.q = "garang"});
  ASSERT_EQ(garang->items.size(), 1u);
  EXPECT_EQ(garang->items[0]["age_years"], 34);
  auto garang_opened = services_->persons.Get(manager_, garang->items[0]["id"].get<std::string>());
  ASSERT_TRUE(garang_opened.ok());
  EXPECT_EQ(garang_opened->view["address"], "Block 4, Sector B");
  // Consents came with the row: services given, referral refused, text version from the request.
  auto consents = services_->persons.Consents(manager_, a["id"].get<std::string>());
  ASSERT_TRUE(consents.ok());
  ASSERT_EQ((*consents)["items"].size(), 2u);
  for (const Json& c : (*consents)["items"]) {
    EXPECT_EQ(c["text_version"], "2016-1");
    EXPECT_EQ(c["status"], c["purpose"] == "services" ? "given" : "refused");
  }
  // Nothing of the names is in the database in clear.
  auto raw = store_->List({.kind = "person", .limit = 10});
  for (const Record& r : raw->items) EXPECT_EQ(r.data.dump().find("Achol"), std::string::npos);
}

TEST_F(PersonImportTest, ColumnsCanBeMappedOrIgnoredByHeading) {
  std::string csv = "Jina,Ukoo,Sex,Age,Group,Secret column\nAyen,Kuol,female,20,idp_host,xyz\n";
  auto unmapped = services_->person_import.Run(manager_, csv, Request(ImportMode::kDryRun));
  ASSERT_FALSE(unmapped.ok());
  EXPECT_EQ(unmapped.status().errors()[0].field, "file");
  ImportRequest req = Request(ImportMode::kAll);
  req.columns = {{"Jina", "given_name"}, {"Ukoo", "family_name"}, {"Secret column", ""}};
  auto report = services_->person_import.Run(manager_, csv, req);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ((*report)["imported"], 1);
  EXPECT_TRUE((*report)["columns"]["Secret column"].is_null());
  req.columns = {{"Jina", "password"}};
  EXPECT_EQ(services_->person_import.Run(manager_, csv, req).status().errors()[0].field, "col.Jina");
  req.columns = {{"Jina", "given_name"}, {"Ukoo", "given_name"}};
  EXPECT_EQ(services_->person_import.Run(manager_, csv, req).status().code(), Code::kInvalid);
}

TEST_F(PersonImportTest, OnlyManagersImportAndOnlyIntoTheirProgrammes) {
  auto counsellor = services_->person_import.Run(Login("iom.counsellor"), kRegister, Request(ImportMode::kDryRun));
  EXPECT_EQ(counsellor.status().code(), Code::kForbidden);
  auto other = services_->person_import.Run(Login("alarm.manager"), kRegister, Request(ImportMode::kDryRun));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().errors()[0].field, "programme_id");
  EXPECT_EQ(services_->person_import.Run(manager_, "not,a\n\"broken", Request(ImportMode::kDryRun)).status().code(),
            Code::kInvalid);
}

}  // namespace
}  // namespace baton
