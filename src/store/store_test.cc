// The Store contract, run on every backend. PostgreSQL instances use the ctest fixture `postgres`
// (scripts/pg-test-cluster) and fail, never skip, when it is missing.
#include "store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <tuple>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

#include "store/schema.h"
#include "store/sql_store.h"
#ifdef BATON_WITH_POSTGRES
#include "store/postgres/test_database.h"
#endif

namespace baton {
namespace {

constexpr int64_t kWallMs = 1'700'000'000'000;

#define ASSERT_OK(expr)                                   \
  do {                                                    \
    const auto& baton_r_ = (expr);                        \
    ASSERT_TRUE(baton_r_.ok()) << StatusOf(baton_r_).ToString(); \
  } while (0)

const Status& StatusOf(const Status& s) { return s; }
template <class T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}

EntityChange Create(std::string kind, std::string id, Json patch) {
  return {std::move(kind), std::move(id), ChangeOp::kCreate, std::move(patch), std::nullopt};
}

EntityChange Update(std::string kind, std::string id, Json patch,
                    std::optional<int64_t> expected = std::nullopt) {
  return {std::move(kind), std::move(id), ChangeOp::kUpdate, std::move(patch), expected};
}

ChangeSet Set(std::vector<EntityChange> changes, int64_t wall_ms = kWallMs) {
  static std::atomic<int> counter{0};
  char id[64];
  std::snprintf(id, sizeof id, "cs-%08d", ++counter);
  return {id, HlcTime::From(wall_ms, 0), "node-a", "actor-1", std::move(changes)};
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      char tmpl[] = "/tmp/baton-store-test-XXXXXX";
      ASSERT_NE(::mkdtemp(tmpl), nullptr);
      dir_ = tmpl;
      url_ = "sqlite:" + dir_ + "/baton.db";
    } else {
#ifdef BATON_WITH_POSTGRES
      const char* file = std::getenv("BATON_TEST_POSTGRES_FILE");
      ASSERT_NE(file, nullptr) << "BATON_TEST_POSTGRES_FILE is not set: run through ctest, which "
                                  "starts the test cluster (fixture postgres)";
      std::ifstream in(file);
      ASSERT_TRUE(std::getline(in, server_conninfo_)) << "cannot read " << file;
      auto db = store_internal::CreateScratchDatabase(server_conninfo_);
      ASSERT_OK(db);
      database_ = db->name;
      url_ = "postgres:" + db->conninfo;
#endif
    }
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }

  void TearDown() override {
    if (store_) store_->Close();
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
#ifdef BATON_WITH_POSTGRES
    if (!database_.empty()) {
      Status s = store_internal::DropScratchDatabase(server_conninfo_, database_);
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
#endif
  }

  std::unique_ptr<Store> Open() {
    auto store = OpenStore({url_, 4});
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  std::pair<int64_t, std::string> HeadOrDie() {
    auto head = store_->Head();
    EXPECT_TRUE(head.ok()) << head.status().ToString();
    return head.ok() ? *head : std::pair<int64_t, std::string>{-1, ""};
  }

  // Reads the whole log and checks the chain; returns the number of entries.
  int64_t VerifyChain(Store& store) {
    ChainVerifier verifier;
    int64_t after = 0;
    for (;;) {
      auto page = store.ReadLog(after, 100);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok() || page->empty()) break;
      for (const StoredEntry& e : *page) {
        Status s = verifier.Add(e.seq, e.id, e.body, e.hash);
        EXPECT_TRUE(s.ok()) << s.ToString();
        if (!s.ok()) return -1;
        after = e.seq;
      }
    }
    auto head = store.Head();
    EXPECT_TRUE(head.ok());
    if (head.ok()) {
      EXPECT_EQ(head->first, verifier.count());
      EXPECT_EQ(head->second, verifier.head_hash());
    }
    return verifier.count();
  }

  std::string dir_;
  std::string url_;
  std::string server_conninfo_;
  std::string database_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, CreateGetUpdateTracksVersionsAndTimes) {
  auto created = store_->Commit(
      Set({Create("organization", "org-1", {{"code", "IOM"}, {"name", "IOM Iraq"}, {"active", true},
                                            {"note", nullptr}})}));
  ASSERT_OK(created);
  EXPECT_EQ(created->seq, 1);
  EXPECT_FALSE(created->replayed);
  EXPECT_EQ(created->versions, std::vector<int64_t>{1});

  auto got = store_->Get("organization", "org-1");
  ASSERT_OK(got);
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->created_ms, kWallMs);
  EXPECT_EQ(got->updated_ms, kWallMs);
  EXPECT_EQ(got->data, Json({{"code", "IOM"}, {"name", "IOM Iraq"}, {"active", true}}));

  auto updated = store_->Commit(
      Set({Update("organization", "org-1", {{"name", "IOM"}, {"active", nullptr}}, 1)}, kWallMs + 5));
  ASSERT_OK(updated);
  EXPECT_EQ(updated->seq, 2);
  EXPECT_EQ(updated->versions, std::vector<int64_t>{2});
  got = store_->Get("organization", "org-1");
  ASSERT_OK(got);
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->created_ms, kWallMs);
  EXPECT_EQ(got->updated_ms, kWallMs + 5);
  EXPECT_EQ(got->data, Json({{"code", "IOM"}, {"name", "IOM"}}));

  // Without an expected version the update applies to whatever is stored.
  ASSERT_OK(store_->Commit(Set({Update("organization", "org-1", {{"active", false}})})));
  EXPECT_EQ(store_->Get("organization", "org-1")->version, 3);
}

TEST_P(StoreTest, StaleExpectedVersionIsPreconditionFailedAndWritesNothing) {
  ASSERT_OK(store_->Commit(Set({Create("site", "s-1", {{"name", "Camp"}})})));
  ASSERT_OK(store_->Commit(Set({Update("site", "s-1", {{"name", "Camp A"}}, 1)})));
  const auto head = HeadOrDie();
  auto stale = store_->Commit(Set({Update("site", "s-1", {{"name", "Camp B"}}, 1)}));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), Code::kPreconditionFailed) << stale.status().ToString();
  EXPECT_EQ(HeadOrDie(), head);
  EXPECT_EQ(store_->Get("site", "s-1")->data["name"], "Camp A");
}

TEST_P(StoreTest, ExpectationsOnUnchangedEntitiesHoldOrNothingIsWritten) {
  ASSERT_OK(store_->Commit(Set({Create("session", "ses-1", {{"date", "2016-03-01"}})})));
  const auto head = HeadOrDie();
  // The attendance copies the session's date: it expects the session as it was read, and itself
  // not to exist yet.
  ChangeSet stale = Set({Create("attendance", "ses-1", {{"date", "2016-03-01"}})});
  stale.expects = {{"session", "ses-1", 2}};
  auto refused = store_->Commit(stale);
  EXPECT_EQ(refused.status().code(), Code::kPreconditionFailed) << refused.status().ToString();
  EXPECT_EQ(HeadOrDie(), head);
  EXPECT_EQ(store_->Get("attendance", "ses-1").status().code(), Code::kNotFound);
  ChangeSet absent = Set({Update("session", "ses-1", {{"date", "2016-03-08"}})});
  absent.expects = {{"attendance", "ses-1", 0}};
  ASSERT_OK(store_->Commit(absent));
  ChangeSet fresh = Set({Create("attendance", "ses-1", {{"date", "2016-03-08"}})});
  fresh.expects = {{"session", "ses-1", 2}, {"attendance", "ses-1", 0}};
  ASSERT_OK(store_->Commit(fresh));
  // Now that it exists, expecting it absent fails.
  ChangeSet again = Set({Update("session", "ses-1", {{"date", "2016-03-15"}})});
  again.expects = {{"attendance", "ses-1", 0}};
  EXPECT_EQ(store_->Commit(again).status().code(), Code::kPreconditionFailed);
  EXPECT_EQ(store_->Get("session", "ses-1")->data["date"], "2016-03-08");
  // The expectation is not part of the logged entry.
  auto entries = store_->ReadLog(0, 100);
  ASSERT_OK(entries);
  EXPECT_EQ(entries->back().body.find("expects"), std::string::npos);
}

TEST_P(StoreTest, CreatingAnExistingIdIsConflict) {
  ASSERT_OK(store_->Commit(Set({Create("site", "s-1", {{"name", "Camp"}})})));
  auto again = store_->Commit(Set({Create("site", "s-1", {{"name", "Other"}})}));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), Code::kConflict);
  EXPECT_NE(again.status().message().find("already exists"), std::string::npos)
      << again.status().message();
  EXPECT_EQ(HeadOrDie().first, 1);
}

TEST_P(StoreTest, TakenUniqueFieldIsConflictNamingTheField) {
  ASSERT_OK(store_->Commit(Set({Create("user", "u-1", {{"username", "alice"}})})));
  ASSERT_OK(store_->Commit(Set({Create("user", "u-2", {{"username", "bob"}})})));
  auto clash = store_->Commit(Set({Create("user", "u-3", {{"username", "alice"}})}));
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.status().code(), Code::kConflict);
  EXPECT_EQ(clash.status().message(), "username is already taken");

  auto renamed = store_->Commit(Set({Update("user", "u-2", {{"username", "alice"}})}));
  ASSERT_FALSE(renamed.ok());
  EXPECT_EQ(renamed.status().message(), "username is already taken");

  auto org_clash = store_->Commit(Set({Create("organization", "o-1", {{"code", "X"}}),
                                       Create("organization", "o-2", {{"code", "X"}})}));
  ASSERT_FALSE(org_clash.ok());
  EXPECT_EQ(org_clash.status().message(), "code is already taken");

  // A missing value never clashes.
  ASSERT_OK(store_->Commit(Set({Create("user", "u-4", {{"display_name", "No name"}})})));
  ASSERT_OK(store_->Commit(Set({Create("user", "u-5", {{"display_name", "No name"}})})));
  EXPECT_EQ(store_->Get("user", "u-2")->data["username"], "bob");
  EXPECT_EQ(HeadOrDie().first, 4);
}

TEST_P(StoreTest, UpdatingAMissingRecordIsNotFound) {
  auto missing = store_->Commit(Set({Update("site", "nope", {{"name", "x"}})}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_EQ(HeadOrDie().first, 0);
}

TEST_P(StoreTest, UnknownKindIsInvalid) {
  auto bad = store_->Commit(Set({Create("spaceship", "x", {{"name", "x"}})}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kInvalid);
  EXPECT_EQ(store_->Get("spaceship", "x").status().code(), Code::kInvalid);
  EXPECT_EQ(store_->List({.kind = "spaceship"}).status().code(), Code::kInvalid);
}

TEST_P(StoreTest, FailedChangeSetWritesNothing) {
  ASSERT_OK(store_->Commit(Set({Create("site", "s-1", {{"name", "Camp"}})})));
  const auto head = HeadOrDie();
  auto failed = store_->Commit(Set({Create("site", "s-2", {{"name", "New"}}),
                                    Update("site", "s-1", {{"name", "Changed"}}),
                                    Update("site", "missing", {{"name", "x"}})}));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), Code::kNotFound);
  EXPECT_EQ(HeadOrDie(), head);
  EXPECT_EQ(store_->Get("site", "s-2").status().code(), Code::kNotFound);
  auto s1 = store_->Get("site", "s-1");
  ASSERT_OK(s1);
  EXPECT_EQ(s1->version, 1);
  EXPECT_EQ(s1->data["name"], "Camp");
  auto history = store_->History("site", "s-1", 0, 10);
  ASSERT_OK(history);
  EXPECT_EQ(history->size(), 1u);
}

TEST_P(StoreTest, APatchHoldingAValueThatIsNotJsonIsRefusedAndWritesNothing) {
  ASSERT_OK(store_->Commit(Set({Create("site", "s-1", {{"name", "Camp"}})})));
  const auto head = HeadOrDie();
  const Json not_json(Json::value_t::discarded);
  for (const Json& patch : {Json{{"name", not_json}}, Json{{"tags", Json::array({"a", not_json})}}}) {
    auto created = store_->Commit(Set({Create("site", "s-2", patch)}));
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.status().code(), Code::kInvalid) << created.status().message();
    auto updated = store_->Commit(Set({Update("site", "s-1", patch)}));
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.status().code(), Code::kInvalid) << updated.status().message();
  }
  EXPECT_EQ(HeadOrDie(), head);
  EXPECT_EQ(store_->Get("site", "s-2").status().code(), Code::kNotFound);
  auto s1 = store_->Get("site", "s-1");
  ASSERT_OK(s1);
  EXPECT_EQ(s1->data, (Json{{"name", "Camp"}}));
}

TEST_P(StoreTest, FailingChangeSetAmongConcurrentOnesFailsAlone) {
  ASSERT_OK(store_->Commit(Set({Create("user", "u-0", {{"username", "taken"}})})));
  constexpr int kThreads = 16;
  constexpr int kPerThread = 20;
  std::atomic<int> ok{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = "u-" + std::to_string(t) + "-" + std::to_string(i);
        // Every fourth change set creates two users, the second with a taken name.
        std::vector<EntityChange> changes{Create("user", id, {{"username", id}})};
        if (i % 4 == 0) changes.push_back(Create("user", id + "-dup", {{"username", "taken"}}));
        auto r = store_->Commit(Set(std::move(changes)));
        if (r.ok()) {
          ++ok;
        } else if (r.status().message() == "username is already taken") {
          ++conflicts;
        } else {
          ++other;
          ADD_FAILURE() << r.status().ToString();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other, 0);
  EXPECT_EQ(conflicts, kThreads * kPerThread / 4);
  EXPECT_EQ(ok, kThreads * kPerThread * 3 / 4);
  EXPECT_EQ(VerifyChain(*store_), 1 + ok);
  EXPECT_EQ(store_->Get("user", "u-0-1").status().code(), Code::kOk);
  EXPECT_EQ(store_->Get("user", "u-0-0").status().code(), Code::kNotFound);
  EXPECT_EQ(store_->Get("user", "u-0-0-dup").status().code(), Code::kNotFound);
}

TEST_P(StoreTest, ReplayedChangeSetIsANoOp) {
  ChangeSet set = Set({Create("site", "s-1", {{"name", "Camp"}})});
  auto first = store_->Commit(set);
  ASSERT_OK(first);
  ASSERT_OK(store_->Commit(Set({Update("site", "s-1", {{"name", "Camp 2"}})})));
  auto again = store_->Commit(set);
  ASSERT_OK(again);
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->seq, first->seq);
  EXPECT_EQ(again->hash, first->hash);
  EXPECT_EQ(again->versions, std::vector<int64_t>{2});  // the current version
  EXPECT_EQ(HeadOrDie().first, 2);
  EXPECT_EQ(store_->Get("site", "s-1")->data["name"], "Camp 2");
}

TEST_P(StoreTest, CommitBatchIsAllOrNothing) {
  std::vector<ChangeSet> good;
  for (int i = 0; i < 10; ++i) {
    good.push_back(Set({Create("site", "s-" + std::to_string(i), {{"name", "Camp"}})}));
  }
  good.push_back(Set({Update("site", "s-3", {{"name", "Camp 3"}}, 1)}));
  const ChangeSet first = good.front();
  auto applied = store_->CommitBatch(good);
  ASSERT_OK(applied);
  EXPECT_EQ(*applied, 11);
  EXPECT_EQ(store_->Get("site", "s-3")->version, 2);

  // Replayed ids are skipped; one bad set rolls back the whole batch.
  std::vector<ChangeSet> mixed{first, Set({Create("site", "t-1", {{"name", "New"}})}),
                               Set({Update("site", "nope", {{"name", "x"}})})};
  auto failed = store_->CommitBatch(mixed);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), Code::kNotFound);
  EXPECT_EQ(store_->Get("site", "t-1").status().code(), Code::kNotFound);
  mixed.pop_back();
  applied = store_->CommitBatch(mixed);
  ASSERT_OK(applied);
  EXPECT_EQ(*applied, 1);
  EXPECT_EQ(VerifyChain(*store_), 12);
}

TEST_P(StoreTest, ListFiltersSearchesAndPages) {
  std::vector<ChangeSet> sets;
  for (int i = 0; i < 25; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "site-%02d", i);
    sets.push_back(Set({Create("site", id,
                               {{"organization_id", i % 2 == 0 ? "org-even" : "org-odd"},
                                {"name", "Camp " + std::to_string(i) + (i == 7 ? " 100%_\\" : "")},
                                {"active", i % 5 != 0}})}));
  }
  ASSERT_OK(store_->CommitBatch(sets));

  auto even = store_->List({.kind = "site", .equals = {{"organization_id", "org-even"}}, .limit = 100});
  ASSERT_OK(even);
  EXPECT_EQ(even->items.size(), 13u);
  EXPECT_FALSE(even->has_more);
  for (const Record& r : even->items) EXPECT_EQ(r.data["organization_id"], "org-even");

  auto inactive_even = store_->List(
      {.kind = "site", .equals = {{"organization_id", "org-even"}, {"active", false}}, .limit = 100});
  ASSERT_OK(inactive_even);
  EXPECT_EQ(inactive_even->items.size(), 3u);  // 0, 10, 20

  auto search = store_->List({.kind = "site", .contains = "CAMP 1", .limit = 100});
  ASSERT_OK(search);
  EXPECT_EQ(search->items.size(), 11u);  // 1, 10..19
  auto wildcard = store_->List({.kind = "site", .contains = "0%_\\", .limit = 100});
  ASSERT_OK(wildcard);
  ASSERT_EQ(wildcard->items.size(), 1u);
  EXPECT_EQ(wildcard->items[0].id, "site-07");
  auto percent = store_->List({.kind = "site", .contains = "%", .limit = 100});
  ASSERT_OK(percent);
  EXPECT_EQ(percent->items.size(), 1u);

  // Cursor paging visits every record once, in id order.
  std::vector<std::string> seen;
  ListQuery page_query{.kind = "site", .limit = 10};
  for (int pages = 0;; ++pages) {
    ASSERT_LT(pages, 5);
    auto page = store_->List(page_query);
    ASSERT_OK(page);
    for (const Record& r : page->items) seen.push_back(r.id);
    if (!page->has_more) break;
    EXPECT_EQ(page->items.size(), 10u);
    page_query.after_id = page->items.back().id;
  }
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.front(), "site-00");

  auto unknown = store_->List({.kind = "site", .equals = {{"colour", "red"}}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), Code::kInvalid);
  ASSERT_EQ(unknown.status().errors().size(), 1u);
  EXPECT_EQ(unknown.status().errors()[0].field, "colour");
  EXPECT_EQ(store_->List({.kind = "site", .limit = 0}).status().code(), Code::kInvalid);
  EXPECT_EQ(store_->List({.kind = "site", .limit = 1001}).status().code(), Code::kInvalid);
  EXPECT_TRUE(store_->List({.kind = "site", .limit = 1000}).ok());
  EXPECT_EQ(store_->List({.kind = "credential", .contains = "x"}).status().code(), Code::kInvalid);
}

TEST_P(StoreTest, BlindIndexTermsAreWrittenReplacedAndSearchedWithTheChange) {
  auto person = [](const char* id, std::vector<int64_t> terms, const char* birth) {
    EntityChange c = Create("person", id, {{"sex", "female"}, {"birth_date_est", birth}});
    c.local.search_terms = std::move(terms);
    return c;
  };
  ASSERT_OK(store_->Commit(Set({person("p-1", {11, 12, -5}, "1990-01-01")})));
  ASSERT_OK(store_->Commit(Set({person("p-2", {11, 13}, "2010-06-30")})));
  ASSERT_OK(store_->Commit(Set({person("p-3", {14}, "1950-03-03")})));
  auto ids = [&](ListQuery q) {
    q.kind = "person";
    std::vector<std::string> out;
    auto page = store_->List(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (page.ok()) {
      for (const Record& r : page->items) out.push_back(r.id);
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids({.terms = {{11}}}), (V{"p-1", "p-2"}));
  EXPECT_EQ(ids({.terms = {{11}, {12}}}), (V{"p-1"}));          // every list must match
  EXPECT_EQ(ids({.terms = {{12, 13}}}), (V{"p-1", "p-2"}));     // any alternative within a list
  EXPECT_EQ(ids({.terms = {{-5}}}), (V{"p-1"}));
  EXPECT_EQ(ids({.terms = {{99}}}), V{});
  EXPECT_EQ(ids({.terms = {{11}}, .after_id = "p-1"}), (V{"p-2"}));
  // Ranges on typed columns, inclusive, either end open.
  EXPECT_EQ(ids({.ranges = {{"birth_date_est", "1990-01-01", "2010-06-30"}}}), (V{"p-1", "p-2"}));
  EXPECT_EQ(ids({.ranges = {{"birth_date_est", nullptr, "1989-12-31"}}}), (V{"p-3"}));
  EXPECT_EQ(ids({.ranges = {{"birth_date_est", "2000-01-01", nullptr}}, .terms = {{11}}}), (V{"p-2"}));
  EXPECT_EQ(ids({.not_equals = {{"birth_date_est", "1990-01-01"}}}), (V{"p-2", "p-3"}));
  EXPECT_EQ(ids({.not_equals = {{"birth_date_est", "1990-01-01"}}, .terms = {{11}}}), (V{"p-2"}));
  EXPECT_EQ(store_->List({.kind = "person", .not_equals = {{"colour", "red"}}}).status().code(), Code::kInvalid);
  EXPECT_EQ(store_->List({.kind = "person", .ranges = {{"colour", "a", nullptr}}}).status().code(), Code::kInvalid);
  EXPECT_EQ(store_->List({.kind = "person", .terms = {{}}}).status().code(), Code::kInvalid);

  // An update with terms replaces them; one without leaves them; an empty list removes them.
  EntityChange rename = Update("person", "p-1", {{"sex", "female"}});
  rename.local.search_terms = std::vector<int64_t>{20};
  ASSERT_OK(store_->Commit(Set({rename})));
  EXPECT_EQ(ids({.terms = {{11}}}), (V{"p-2"}));
  EXPECT_EQ(ids({.terms = {{20}}}), (V{"p-1"}));
  ASSERT_OK(store_->Commit(Set({Update("person", "p-1", {{"status", "moved"}})})));
  EXPECT_EQ(ids({.terms = {{20}}}), (V{"p-1"}));
  EntityChange clear = Update("person", "p-1", {{"status", "erased"}});
  clear.local.search_terms = std::vector<int64_t>{};
  ASSERT_OK(store_->Commit(Set({clear})));
  EXPECT_EQ(ids({.terms = {{20}}}), V{});

  // A change set that fails leaves no terms behind.
  EntityChange dup = person("p-2", {77}, "2000-01-01");
  EXPECT_FALSE(store_->Commit(Set({person("p-9", {77}, "2000-01-01"), dup})).ok());
  EXPECT_EQ(ids({.terms = {{77}}}), V{});

  // Rebuilding the index replaces each named entity's terms and leaves the others, and the log.
  auto head = store_->Head();
  ASSERT_TRUE(head.ok());
  ASSERT_OK(store_->ReplaceTerms("person", {{"p-2", {30, 31}}, {"p-3", {}}}));
  EXPECT_EQ(ids({.terms = {{11}}}), V{});
  EXPECT_EQ(ids({.terms = {{14}}}), V{});
  EXPECT_EQ(ids({.terms = {{30}, {31}}}), (V{"p-2"}));
  auto after = store_->Head();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, *head);
  EXPECT_EQ(store_->ReplaceTerms("colour", {{"p-2", {1}}}).code(), Code::kInvalid);
}

TEST_P(StoreTest, RecordKeysAreStoredWithTheChangeAndDestroyedOnRequest) {
  EntityChange a = Create("person", "p-1", {{"sex", "male"}});
  a.local.record_key = "wrapped-1";
  EntityChange b = Create("person", "p-2", {{"sex", "male"}});
  b.local.record_key = "wrapped-2";
  ASSERT_OK(store_->Commit(Set({a, b, Create("person", "p-3", {{"sex", "male"}})})));
  std::vector<std::string> many;
  for (int i = 0; i < 150; ++i) many.push_back("p-" + std::to_string(i));  // more than one query's worth
  auto keys = store_->GetRecordKeys("person", many);
  ASSERT_OK(keys);
  EXPECT_EQ(*keys, (std::map<std::string, std::string>{{"p-1", "wrapped-1"}, {"p-2", "wrapped-2"}}));
  EXPECT_TRUE(store_->GetRecordKeys("consent", {"p-1"})->empty());

  EntityChange destroy = Update("person", "p-1", {{"status", "erased"}});
  destroy.local.record_key = "";
  ASSERT_OK(store_->Commit(Set({destroy})));
  keys = store_->GetRecordKeys("person", {"p-1", "p-2"});
  ASSERT_OK(keys);
  EXPECT_EQ(*keys, (std::map<std::string, std::string>{{"p-2", "wrapped-2"}}));
  // The key never enters the log.
  auto log = store_->ReadLog(0, 100);
  ASSERT_OK(log);
  for (const StoredEntry& e : *log) EXPECT_EQ(e.body.find("wrapped-"), std::string::npos) << e.body;
}

TEST_P(StoreTest, AccessLogAndCounters) {
  ASSERT_OK(store_->AppendAccess({100, "u-1", "person", "p-1", "view", "sealed-reason"}));
  ASSERT_OK(store_->AppendAccess({200, "u-2", "person", "p-2", "view", ""}));
  ASSERT_OK(store_->AppendAccess({300, "u-2", "person", "p-1", "export", ""}));
  auto reads = store_->ListAccess("person", "p-1", 10);
  ASSERT_OK(reads);
  ASSERT_EQ(reads->size(), 2u);
  EXPECT_EQ((*reads)[0].user_id, "u-1");
  EXPECT_EQ((*reads)[0].detail, "sealed-reason");
  EXPECT_EQ((*reads)[1].action, "export");
  EXPECT_EQ((*reads)[1].at_ms, 300);
  EXPECT_EQ(store_->ListAccess("person", "p-1", 1)->size(), 1u);
  // Many at once (more than one statement's worth), in order, beside the earlier ones.
  std::vector<AccessEntry> many;
  for (int i = 0; i < 250; ++i) {
    many.push_back({400 + i, "u-3", "person", i % 2 == 0 ? "p-1" : "p-3", "export_identified", "detail " + std::to_string(i)});
  }
  ASSERT_OK(store_->AppendAccesses(many));
  ASSERT_OK(store_->AppendAccesses({}));
  reads = store_->ListAccess("person", "p-1", 1000);
  ASSERT_OK(reads);
  ASSERT_EQ(reads->size(), 2u + 125u);
  EXPECT_EQ((*reads)[2].detail, "detail 0");
  EXPECT_EQ(reads->back().detail, "detail 248");
  EXPECT_EQ(reads->back().at_ms, 648);
  EXPECT_EQ(store_->ListAccess("person", "p-3", 1000)->size(), 125u);

  EXPECT_EQ(*store_->NextCounter("person_code:site-1", 1), 1);
  EXPECT_EQ(*store_->NextCounter("person_code:site-1", 1), 2);
  EXPECT_EQ(*store_->NextCounter("person_code:site-2", 1), 1);
  // Many threads never get the same number.
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<int64_t> seen;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto n = store_->NextCounter("c", 1);
        ASSERT_TRUE(n.ok());
        std::lock_guard lock(mu);
        EXPECT_TRUE(seen.insert(*n).second) << *n;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(*seen.rbegin(), 100);
  // A block: the caller owns 101..150.
  EXPECT_EQ(*store_->NextCounter("c", 50), 150);
  EXPECT_EQ(*store_->NextCounter("c", 1), 151);
  EXPECT_EQ(store_->NextCounter("c", 0).status().code(), Code::kInvalid);
}

TEST_P(StoreTest, HistoryListsTheEntriesOfOneEntity) {
  ASSERT_OK(store_->Commit(Set({Create("site", "s-1", {{"name", "A"}})})));
  ASSERT_OK(store_->Commit(Set({Create("site", "s-2", {{"name", "Other"}})})));
  ASSERT_OK(store_->Commit(Set({Update("site", "s-1", {{"name", "B"}}), Update("site", "s-1", {{"admin1", "Duhok"}})})));
  ASSERT_OK(store_->Commit(Set({Update("site", "s-1", {{"name", "C"}})})));
  auto history = store_->History("site", "s-1", 0, 10);
  ASSERT_OK(history);
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].seq, 1);
  EXPECT_EQ((*history)[1].seq, 3);
  EXPECT_EQ((*history)[2].seq, 4);
  EXPECT_EQ((*history)[1].set.changes.size(), 2u);
  EXPECT_EQ((*history)[2].set.changes[0].patch, Json({{"name", "C"}}));
  EXPECT_EQ((*history)[2].set.actor, "actor-1");
  auto later = store_->History("site", "s-1", 1, 1);
  ASSERT_OK(later);
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].seq, 3);
  EXPECT_TRUE(store_->History("site", "nope", 0, 10)->empty());
}

TEST_P(StoreTest, TheLogIndexNamesEveryRecordEachEntryChangedAndEntriesTheirActor) {
  ASSERT_OK(store_->Commit(Set({Create("site", "s-1", {{"name", "A"}}), Create("organization", "o-1", {{"name", "O"}})})));
  ChangeSet second = Set({Update("site", "s-1", {{"name", "B"}}), Update("site", "s-1", {{"admin1", "Jonglei"}})});
  second.actor = "actor-2";
  ASSERT_OK(store_->Commit(second));
  ASSERT_OK(store_->Commit(Set({})));
  std::set<std::tuple<std::string, std::string, int64_t>> index;
  ASSERT_OK(store_->ScanLogIndex([&](std::string_view kind, std::string_view id, int64_t seq) {
    EXPECT_TRUE(index.emplace(std::string(kind), std::string(id), seq).second) << kind << "/" << id << " twice at " << seq;
  }));
  // A record changed twice by one entry is named once for it; an entry with no change has none.
  EXPECT_EQ(index, (std::set<std::tuple<std::string, std::string, int64_t>>{
                       {"site", "s-1", 1}, {"organization", "o-1", 1}, {"site", "s-1", 2}}));
  auto log = store_->ReadLog(0, 10);
  ASSERT_OK(log);
  ASSERT_EQ(log->size(), 3u);
  EXPECT_EQ((*log)[0].actor, "actor-1");
  EXPECT_EQ((*log)[1].actor, "actor-2");
}

TEST_P(StoreTest, LoggedBodyIsTheCanonicalBody) {
  // The store writes the body from the patches it has already serialised; it must stay byte for
  // byte what CanonicalBody gives, for any text.
  std::vector<ChangeSet> sets;
  sets.push_back(Set({Create("site", "s-1", {{"name", "Camp \"Ā\" \\ \t\n\x01 ✓"}, {"admin1", "Dühok"},
                                             {"active", true}, {"rank", 1.5}, {"n", -3},
                                             {"tags", {"a", nullptr, {{"z", 1}, {"a", 2}}}}}),
                      Create("site", "s-2", {{"name", "With null"}, {"type", nullptr}}),
                      Create("organization", "o-ü", Json::object())}));
  sets.push_back(Set({Update("site", "s-1", {{"name", "Camp 2"}, {"admin1", nullptr}}),
                      Update("site", "s-2", {{"type", "camp"}})}));
  ChangeSet odd = Set({Create("site", "s-3", {{"name", "x"}})});
  odd.actor = "act\"or";
  odd.node = "nöde\x7f";
  sets.push_back(odd);
  sets.push_back(Set({}));
  for (const ChangeSet& set : sets) ASSERT_OK(store_->Commit(set));

  auto log = store_->ReadLog(0, 10);
  ASSERT_OK(log);
  ASSERT_EQ(log->size(), sets.size());
  std::string prev(kGenesisHash);
  for (size_t i = 0; i < sets.size(); ++i) {
    const StoredEntry& e = (*log)[i];
    EXPECT_EQ(e.body, CanonicalBody(e.seq, sets[i], prev)) << "entry " << e.seq;
    EXPECT_EQ(e.hash, EntryHash(e.body));
    prev = e.hash;
  }
  EXPECT_EQ(store_->Get("site", "s-2")->data, Json({{"name", "With null"}, {"type", "camp"}}));
  EXPECT_FALSE(store_->Get("site", "s-1")->data.contains("admin1"));
  EXPECT_EQ(store_->Get("site", "s-1")->data["tags"], Json({"a", nullptr, {{"z", 1}, {"a", 2}}}));
  EXPECT_EQ(VerifyChain(*store_), static_cast<int64_t>(sets.size()));
}

TEST_P(StoreTest, TextThatIsNotUtf8IsInvalidAndWritesNothing) {
  for (ChangeSet set : {Set({Create("site", "s-1", {{"name", "bad \xff"}})}),
                        Set({Create("site", "s-1", {{"name", "ok"}, {"bad \xfe", nullptr}})}),
                        Set({Create("site", "s-\xc3", {{"name", "ok"}})})}) {
    auto r = store_->Commit(set);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kInvalid) << r.status().ToString();
    EXPECT_EQ(HeadOrDie().first, 0);
  }
  ChangeSet set = Set({Create("site", "s-1", {{"name", "ok"}})});
  set.actor = "\xe2\x82";
  EXPECT_EQ(store_->Commit(set).status().code(), Code::kInvalid);
  EXPECT_EQ(store_->Get("site", "s-1").status().code(), Code::kNotFound);
}

TEST_P(StoreTest, TextWithANulIsRefusedOnEveryBackend) {
  auto r = store_->Commit(Set({Create("site", std::string("s-\0x", 4), {{"name", "ok"}})}));
  EXPECT_EQ(r.status().code(), Code::kInvalid) << r.status().ToString();
  EXPECT_EQ(HeadOrDie().first, 0);
  // A typed column holds the text itself: refused too.
  EXPECT_EQ(store_->Commit(Set({Create("site", "s-2", {{"name", std::string("a\0b", 3)}})})).status().code(),
            Code::kInvalid);
  // Inside the JSON data alone a NUL is escaped as \u0000 and kept faithfully.
  ASSERT_OK(store_->Commit(Set({Create("site", "s-3", {{"notes", std::string("a\0b", 3)}})})));
  EXPECT_EQ(store_->Get("site", "s-3")->data["notes"], std::string("a\0b", 3));
}

TEST_P(StoreTest, HistoryFindsEveryEntityOfALargeChangeSet) {
  // Enough changes to use each size of the multi-row change_entity insert.
  std::vector<EntityChange> changes;
  for (int i = 0; i < 87; ++i) {
    changes.push_back(Create("site", "s-" + std::to_string(i), {{"name", "Camp"}}));
  }
  changes.push_back(Update("site", "s-5", {{"name", "Again"}}));  // one entity twice in a set
  auto receipt = store_->Commit(Set(changes));
  ASSERT_OK(receipt);
  EXPECT_EQ(receipt->versions.size(), 88u);
  EXPECT_EQ(receipt->versions.back(), 2);
  for (int i = 0; i < 87; ++i) {
    auto history = store_->History("site", "s-" + std::to_string(i), 0, 10);
    ASSERT_OK(history);
    ASSERT_EQ(history->size(), 1u) << i;
    EXPECT_EQ((*history)[0].seq, 1);
  }
  EXPECT_EQ(store_->Get("site", "s-5")->data["name"], "Again");
}

TEST_P(StoreTest, ConcurrentCommitsKeepOneIntactChain) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = store_->Commit(
            Set({Create("programme", "p-" + std::to_string(t) + "-" + std::to_string(i),
                        {{"name", "Programme"}, {"active", true}})}));
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  auto log = store_->ReadLog(0, 10000);
  ASSERT_OK(log);
  ASSERT_EQ(log->size(), static_cast<size_t>(kThreads * kPerThread));
  for (size_t i = 0; i < log->size(); ++i) EXPECT_EQ((*log)[i].seq, static_cast<int64_t>(i + 1));
  EXPECT_EQ(VerifyChain(*store_), kThreads * kPerThread);
  EXPECT_EQ(store_->ReadLog(395, 3)->size(), 3u);
}

TEST_P(StoreTest, TwoStoresOnOneDatabaseNeverForkTheChain) {
  auto other = Open();
  ASSERT_NE(other, nullptr);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 2 * kThreads; ++t) {
    Store* store = t % 2 == 0 ? store_.get() : other.get();
    threads.emplace_back([&, store, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = store->Commit(Set(
            {Create("site", "s-" + std::to_string(t) + "-" + std::to_string(i), {{"name", "S"}})}));
        if (!r.ok()) {
          ++failures;
          ADD_FAILURE() << r.status().ToString();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(VerifyChain(*store_), 2 * kThreads * kPerThread);
  EXPECT_EQ(VerifyChain(*other), 2 * kThreads * kPerThread);
  other->Close();
}

TEST_P(StoreTest, SessionsCanBeStoredFoundAndDeleted) {
  ASSERT_OK(store_->PutSession({"h1", "u-1", 100, 1000, "csrf-1"}));
  ASSERT_OK(store_->PutSession({"h2", "u-1", 100, 5000, "csrf-2"}));
  ASSERT_OK(store_->PutSession({"h3", "u-2", 100, 500, "csrf-3"}));
  auto s = store_->GetSession("h1");
  ASSERT_OK(s);
  EXPECT_EQ(s->user_id, "u-1");
  EXPECT_EQ(s->created_ms, 100);
  EXPECT_EQ(s->expires_ms, 1000);
  EXPECT_EQ(s->csrf_token, "csrf-1");
  EXPECT_EQ(store_->GetSession("nope").status().code(), Code::kNotFound);

  ASSERT_OK(store_->PutSession({"h1", "u-1", 100, 2000, "csrf-1b"}));  // refresh
  EXPECT_EQ(store_->GetSession("h1")->expires_ms, 2000);

  ASSERT_OK(store_->DeleteExpiredSessions(1000));  // h3 expired at 500
  EXPECT_EQ(store_->GetSession("h3").status().code(), Code::kNotFound);
  EXPECT_TRUE(store_->GetSession("h1").ok());
  ASSERT_OK(store_->DeleteSession("h1"));
  EXPECT_EQ(store_->GetSession("h1").status().code(), Code::kNotFound);
  ASSERT_OK(store_->PutSession({"h4", "u-1", 100, 5000, "csrf-4"}));
  ASSERT_OK(store_->DeleteUserSessions("u-1"));
  EXPECT_EQ(store_->GetSession("h2").status().code(), Code::kNotFound);
  EXPECT_EQ(store_->GetSession("h4").status().code(), Code::kNotFound);
  EXPECT_EQ(HeadOrDie().first, 0);  // node-local: never in the change log
}

TEST_P(StoreTest, IdempotentResponseIsStoredOnce) {
  auto absent = store_->GetIdempotent("k1", "u-1");
  ASSERT_OK(absent);
  EXPECT_FALSE(absent->has_value());
  IdempotentResponse first{"k1", "u-1", "POST /x {}", 201, "{\"id\":1}", "/x/1", 42};
  auto stored = store_->PutIdempotent(first);
  ASSERT_OK(stored);
  EXPECT_EQ(stored->body, first.body);
  IdempotentResponse second = first;
  second.status = 500;
  second.body = "other";
  stored = store_->PutIdempotent(second);
  ASSERT_OK(stored);
  EXPECT_EQ(stored->status, 201);
  EXPECT_EQ(stored->body, "{\"id\":1}");
  EXPECT_EQ(stored->location, "/x/1");
  EXPECT_EQ(stored->created_ms, 42);
  auto got = store_->GetIdempotent("k1", "u-1");
  ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->request_hash, "POST /x {}");
  // Keys are scoped to the user.
  EXPECT_FALSE(store_->GetIdempotent("k1", "u-2")->has_value());
  second.user_id = "u-2";
  EXPECT_EQ(store_->PutIdempotent(second)->status, 500);
}

TEST_P(StoreTest, IdempotencyReservationIsFinishedForgottenOrExpired) {
  IdempotentResponse pending{"k2", "u-1", "POST /x {}", 0, "pending:abc", "", 100};
  ASSERT_OK(store_->PutIdempotent(pending));
  IdempotentResponse done = pending;
  done.status = 201;
  done.body = "{\"id\":2}";
  done.location = "/x/2";
  ASSERT_OK(store_->FinishIdempotent(done));
  auto got = store_->GetIdempotent("k2", "u-1");
  ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->status, 201);
  EXPECT_EQ((*got)->body, "{\"id\":2}");
  EXPECT_EQ((*got)->location, "/x/2");
  EXPECT_EQ((*got)->created_ms, 100);

  ASSERT_OK(store_->PutIdempotent({"k3", "u-1", "h", 0, "pending:def", "", 100}));
  ASSERT_OK(store_->DeleteIdempotent("k3", "u-1"));
  EXPECT_FALSE(store_->GetIdempotent("k3", "u-1")->has_value());

  ASSERT_OK(store_->PutIdempotent({"k4", "u-1", "h", 201, "{}", "", 500}));
  ASSERT_OK(store_->DeleteIdempotentBefore(300));
  EXPECT_FALSE(store_->GetIdempotent("k2", "u-1")->has_value());
  EXPECT_TRUE(store_->GetIdempotent("k4", "u-1")->has_value());
}

TEST_P(StoreTest, MetaValuesCanBeReadAndReplaced) {
  auto absent = store_->GetMeta("node_id");
  ASSERT_OK(absent);
  EXPECT_FALSE(absent->has_value());
  ASSERT_OK(store_->PutMeta("node_id", "n-1"));
  EXPECT_EQ(store_->GetMeta("node_id")->value_or(""), "n-1");
  ASSERT_OK(store_->PutMeta("node_id", "n-2"));
  EXPECT_EQ(store_->GetMeta("node_id")->value_or(""), "n-2");
}

TEST_P(StoreTest, ReopeningKeepsDataAndSchemaVersion) {
  auto version = store_->SchemaVersion();
  ASSERT_OK(version);
  EXPECT_GE(*version, 1);
  for (int i = 0; i < 20; ++i) {
    ASSERT_OK(store_->Commit(Set({Create("site", "s-" + std::to_string(i), {{"name", "x"}})})));
  }
  ASSERT_OK(store_->PutMeta("k", "v"));
  const auto head = HeadOrDie();
  store_->Close();
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(*store_->SchemaVersion(), *version);
  EXPECT_EQ(HeadOrDie(), head);
  EXPECT_TRUE(store_->Get("site", "s-19").ok());
  EXPECT_EQ(store_->GetMeta("k")->value_or(""), "v");
  EXPECT_EQ(VerifyChain(*store_), 20);
  // The chain continues from the stored head.
  ASSERT_OK(store_->Commit(Set({Create("site", "s-20", {{"name", "x"}})})));
  EXPECT_EQ(VerifyChain(*store_), 21);
}

TEST_P(StoreTest, CallsAfterCloseAreUnavailable) {
  ASSERT_OK(store_->Commit(Set({Create("site", "s-1", {{"name", "x"}})})));
  store_->Close();
  store_->Close();  // idempotent
  EXPECT_EQ(store_->Commit(Set({Create("site", "s-2", {{"name", "x"}})})).status().code(),
            Code::kUnavailable);
  EXPECT_EQ(store_->Get("site", "s-1").status().code(), Code::kUnavailable);
  EXPECT_EQ(store_->PutMeta("k", "v").code(), Code::kUnavailable);
  EXPECT_EQ(store_->Head().status().code(), Code::kUnavailable);
}

TEST_P(StoreTest, EveryRegistryColumnExistsInTheDatabase) {
  auto* sql = dynamic_cast<store_internal::SqlStore*>(store_.get());
  ASSERT_NE(sql, nullptr);
  for (const EntityTable& table : EntityTables()) {
    auto columns = sql->TableColumns(table.table);
    ASSERT_OK(columns);
    std::set<std::string> have(columns->begin(), columns->end());
    std::vector<std::string> want{"id", "version", "created_ms", "updated_ms", "data"};
    for (const Column& c : table.columns) want.push_back(c.field);
    for (const std::string& w : want) EXPECT_TRUE(have.count(w)) << table.table << "." << w;
    EXPECT_EQ(have.size(), want.size()) << table.table << " has columns the registry lacks";
    for (const ElementTable& elements : table.elements) {
      auto element_columns = sql->TableColumns(elements.table);
      ASSERT_OK(element_columns);
      std::set<std::string> got(element_columns->begin(), element_columns->end());
      std::set<std::string> expected{"entity_id", "position"};
      for (const Column& c : elements.columns) expected.insert(c.field);
      EXPECT_EQ(got, expected) << elements.table;
    }
  }
}

std::vector<std::string> Ids(const Result<RecordPage>& page) {
  std::vector<std::string> ids;
  if (page.ok()) {
    for (const Record& r : page->items) ids.push_back(r.id);
  }
  return ids;
}

TEST_P(StoreTest, ElementRowsFollowTheArrayField) {
  auto attended = [&](const std::string& person) {
    return Ids(store_->List({.kind = "attendance",
                             .elements = {{"attendance", "person_id", person}},
                             .limit = 100}));
  };
  auto present = [](const char* person, bool here) { return Json{{"person_id", person}, {"present", here}}; };
  ASSERT_OK(store_->Commit(Set({Create("attendance", "ses-1", {{"date", "2016-03-01"}, {"attendance", {present("p-1", true), present("p-2", false)}}}),
                                Create("attendance", "ses-2", {{"date", "2016-03-08"}, {"attendance", {present("p-2", true)}}}),
                                Create("attendance", "ses-3", {{"date", "2016-03-15"}})})));
  EXPECT_EQ(attended("p-1"), (std::vector<std::string>{"ses-1"}));
  EXPECT_EQ(attended("p-2"), (std::vector<std::string>{"ses-1", "ses-2"}));
  EXPECT_TRUE(attended("p-3").empty());
  // The rows read back typed, in (entity, position) order, page by page.
  auto rows = store_->ListElements("attendance", "attendance", "", -1, 2);
  ASSERT_OK(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].entity_id, "ses-1");
  EXPECT_EQ((*rows)[0].position, 0);
  EXPECT_EQ((*rows)[0].values, (Json{{"person_id", "p-1"}, {"participant_id", nullptr}, {"present", true}}));
  EXPECT_EQ((*rows)[1].values["present"], false);
  auto rest = store_->ListElements("attendance", "attendance", "ses-1", 1, 10);
  ASSERT_OK(rest);
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].entity_id, "ses-2");
  EXPECT_EQ(store_->ListElements("attendance", "notes", "", -1, 10).status().code(), Code::kInvalid);
  // Present only: an element match on two columns is two matches on the same array.
  auto here = store_->List({.kind = "attendance",
                            .elements = {{"attendance", "present", true}, {"attendance", "person_id", "p-2"}}});
  EXPECT_EQ(Ids(here), (std::vector<std::string>{"ses-1", "ses-2"}));  // ses-1 has p-1 present

  // A change that leaves the array alone leaves its rows alone; one that sets it replaces them.
  ASSERT_OK(store_->Commit(Set({Update("attendance", "ses-1", {{"date", "2016-03-02"}})})));
  EXPECT_EQ(attended("p-1"), (std::vector<std::string>{"ses-1"}));
  ASSERT_OK(store_->Commit(Set({Update("attendance", "ses-1", {{"attendance", {present("p-3", true)}}}),
                                Update("attendance", "ses-3", {{"attendance", {present("p-1", true), Json{{"participant_id", "t-1"}}}}})})));
  EXPECT_EQ(attended("p-1"), (std::vector<std::string>{"ses-3"}));
  EXPECT_EQ(attended("p-2"), (std::vector<std::string>{"ses-2"}));
  EXPECT_EQ(attended("p-3"), (std::vector<std::string>{"ses-1"}));
  EXPECT_EQ(Ids(store_->List({.kind = "attendance", .elements = {{"attendance", "participant_id", "t-1"}}})),
            (std::vector<std::string>{"ses-3"}));
  // Removing the field removes its rows.
  ASSERT_OK(store_->Commit(Set({Update("attendance", "ses-2", {{"attendance", nullptr}})})));
  EXPECT_TRUE(attended("p-2").empty());
  // A failed change set leaves no rows behind.
  EXPECT_FALSE(store_->Commit(Set({Create("attendance", "ses-4", {{"attendance", {present("p-9", true)}}}),
                                   Create("attendance", "ses-1", {})}))
                   .ok());
  EXPECT_TRUE(attended("p-9").empty());
  // A long list takes several statements; every entry gets its row.
  Json many = Json::array();
  for (int i = 0; i < 75; ++i) many.push_back(present(("m-" + std::to_string(i)).c_str(), i % 2 == 0));
  ASSERT_OK(store_->Commit(Set({Create("attendance", "ses-5", {{"attendance", many}})})));
  for (int i : {0, 31, 32, 33, 64, 74}) EXPECT_EQ(attended("m-" + std::to_string(i)), (std::vector<std::string>{"ses-5"})) << i;

  EXPECT_EQ(store_->List({.kind = "attendance", .elements = {{"notes", "person_id", "p-1"}}}).status().code(), Code::kInvalid);
  EXPECT_EQ(store_->List({.kind = "attendance", .elements = {{"attendance", "name", "p-1"}}}).status().code(), Code::kInvalid);
  EXPECT_EQ(store_->List({.kind = "attendance", .elements = {{"attendance", "person_id", nullptr}}}).status().code(), Code::kInvalid);
}

TEST_P(StoreTest, ScanReadsTypedColumnsAndElementsInBulk) {
  auto present = [](const char* person, bool here) { return Json{{"person_id", person}, {"present", here}}; };
  ASSERT_OK(store_->Commit(Set({Create("attendance", "ses-1", {{"programme_id", "pr-1"}, {"activity_id", "a-1"}, {"date", "2016-03-01"},
                                                               {"attendance", {present("p-1", true), present("p-2", false)}}}),
                                Create("attendance", "ses-2", {{"programme_id", "pr-1"}, {"activity_id", "a-2"}, {"date", "2016-04-01"},
                                                               {"attendance", {present("p-2", true)}}}),
                                Create("attendance", "ses-3", {{"programme_id", "pr-2"}, {"date", "2016-03-15"},
                                                               {"attendance", {present("p-3", true)}}}),
                                Create("person", "p-1", {{"programme_id", "pr-1"}, {"sex", "female"}, {"disability", true}}),
                                Create("person", "p-2", {{"programme_id", "pr-1"}, {"sex", "male"}, {"disability", false}}),
                                Create("person", "p-3", {{"programme_id", "pr-1"}})})));
  auto scan = [&](const ScanQuery& q) {
    std::multiset<std::string> rows;
    Status st = store_->Scan(q, [&](ScanRow row) {
      std::string line;
      for (const std::optional<std::string_view>& cell : row) line += (line.empty() ? "" : "|") + std::string(cell.value_or("null"));
      rows.insert(line);
    });
    EXPECT_TRUE(st.ok()) << st.message();
    return rows;
  };
  // Records: typed columns, booleans as 1 and 0, nulls as null.
  EXPECT_EQ(scan({.kind = "person", .equals = {{"programme_id", "pr-1"}}, .columns = {"id", "sex", "disability"}}),
            (std::multiset<std::string>{"p-1|female|1", "p-2|male|0", "p-3|null|null"}));
  // Elements beside their record's columns, filtered on the record.
  EXPECT_EQ(scan({.kind = "attendance",
                  .equals = {{"programme_id", "pr-1"}},
                  .ranges = {{"date", "2016-03-01", "2016-03-31"}},
                  .columns = {"activity_id", "date"},
                  .element = "attendance",
                  .element_columns = {"person_id", "present"}}),
            (std::multiset<std::string>{"a-1|2016-03-01|p-1|1", "a-1|2016-03-01|p-2|0"}));
  EXPECT_EQ(scan({.kind = "attendance", .equals = {{"programme_id", "pr-1"}}, .columns = {"id"}, .element = "attendance",
                  .element_columns = {"person_id"}})
                .size(),
            3u);
  // One record by id, still filtered on the rest.
  EXPECT_EQ(scan({.kind = "attendance", .equals = {{"id", "ses-2"}, {"programme_id", "pr-1"}}, .columns = {"activity_id"},
                  .element = "attendance", .element_columns = {"person_id"}}),
            (std::multiset<std::string>{"a-2|p-2"}));
  EXPECT_TRUE(scan({.kind = "person", .equals = {{"id", "p-3"}, {"programme_id", "pr-2"}}, .columns = {"id"}}).empty());
  // The version and the data as stored: the text a Get parses, without parsing it.
  ASSERT_OK(store_->Commit(Set({Update("person", "p-2", {{"sex", "female"}})}, kWallMs + 5000)));
  EXPECT_EQ(scan({.kind = "person", .equals = {{"id", "p-2"}}, .columns = {"id", "version", "data"}}),
            (std::multiset<std::string>{"p-2|2|" + store_->Get("person", "p-2")->data.dump()}));
  // And when it was made and last changed (the wall times of those change sets).
  const Record p2 = store_->Get("person", "p-2").value();
  ASSERT_NE(p2.created_ms, p2.updated_ms);
  EXPECT_EQ(scan({.kind = "person", .equals = {{"id", "p-2"}}, .columns = {"created_ms", "updated_ms"}}),
            (std::multiset<std::string>{std::to_string(p2.created_ms) + "|" + std::to_string(p2.updated_ms)}));
  auto refused = [&](const ScanQuery& q) { return store_->Scan(q, [](ScanRow) {}).code(); };
  EXPECT_EQ(refused({.kind = "nothing", .columns = {"id"}}), Code::kInvalid);
  EXPECT_EQ(refused({.kind = "person", .columns = {"colour"}}), Code::kInvalid);
  EXPECT_EQ(refused({.kind = "person", .equals = {{"name", "x"}}, .columns = {"id"}}), Code::kInvalid);
  EXPECT_EQ(refused({.kind = "person", .columns = {}}), Code::kInvalid);
  EXPECT_EQ(refused({.kind = "person", .equals = {{"id", 7}}, .columns = {"id"}}), Code::kInvalid);
  EXPECT_EQ(refused({.kind = "attendance", .columns = {"id"}, .element = "notes", .element_columns = {"person_id"}}), Code::kInvalid);
  EXPECT_EQ(refused({.kind = "attendance", .columns = {"id"}, .element = "attendance", .element_columns = {"name"}}), Code::kInvalid);
}

TEST_P(StoreTest, OrderByAColumnPagesThroughTiesInOrder) {
  // Ids in creation order, dates not: the order must follow the dates, ties by id.
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"s-01", "2016-05-03"}, {"s-02", "2016-05-01"}, {"s-03", "2016-05-03"}, {"s-04", "2016-05-02"},
      {"s-05", "2016-05-01"}, {"s-06", "2016-05-03"}, {"s-07", "2016-06-01"}};
  std::vector<EntityChange> creates;
  for (const auto& [id, date] : rows) creates.push_back(Create("session", id, {{"programme_id", "pr-1"}, {"date", date}}));
  creates.push_back(Create("session", "s-08", {{"programme_id", "pr-1"}}));  // no date: left out
  ASSERT_OK(store_->Commit(Set(std::move(creates))));
  const std::vector<std::string> want = {"s-02", "s-05", "s-04", "s-01", "s-03", "s-06"};
  ListQuery q{.kind = "session", .equals = {{"programme_id", "pr-1"}}, .ranges = {{"date", nullptr, "2016-05-31"}},
              .order_by = "date", .limit = 2};
  // Every page of `q` (ForEachPage: each starts from the cursor the one before ends on).
  auto pages = [&](const ListQuery& query) {
    std::vector<std::string> ids;
    int visits = 0;
    Status walked = ForEachPage(*store_, query, [&](std::vector<Record>& page) {
      ++visits;
      for (const Record& r : page) ids.push_back(r.id);
      return Status::Ok();
    });
    EXPECT_TRUE(walked.ok()) << walked.message();
    EXPECT_EQ(visits, 3);  // six records, two a page
    return ids;
  };
  EXPECT_EQ(pages(q), want);
  // Backwards, through the same pages.
  q.descending = true;
  EXPECT_EQ(pages(q), std::vector<std::string>(want.rbegin(), want.rend()));
  q.descending = false;
  q.ranges.clear();
  q.after_id.clear();
  q.after_value = nullptr;
  q.limit = 100;
  EXPECT_EQ(Ids(store_->List(q)).back(), "s-07");
  EXPECT_EQ(Ids(store_->List(q)).size(), 7u);
  // ListAll reads every page; a visitor's error stops the walk and is returned.
  q.limit = 3;
  auto all = ListAll(*store_, q);
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 7u);
  int seen = 0;
  Status stopped = ForEachRecord(*store_, q, [&](const Record&) {
    return ++seen == 4 ? Status::Conflict("enough") : Status::Ok();
  });
  EXPECT_EQ(stopped.code(), Code::kConflict);
  EXPECT_EQ(seen, 4);
  q.order_by = "notes";
  EXPECT_EQ(store_->List(q).status().code(), Code::kInvalid);
  EXPECT_EQ(ListAll(*store_, q).status().code(), Code::kInvalid);
  q.order_by = "date";
  q.after_id = "s-03";  // a cursor without its value
  EXPECT_EQ(store_->List(q).status().code(), Code::kInvalid);
}

TEST_P(StoreTest, TypedColumnsFollowTheData) {
  ASSERT_OK(store_->Commit(Set({Create("user", "u-1", {{"username", "alice"}, {"active", true}})})));
  ASSERT_OK(store_->Commit(Set({Update("user", "u-1", {{"username", "alicia"}})})));
  // The old value is free again, the new one is taken.
  ASSERT_OK(store_->Commit(Set({Create("user", "u-2", {{"username", "alice"}})})));
  auto byname = store_->List({.kind = "user", .equals = {{"username", "alicia"}}});
  ASSERT_OK(byname);
  ASSERT_EQ(byname->items.size(), 1u);
  EXPECT_EQ(byname->items[0].id, "u-1");
  // Removing a field clears its column.
  ASSERT_OK(store_->Commit(Set({Update("user", "u-1", {{"active", nullptr}})})));
  auto unset = store_->List({.kind = "user", .equals = {{"active", nullptr}}});
  ASSERT_OK(unset);
  EXPECT_EQ(unset->items.size(), 2u);
  auto active = store_->List({.kind = "user", .equals = {{"active", "true"}}});
  ASSERT_OK(active);
  EXPECT_TRUE(active->items.empty());
  EXPECT_EQ(store_->List({.kind = "user", .equals = {{"active", 3}}}).status().code(), Code::kInvalid);
}

// Migration 12: a programme's reports are found by programme, audience and status; the period and
// the narrative stay in the record's data.
TEST_P(StoreTest, ProgrammeReportsAreListedByProgrammeAudienceAndStatus) {
  const Json narrative = {{"summary", "Six streams ran all year.\nNo one was left out."}, {"from", "2016-01-01"}, {"to", "2016-12-31"}};
  auto report = [&](const char* id, const char* programme, const char* audience, const char* status) {
    Json data = narrative;
    data.update({{"organization_id", "o-1"}, {"programme_id", programme}, {"title", id}, {"audience", audience}, {"status", status}});
    return Create("programme_report", id, data);
  };
  ASSERT_OK(store_->Commit(Set({report("r-1", "p-1", "shared", "draft"), report("r-2", "p-1", "internal", "final"),
                               report("r-3", "p-2", "shared", "final")})));
  ASSERT_OK(store_->Commit(Set({Update("programme_report", "r-1", {{"status", "final"}}, 1)})));
  auto ids = [&](ListQuery q) {
    q.kind = "programme_report";
    std::vector<std::string> out;
    auto page = store_->List(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (page.ok()) {
      for (const Record& r : page->items) out.push_back(r.id);
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids({.equals = {{"programme_id", "p-1"}}}), (V{"r-1", "r-2"}));
  EXPECT_EQ(ids({.equals = {{"programme_id", "p-1"}, {"audience", "shared"}, {"status", "final"}}}), (V{"r-1"}))
      << "the status column follows the update";
  EXPECT_EQ(ids({.equals = {{"programme_id", "p-2"}, {"status", "draft"}}}), V{});
  auto r1 = store_->Get("programme_report", "r-1");
  ASSERT_OK(r1);
  EXPECT_EQ(r1->version, 2);
  EXPECT_EQ(r1->data["summary"], "Six streams ran all year.\nNo one was left out.");
  EXPECT_EQ(r1->data["from"], "2016-01-01");
}

// Migration 15: support after a handover — tools by programme and category, advising sessions by
// programme in date order; a tool's versions are its history.
TEST_P(StoreTest, SupportToolsAndAdvisingSessionsAreListedByProgramme) {
  auto tool = [&](const char* id, const char* programme, const char* category) {
    return Create("support_tool", id,
                  {{"organization_id", "o-1"}, {"programme_id", programme}, {"title", id}, {"category", category},
                   {"version", "1.0"}});
  };
  auto advising = [&](const char* id, const char* programme, const char* date) {
    return Create("advising_session", id,
                  {{"organization_id", "o-1"}, {"programme_id", programme}, {"date", date}, {"topic", id}, {"mode", "remote_call"}});
  };
  ASSERT_OK(store_->Commit(Set({tool("t-1", "p-1", "manual"), tool("t-2", "p-1", "form"), tool("t-3", "p-2", "manual"),
                               advising("a-1", "p-1", "2017-11-03"), advising("a-2", "p-1", "2017-09-14"),
                               advising("a-3", "p-2", "2017-10-05")})));
  ASSERT_OK(store_->Commit(Set({Update("support_tool", "t-1", {{"version", "1.1"}}, 1)})));
  auto ids = [&](ListQuery q) {
    std::vector<std::string> out;
    auto page = store_->List(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (page.ok()) {
      for (const Record& r : page->items) out.push_back(r.id);
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids({.kind = "support_tool", .equals = {{"programme_id", "p-1"}}}), (V{"t-1", "t-2"}));
  EXPECT_EQ(ids({.kind = "support_tool", .equals = {{"programme_id", "p-1"}, {"category", "manual"}}}), V{"t-1"});
  EXPECT_EQ(ids({.kind = "advising_session", .equals = {{"programme_id", "p-1"}}, .order_by = "date"}), (V{"a-2", "a-1"}));
  auto history = store_->History("support_tool", "t-1", 0, 10);
  ASSERT_OK(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->at(1).set.changes.at(0).patch["version"], "1.1");
}

// A fresh directory for one SQLite store, removed with what it holds at the end of the scope.
struct ScratchDir {
  std::string path;
  ScratchDir() {
    char tmpl[] = "/tmp/baton-store-test-XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) path = tmpl;
  }
  ~ScratchDir() {
    if (!path.empty()) std::filesystem::remove_all(path);
  }
};

TEST(SqliteStoreTest, DatabaseFileIsPrivate) {
  const ScratchDir dir;
  ASSERT_FALSE(dir.path.empty());
  auto store = OpenStore({"sqlite:" + dir.path + "/baton.db"});
  ASSERT_OK(store);
  ASSERT_OK((*store)->PutMeta("k", "v"));
  for (const char* name : {"/baton.db", "/baton.db-wal"}) {
    struct stat st {};
    ASSERT_EQ(::stat((dir.path + name).c_str(), &st), 0) << name;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << name;
  }
}

// The WAL is copied into the database while the store is open, off the writer's path: a large
// commit fills it, and once the copy is done the next commit starts it again from the beginning,
// cut back to 4 MiB. (Without checkpoints it would only grow.)
TEST(SqliteStoreTest, TheWalIsCheckpointedWhileTheStoreIsOpen) {
  const ScratchDir dir;
  ASSERT_FALSE(dir.path.empty());
  auto store = OpenStore({"sqlite:" + dir.path + "/baton.db"});
  ASSERT_OK(store);
  std::vector<ChangeSet> sets;
  const std::string filler(2000, 'x');
  for (int i = 0; i < 4000; ++i) {
    sets.push_back(Set({Create("site", "big-" + std::to_string(i), {{"name", "Camp " + std::to_string(i)}, {"notes", filler}})}));
  }
  ASSERT_OK((*store)->CommitBatch(std::move(sets)));
  const std::string wal = dir.path + "/baton.db-wal";
  ASSERT_GT(std::filesystem::file_size(wal), uintmax_t{8} << 20) << "the batch fills the WAL";
  bool restarted = false;
  for (int i = 0; i < 100 && !restarted; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_OK((*store)->Commit(Set({Create("site", "small-" + std::to_string(i), {{"name", "Camp"}})})));
    restarted = std::filesystem::file_size(wal) <= (uintmax_t{4} << 20);
  }
  EXPECT_TRUE(restarted) << "the WAL was not checkpointed: " << std::filesystem::file_size(wal) << " bytes";
  EXPECT_EQ((*store)->Get("site", "big-3999")->data["name"], "Camp 3999");
}

TEST(OpenStoreTest, RejectsMalformedUrls) {
  EXPECT_EQ(OpenStore({"mysql:x"}).status().code(), Code::kInvalid);
  EXPECT_EQ(OpenStore({"sqlite:"}).status().code(), Code::kInvalid);
  EXPECT_EQ(OpenStore({"sqlite:/nonexistent-dir/x/baton.db"}).status().code(), Code::kUnavailable);
#ifndef BATON_WITH_POSTGRES
  EXPECT_EQ(OpenStore({"postgres:host=localhost"}).status().code(), Code::kInvalid);
#endif
}

std::vector<std::string> Backends() {
#ifdef BATON_WITH_POSTGRES
  return {"sqlite", "postgres"};
#else
  return {"sqlite"};
#endif
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace baton
