// The people of group work: members of standing groups and enrolments of cohorts
// (/api/v1/activities/{id}/members, /api/v1/memberships), participants of trainings
// (/api/v1/activities/{id}/participants, /api/v1/participants), cooperatives formed by graduates
// (/api/v1/cooperatives). Handlers only translate between HTTP and MembershipService /
// TrainingService / CooperativeService.
#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {
namespace {

// What an Idempotency-Key keeps of a membership: everything but the person's name.
const std::vector<std::string> kMembershipPlainFields = {
    "id",      "activity_id", "person_id", "programme_id", "organization_id", "joined_on", "left_on",
    "status",  "leave_reason", "active",   "version",      "created_at",      "updated_at"};

// What an Idempotency-Key keeps of a participant: everything but the sealed name.
const std::vector<std::string> kParticipantPlainFields = {
    "id", "activity_id", "programme_id", "organization_id", "agency", "agency_id", "role", "sex", "pre_score",
    "post_score", "active", "version", "created_at", "updated_at"};

}  // namespace

void AddGroupRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/activities/{id}/members", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      for (const auto& [k, v] : req.query) {
        if (k != "on") return Status::InvalidField(k, "is not a parameter of this list");
      }
      BATON_ASSIGN_OR_RETURN(Json members,
                             s.memberships.List(c.session.principal, req.params["id"], req.query_param("on").value_or("")));
      return JsonResponse(200, members);
    });
  });
  router.Add("POST", "/api/v1/activities/{id}/members", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json m, s.memberships.Add(c.session.principal, req.params["id"], body));
        Response r = ViewResponse(201, m);
        r.set_header("Location", "/api/v1/memberships/" + m.value("id", ""));
        return r;
      }, KeepOnly(kMembershipPlainFields));
    });
  });
  router.Add("GET", "/api/v1/activities/{id}/participants", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      if (!req.query.empty()) return Status::InvalidField(req.query.begin()->first, "is not a parameter of this list");
      BATON_ASSIGN_OR_RETURN(Json list, s.trainings.Participants(c.session.principal, req.params["id"]));
      return JsonResponse(200, list);
    });
  });
  router.Add("POST", "/api/v1/activities/{id}/participants", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json p, s.trainings.Add(c.session.principal, req.params["id"], body));
        Response r = ViewResponse(201, p);
        r.set_header("Location", "/api/v1/participants/" + p.value("id", ""));
        return r;
      }, KeepOnly(kParticipantPlainFields));
    });
  });
  router.Add("PATCH", "/api/v1/participants/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json p, s.trainings.Update(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, p);
    });
  });
  router.Add("GET", "/api/v1/participants/{id}/certificate", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      if (!req.query.empty()) return Status::InvalidField(req.query.begin()->first, "is not a parameter of a certificate");
      BATON_ASSIGN_OR_RETURN(Json certificate, s.trainings.Certificate(c.session.principal, req.params["id"]));
      return JsonResponse(200, certificate);
    });
  });
  router.Add("GET", "/api/v1/cooperatives", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      CooperativeListParams params;
      for (const auto& [k, v] : req.query) {
        if (k != "programme_id" && k != "formed_from" && k != "q" && k != "cursor" && k != "limit") {
          return Status::InvalidField(k, "is not a parameter of this list");
        }
      }
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      params.programme_id = std::string(req.query_param("programme_id").value_or(""));
      params.formed_from = std::string(req.query_param("formed_from").value_or(""));
      params.q = std::string(req.query_param("q").value_or(""));
      params.cursor = std::string(req.query_param("cursor").value_or(""));
      BATON_ASSIGN_OR_RETURN(Json page, s.cooperatives.List(c.session.principal, params));
      return JsonResponse(200, page);
    });
  });
  router.Add("POST", "/api/v1/cooperatives", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json coop, s.cooperatives.Create(c.session.principal, body));
        Response r = ViewResponse(201, coop);
        r.set_header("Location", "/api/v1/cooperatives/" + coop.value("id", ""));
        return r;
      }, KeepOnly({"id", "programme_id", "site_id", "name", "activity", "kind", "status", "start_date", "version"}));
    });
  });
  router.Add("GET", "/api/v1/cooperatives/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(Json coop, s.cooperatives.Get(c.session.principal, req.params["id"]));
      return ViewResponse(200, coop);
    });
  });
  router.Add("PATCH", "/api/v1/cooperatives/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json coop, s.cooperatives.Update(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, coop);
    });
  });
  router.Add("PATCH", "/api/v1/memberships/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json m, s.memberships.Update(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, m);
    });
  });
}

}  // namespace baton::http
