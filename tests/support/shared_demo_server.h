// A fixture for suites that share one `baton serve` on a copy of the demo data across all their
// tests; each test makes its own records under names no other test uses.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/baton_process.h"
#include "support/http_client.h"

namespace baton::test {

// The derived suite's SetUpTestSuite calls StartSharedServer (and MakeAlarmPlace if it needs it),
// its TearDownTestSuite calls StopSharedServer. Not thread-safe: gtest runs one suite at a time.
class SharedDemoServerTest : public ::testing::Test {
 protected:
  // What the suite's tests share.
  struct Shared {
    TempDir tmp;
    std::unique_ptr<BatonProcess> server;
    std::map<std::string, Session> sessions;  // by username, signed in on first use
    std::string site, programme, iom_org;     // the demo's Bor site and its programme; IOM's id
    std::string alarm_site, alarm_programme, alarm_org;  // ALARM's own, from MakeAlarmPlace
    int counter = 0;                                     // for names no other test uses
  };

  // Serves a copy of the demo data and looks up its Bor site (as iom.admin) and its programme (as
  // `programme_reader`). Returns false, having failed the suite, when the server does not start or
  // the demo lacks either.
  static bool StartSharedServer(const std::string& programme_reader = "iom.admin");
  // Makes ALARM's own site (named `site_name`, code `site_code`) and programme, as alarm.admin and
  // alarm.manager.
  static void MakeAlarmPlace(const std::string& site_name, const std::string& site_code);
  // Stops the server, which must exit cleanly and must not have answered 500.
  static void StopSharedServer();

  // Each test needs the server, the demo programme and ALARM's programme.
  void SetUp() override;

  static HttpClient client() { return shared_->server->client(); }
  // The bearer token of a demo user, signing in on first use.
  static std::string Token(const std::string& username);
  static HttpResponse Get(const std::string& path, const std::string& as) { return client().Get(path, Token(as)); }

  // Fixtures a suite builds in a programme of its own at the demo site, as iom.manager: a person of
  // the IDP group (their id), a named-attendance activity of `stream` for 2016–2017 facilitated by
  // iom.facilitator (its id), and a session of it with `people` present, as iom.facilitator.
  static std::string RegisterPerson(const std::string& programme, const std::string& given_name,
                                    const std::string& family_name, const std::string& sex, const std::string& birth_date);
  static std::string PlanActivity(const std::string& programme, const std::string& stream, const std::string& title);
  static void RecordAttendance(const std::string& activity, const std::string& date, const std::vector<std::string>& people);

  static inline Shared* shared_ = nullptr;
};

}  // namespace baton::test
