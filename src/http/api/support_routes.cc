// Support after a handover (docs/formats/handover.md "Support records"): /api/v1/support-tools,
// with each tool's versions at /{id}/versions, and /api/v1/advising-sessions. A tool's view keeps
// the document's `version` ("2.1"); its ETag is the record's, `record_version`. Handlers only
// translate between HTTP and SupportService.
#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {
namespace {

// A support record's view with its ETag (a tool's is its record_version).
Response SupportResponse(int status, SupportKind kind, const Json& view) {
  if (kind != SupportKind::kTool) return ViewResponse(status, view);
  Response r = JsonResponse(status, view);
  r.set_header("ETag", "\"" + std::to_string(view.value("record_version", int64_t{0})) + "\"");
  return r;
}

void AddSupportCollection(Router& router, Services& s, SupportKind kind, const std::string& base) {
  router.Add("GET", base, [&s, kind](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"programme_id", "cursor", "limit"}));
      SupportListParams params;
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      params.programme_id = QueryText(req, "programme_id");
      params.cursor = QueryText(req, "cursor");
      BATON_ASSIGN_OR_RETURN(Json page, s.support.List(c.session.principal, kind, params));
      return JsonResponse(200, page);
    });
  });
  router.Add("POST", base, [&s, kind, base](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json view, s.support.Create(c.session.principal, kind, body));
        Response out = SupportResponse(201, kind, view);
        out.set_header("Location", base + "/" + view.value("id", ""));
        return out;
      });
    });
  });
  router.Add("GET", base + "/{id}", [&s, kind](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json view, s.support.Get(c.session.principal, kind, req.params["id"]));
      return SupportResponse(200, kind, view);
    });
  });
  router.Add("PATCH", base + "/{id}", [&s, kind](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json view, s.support.Update(c.session.principal, kind, req.params["id"], body, version));
      return SupportResponse(200, kind, view);
    });
  });
}

}  // namespace

void AddSupportRoutes(Router& router, Services& s) {
  AddSupportCollection(router, s, SupportKind::kTool, "/api/v1/support-tools");
  router.Add("GET", "/api/v1/support-tools/{id}/versions", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json versions, s.support.Versions(c.session.principal, req.params["id"]));
      return JsonResponse(200, versions);
    });
  });
  AddSupportCollection(router, s, SupportKind::kAdvisingSession, "/api/v1/advising-sessions");
}

}  // namespace baton::http
