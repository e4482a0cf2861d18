// Conflict mediation: /api/v1/mediations (with their sessions and agreements),
// /api/v1/mediation-sessions and /api/v1/mediation-agreements. Handlers only translate between HTTP
// and MediationService.
#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {
namespace {

// What an Idempotency-Key keeps of each answer: nothing said or agreed, nor who the parties are.
const std::vector<std::string> kMediationPlainFields = {"id", "programme_id", "organization_id", "dispute_type", "status",
                                                       "opened_on", "version", "created_at", "updated_at"};
const std::vector<std::string> kSessionPlainFields = {"id", "mediation_id", "date", "kind", "duration_minutes",
                                                     "version", "created_at", "updated_at"};
const std::vector<std::string> kAgreementPlainFields = {"id", "mediation_id", "date", "session_id", "held",
                                                       "followed_up_on", "version", "created_at", "updated_at"};

}  // namespace

void AddMediationRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/mediations", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(
          req, {"programme_id", "status", "dispute_type", "person_id", "mediator_id", "cursor", "limit"}));
      MediationListParams params{QueryText(req, "programme_id"), QueryText(req, "status"), QueryText(req, "dispute_type"),
                                 QueryText(req, "person_id"), QueryText(req, "mediator_id"), QueryText(req, "cursor")};
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      BATON_ASSIGN_OR_RETURN(Json page, s.mediations.List(c.session.principal, params));
      return JsonResponse(200, page);
    });
  });
  router.Add("POST", "/api/v1/mediations", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json view, s.mediations.Create(c.session.principal, body));
        return CreatedResponse(view, "/api/v1/mediations/");
      }, KeepOnly(kMediationPlainFields));
    });
  });
  router.Add("GET", "/api/v1/mediations/options", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"programme_id"}));
      BATON_ASSIGN_OR_RETURN(Json options, s.mediations.Options(c.session.principal, QueryText(req, "programme_id")));
      return JsonResponse(200, options);
    });
  });
  router.Add("GET", "/api/v1/mediations/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json view, s.mediations.Get(c.session.principal, req.params["id"]));
      return ViewResponse(200, view);
    });
  });
  router.Add("PATCH", "/api/v1/mediations/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json view, s.mediations.Update(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, view);
    });
  });

  router.Add("GET", "/api/v1/mediations/{id}/sessions", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json list, s.mediations.Sessions(c.session.principal, req.params["id"]));
      return JsonResponse(200, list);
    });
  });
  router.Add("POST", "/api/v1/mediations/{id}/sessions", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json view, s.mediations.AddSession(c.session.principal, req.params["id"], body));
        return CreatedResponse(view, "/api/v1/mediation-sessions/");
      }, KeepOnly(kSessionPlainFields));
    });
  });
  router.Add("GET", "/api/v1/mediation-sessions/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json view, s.mediations.GetSession(c.session.principal, req.params["id"]));
      return ViewResponse(200, view);
    });
  });
  router.Add("PATCH", "/api/v1/mediation-sessions/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json view,
                             s.mediations.UpdateSession(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, view);
    });
  });

  router.Add("GET", "/api/v1/mediations/{id}/agreements", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json list, s.mediations.Agreements(c.session.principal, req.params["id"]));
      return JsonResponse(200, list);
    });
  });
  router.Add("POST", "/api/v1/mediations/{id}/agreements", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json view, s.mediations.AddAgreement(c.session.principal, req.params["id"], body));
        return CreatedResponse(view, "/api/v1/mediation-agreements/");
      }, KeepOnly(kAgreementPlainFields));
    });
  });
  router.Add("GET", "/api/v1/mediation-agreements/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json view, s.mediations.GetAgreement(c.session.principal, req.params["id"]));
      return ViewResponse(200, view);
    });
  });
  router.Add("PATCH", "/api/v1/mediation-agreements/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json view,
                             s.mediations.UpdateAgreement(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, view);
    });
  });
}

}  // namespace baton::http
