// /api/v1/activities and /api/v1/sessions: programme activities, their sessions and attendance
// (and a person's activities). Handlers only translate between HTTP and ActivityService /
// AttendanceService.
#include <algorithm>

#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {
namespace {

Response VersionedResponse(int status, const baton::Versioned& v) {
  Response r = JsonResponse(status, v.view);
  r.set_header("ETag", "\"" + std::to_string(v.version) + "\"");
  return r;
}

Response PageResponse(const ViewPage& page) {
  return JsonResponse(200, {{"items", page.items},
                            {"next_cursor", page.next_cursor ? Json(*page.next_cursor) : Json(nullptr)}});
}

// What an Idempotency-Key keeps of a session: everything but the sealed notes.
const std::vector<std::string> kSessionPlainFields = {"id", "activity_id", "programme_id", "organization_id", "date",
                                                     "start_time", "end_time", "place", "facilitator_id", "attendance_summary",
                                                     "version", "created_at", "updated_at"};

// The paging and date range of a list of sessions.
Result<SessionListParams> SessionParams(const Request& req) {
  SessionListParams params;
  BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 100, 1, 500));
  params.from = std::string(req.query_param("from").value_or(""));
  params.to = std::string(req.query_param("to").value_or(""));
  params.cursor = std::string(req.query_param("cursor").value_or(""));
  return params;
}

}  // namespace

void AddActivityRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/activities", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      ActivityListParams params;
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      params.cursor = std::string(req.query_param("cursor").value_or(""));
      params.q = std::string(req.query_param("q").value_or(""));
      for (const auto& [k, v] : req.query) {
        if (k != "limit" && k != "cursor" && k != "q") params.filters.emplace_back(k, v);
      }
      BATON_ASSIGN_OR_RETURN(ViewPage page, s.activities.List(c.session.principal, params));
      return PageResponse(page);
    });
  });
  router.Add("POST", "/api/v1/activities", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(baton::Versioned a, s.activities.Create(c.session.principal, body));
        Response r = VersionedResponse(201, a);
        r.set_header("Location", "/api/v1/activities/" + a.view.value("id", ""));
        return r;
      });
    });
  });
  router.Add("GET", "/api/v1/activities/options", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"programme_id"}));
      BATON_ASSIGN_OR_RETURN(Json options,
                             s.activities.Options(c.session.principal, req.query_param("programme_id").value_or("")));
      return JsonResponse(200, options);
    });
  });
  router.Add("GET", "/api/v1/activities/my-week", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"date"}));
      BATON_ASSIGN_OR_RETURN(Json week, s.activities.MyWeek(c.session.principal, req.query_param("date").value_or("")));
      return JsonResponse(200, week);
    });
  });
  router.Add("GET", "/api/v1/activities/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(baton::Versioned a, s.activities.Get(c.session.principal, req.params["id"]));
      return VersionedResponse(200, a);
    });
  });
  router.Add("PATCH", "/api/v1/activities/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(baton::Versioned a, s.activities.Update(c.session.principal, req.params["id"], body, version));
      return VersionedResponse(200, a);
    });
  });
  router.Add("GET", "/api/v1/activities/{id}/sessions", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"from", "to", "cursor", "limit"}));
      BATON_ASSIGN_OR_RETURN(SessionListParams params, SessionParams(req));
      params.activity_id = req.params["id"];
      // The activity exists and the caller may read it.
      BATON_RETURN_IF_ERROR(s.activities.Get(c.session.principal, params.activity_id).status());
      BATON_ASSIGN_OR_RETURN(ViewPage page, s.activities.Sessions(c.session.principal, params));
      return PageResponse(page);
    });
  });
  router.Add("POST", "/api/v1/activities/{id}/sessions", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(baton::Versioned v, s.activities.CreateSession(c.session.principal, req.params["id"], body));
        Response r = VersionedResponse(201, v);
        r.set_header("Location", "/api/v1/sessions/" + v.view.value("id", ""));
        return r;
      }, KeepOnly(kSessionPlainFields));
    });
  });
  // A programme's calendar: its sessions between two dates.
  router.Add("GET", "/api/v1/sessions", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"programme_id", "from", "to", "cursor", "limit"}));
      BATON_ASSIGN_OR_RETURN(SessionListParams params, SessionParams(req));
      params.programme_id = std::string(req.query_param("programme_id").value_or(""));
      if (params.programme_id.empty()) return Status::InvalidField("programme_id", "is required");
      BATON_ASSIGN_OR_RETURN(ViewPage page, s.activities.Sessions(c.session.principal, params));
      return PageResponse(page);
    });
  });
  // Who to take attendance from, and what an activity reached.
  router.Add("GET", "/api/v1/activities/{id}/roster", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"date"}));
      BATON_ASSIGN_OR_RETURN(Json roster, s.attendance.Roster(c.session.principal, req.params["id"],
                                                              req.query_param("date").value_or("")));
      return JsonResponse(200, roster);
    });
  });
  router.Add("GET", "/api/v1/activities/{id}/reach", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json reach, s.attendance.Reach(c.session.principal, req.params["id"]));
      return JsonResponse(200, reach);
    });
  });
  router.Add("GET", "/api/v1/persons/{id}/activities", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json items, s.attendance.PersonActivities(c.session.principal, req.params["id"]));
      BATON_ASSIGN_OR_RETURN(items["cooperatives"], s.cooperatives.OfPerson(c.session.principal, req.params["id"]));
      return JsonResponse(200, items);
    });
  });
  router.Add("GET", "/api/v1/sessions/{id}/attendance", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json view, s.attendance.OfSession(c.session.principal, req.params["id"]));
      return ViewResponse(200, view);
    });
  });
  // Replaces a session's attendance (named) or headcount as one change.
  router.Add("PUT", "/api/v1/sessions/{id}/attendance", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json view, s.attendance.Replace(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, view);
    });
  });
  router.Add("GET", "/api/v1/sessions/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(baton::Versioned v, s.activities.GetSession(c.session.principal, req.params["id"]));
      return VersionedResponse(200, v);
    });
  });
  router.Add("PATCH", "/api/v1/sessions/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(baton::Versioned v,
                             s.activities.UpdateSession(c.session.principal, req.params["id"], body, version));
      return VersionedResponse(200, v);
    });
  });
}

}  // namespace baton::http
