// Referrals: the organisation's directory of services (/api/v1/services) and the referrals of its
// people (/api/v1/referrals, their slip and the forms' options). Handlers only translate between
// HTTP and ReferralService.
#include <algorithm>

#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {
namespace {

// What an Idempotency-Key keeps of a referral: everything but the sealed reason and feedback and
// the person.
const std::vector<std::string> kReferralPlainFields = {
    "id",         "direction",   "programme_id", "person_id", "case_id",      "service_id",  "from_organization",
    "urgency",    "status",      "made_on",      "accepted_on", "closed_on",  "follow_up_on", "feedback_on",
    "activity_code", "organization_id", "made_by", "version",  "created_at",   "updated_at"};

}  // namespace

void AddReferralRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/referrals/options", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json options, s.referrals.Options(c.session.principal));
      return JsonResponse(200, options);
    });
  });
  router.Add("GET", "/api/v1/services", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"category", "active", "q", "cursor", "limit"}));
      DirectoryListParams params;
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      if (auto active = req.query_param("active")) {
        if (*active != "true" && *active != "false") return Status::InvalidField("active", "must be true or false");
        params.active = *active == "true";
      }
      params.category = QueryText(req, "category");
      params.q = QueryText(req, "q");
      params.cursor = QueryText(req, "cursor");
      BATON_ASSIGN_OR_RETURN(Json page, s.referrals.ListServices(c.session.principal, params));
      return JsonResponse(200, page);
    });
  });
  router.Add("POST", "/api/v1/services", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json service, s.referrals.CreateService(c.session.principal, body));
        Response r = ViewResponse(201, service);
        r.set_header("Location", "/api/v1/services/" + service.value("id", ""));
        return r;
      });
    });
  });
  router.Add("GET", "/api/v1/services/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json service, s.referrals.GetService(c.session.principal, req.params["id"]));
      return ViewResponse(200, service);
    });
  });
  router.Add("PATCH", "/api/v1/services/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json service, s.referrals.UpdateService(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, service);
    });
  });
  router.Add("GET", "/api/v1/referrals", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"programme_id", "person_id", "service_id", "case_id", "status", "direction",
                                             "urgency", "cursor", "limit"}));
      ReferralListParams params;
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      params.programme_id = QueryText(req, "programme_id");
      params.person_id = QueryText(req, "person_id");
      params.service_id = QueryText(req, "service_id");
      params.case_id = QueryText(req, "case_id");
      params.status = QueryText(req, "status");
      params.direction = QueryText(req, "direction");
      params.urgency = QueryText(req, "urgency");
      params.cursor = QueryText(req, "cursor");
      BATON_ASSIGN_OR_RETURN(Json page, s.referrals.List(c.session.principal, params));
      return JsonResponse(200, page);
    });
  });
  router.Add("POST", "/api/v1/referrals", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json referral, s.referrals.Create(c.session.principal, body));
        Response r = ViewResponse(201, referral);
        r.set_header("Location", "/api/v1/referrals/" + referral.value("id", ""));
        return r;
      }, KeepOnly(kReferralPlainFields));
    });
  });
  router.Add("GET", "/api/v1/referrals/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json referral, s.referrals.Get(c.session.principal, req.params["id"]));
      return ViewResponse(200, referral);
    });
  });
  router.Add("PATCH", "/api/v1/referrals/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json referral, s.referrals.Update(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, referral);
    });
  });
  router.Add("GET", "/api/v1/referrals/{id}/slip", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json slip, s.referrals.Slip(c.session.principal, req.params["id"]));
      return JsonResponse(200, slip);
    });
  });
}

}  // namespace baton::http
