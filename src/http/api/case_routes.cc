// Lay counselling: /api/v1/cases (with their sessions, supervision notes and risk assessments),
// /api/v1/case-sessions, /api/v1/risk-assessments and /api/v1/risk-flags. Handlers only translate
// between HTTP and CaseService / RiskService.
#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {
namespace {

// What an Idempotency-Key keeps of each answer: nothing a person said, nor who they are.
const std::vector<std::string> kCasePlainFields = {"id", "programme_id", "organization_id", "person_id", "status",
                                                  "opened_on", "counsellor_id", "supervisor_id", "version",
                                                  "created_at", "updated_at"};
const std::vector<std::string> kCaseSessionPlainFields = {"id", "case_id", "date", "type", "duration_minutes",
                                                         "attended", "next_appointment", "version", "created_at",
                                                         "updated_at"};
const std::vector<std::string> kSupervisionPlainFields = {"id", "case_id", "date", "supervisor_id", "version",
                                                         "created_at", "updated_at"};
const std::vector<std::string> kRiskPlainFields = {"id", "case_id", "person_id", "date", "level", "version",
                                                  "created_at", "updated_at"};

}  // namespace

void AddCaseRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/cases", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(
          req, {"programme_id", "person_id", "counsellor_id", "supervisor_id", "status", "cursor", "limit"}));
      CaseListParams params{QueryText(req, "programme_id"), QueryText(req, "person_id"), QueryText(req, "counsellor_id"),
                            QueryText(req, "supervisor_id"), QueryText(req, "status"), QueryText(req, "cursor")};
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      BATON_ASSIGN_OR_RETURN(Json page, s.cases.List(c.session.principal, params));
      return JsonResponse(200, page);
    });
  });
  router.Add("POST", "/api/v1/cases", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json view, s.cases.Create(c.session.principal, body));
        return CreatedResponse(view, "/api/v1/cases/");
      }, KeepOnly(kCasePlainFields));
    });
  });
  router.Add("GET", "/api/v1/cases/my-caseload", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json load, s.cases.MyCaseload(c.session.principal));
      return JsonResponse(200, load);
    });
  });
  router.Add("GET", "/api/v1/cases/supervision-queue", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json queue, s.cases.SupervisionQueue(c.session.principal));
      return JsonResponse(200, queue);
    });
  });
  router.Add("GET", "/api/v1/cases/staff", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json staff, s.cases.Staff(c.session.principal));
      return JsonResponse(200, staff);
    });
  });
  router.Add("GET", "/api/v1/cases/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json view, s.cases.Get(c.session.principal, req.params["id"]));
      return ViewResponse(200, view);
    });
  });
  router.Add("PATCH", "/api/v1/cases/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json view, s.cases.Update(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, view);
    });
  });

  router.Add("GET", "/api/v1/cases/{id}/sessions", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json list, s.cases.Sessions(c.session.principal, req.params["id"]));
      return JsonResponse(200, list);
    });
  });
  router.Add("POST", "/api/v1/cases/{id}/sessions", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json view, s.cases.AddSession(c.session.principal, req.params["id"], body));
        return CreatedResponse(view, "/api/v1/case-sessions/");
      }, KeepOnly(kCaseSessionPlainFields));
    });
  });
  router.Add("GET", "/api/v1/case-sessions/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json view, s.cases.GetSession(c.session.principal, req.params["id"]));
      return ViewResponse(200, view);
    });
  });
  router.Add("PATCH", "/api/v1/case-sessions/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json view, s.cases.UpdateSession(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, view);
    });
  });

  router.Add("GET", "/api/v1/cases/{id}/supervision", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json list, s.cases.Supervisions(c.session.principal, req.params["id"]));
      return JsonResponse(200, list);
    });
  });
  router.Add("POST", "/api/v1/cases/{id}/supervision", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json view, s.cases.AddSupervision(c.session.principal, req.params["id"], body));
        return ViewResponse(201, view);
      }, KeepOnly(kSupervisionPlainFields));
    });
  });

  router.Add("GET", "/api/v1/cases/{id}/risk-assessments", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json list, s.risk.AssessmentsOfCase(c.session.principal, req.params["id"]));
      return JsonResponse(200, list);
    });
  });
  router.Add("POST", "/api/v1/risk-assessments", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json view, s.risk.AddAssessment(c.session.principal, body));
        return CreatedResponse(view, "/api/v1/risk-assessments/");
      }, KeepOnly(kRiskPlainFields));
    });
  });
  router.Add("GET", "/api/v1/risk-assessments/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json view, s.risk.GetAssessment(c.session.principal, req.params["id"]));
      return ViewResponse(200, view);
    });
  });

  router.Add("GET", "/api/v1/risk-flags", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"status", "programme_id", "case_id", "person_id", "cursor", "limit"}));
      RiskFlagListParams params{QueryText(req, "status"), QueryText(req, "programme_id"), QueryText(req, "case_id"),
                                QueryText(req, "person_id"), QueryText(req, "cursor")};
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      BATON_ASSIGN_OR_RETURN(Json page, s.risk.ListFlags(c.session.principal, params));
      return JsonResponse(200, page);
    });
  });
  router.Add("GET", "/api/v1/risk-flags/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json view, s.risk.GetFlag(c.session.principal, req.params["id"]));
      return ViewResponse(200, view);
    });
  });
  router.Add("POST", "/api/v1/risk-flags/{id}/acknowledge", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json view, s.risk.Acknowledge(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, view);
    });
  });
}

}  // namespace baton::http
