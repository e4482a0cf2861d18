// Outcome instruments and assessments: /api/v1/instruments, /api/v1/assessments and a case's
// outcomes over time (/api/v1/cases/{id}/outcomes). Handlers only translate between HTTP and
// OutcomeService.
#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {
namespace {

// What an Idempotency-Key keeps of an assessment: the score, never the answers or the flags.
const std::vector<std::string> kAssessmentPlainFields = {
    "id", "instrument", "instrument_version", "person_id", "case_id", "programme_id", "date", "timepoint",
    "total", "scaled", "band", "answered", "missing", "version", "created_at", "updated_at"};

}  // namespace

void AddOutcomeRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/instruments", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"programme_id"}));
      BATON_ASSIGN_OR_RETURN(Json list, s.outcomes.Instruments(c.session.principal, QueryText(req, "programme_id")));
      return JsonResponse(200, list);
    });
  });
  router.Add("POST", "/api/v1/instruments", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json view, s.outcomes.AddInstrument(c.session.principal, body));
        Response out = ViewResponse(201, view);
        out.set_header("Location", "/api/v1/instruments/" + view.value("id", ""));
        return out;
      });
    });
  });
  router.Add("PATCH", "/api/v1/instruments/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json view, s.outcomes.UpdateInstrument(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, view);
    });
  });

  router.Add("GET", "/api/v1/assessments", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"person_id", "case_id", "instrument", "cursor", "limit"}));
      AssessmentListParams params{QueryText(req, "person_id"), QueryText(req, "case_id"), QueryText(req, "instrument"),
                                  QueryText(req, "cursor")};
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      BATON_ASSIGN_OR_RETURN(Json page, s.outcomes.List(c.session.principal, params));
      return JsonResponse(200, page);
    });
  });
  router.Add("POST", "/api/v1/assessments", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json view, s.outcomes.Add(c.session.principal, body));
        Response out = ViewResponse(201, view);
        out.set_header("Location", "/api/v1/assessments/" + view.value("id", ""));
        return out;
      }, KeepOnly(kAssessmentPlainFields));
    });
  });
  router.Add("GET", "/api/v1/assessments/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json view, s.outcomes.Get(c.session.principal, req.params["id"]));
      return ViewResponse(200, view);
    });
  });
  router.Add("PATCH", "/api/v1/assessments/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json view, s.outcomes.Update(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, view);
    });
  });
  router.Add("GET", "/api/v1/cases/{id}/outcomes", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json outcomes, s.outcomes.Outcomes(c.session.principal, req.params["id"]));
      return JsonResponse(200, outcomes);
    });
  });
}

}  // namespace baton::http
