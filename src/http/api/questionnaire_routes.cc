// Needs assessments: the questionnaire of an assessment (/api/v1/activities/{id}/questionnaire), its
// responses (/api/v1/activities/{id}/responses, /api/v1/responses/{id}), their summary and their
// export as CSV. Handlers only translate between HTTP and QuestionnaireService.
#include <algorithm>

#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {
namespace {

// What an Idempotency-Key keeps of a response: everything but the answers and the person.
const std::vector<std::string> kResponsePlainFields = {
    "id", "activity_id", "programme_id", "organization_id", "date", "form_version", "active", "version",
    "created_at", "updated_at"};

}  // namespace

void AddQuestionnaireRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/activities/{id}/questionnaire", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json form, s.questionnaires.Form(c.session.principal, req.params["id"]));
      return ViewResponse(200, form);
    });
  });
  router.Add("PUT", "/api/v1/activities/{id}/questionnaire", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      bool created = false;
      BATON_ASSIGN_OR_RETURN(Json form,
                             s.questionnaires.SetForm(c.session.principal, req.params["id"], body, version, created));
      return ViewResponse(created ? 201 : 200, form);
    });
  });
  router.Add("GET", "/api/v1/activities/{id}/responses", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"cursor", "limit", "order"}));
      ResponseListParams params;
      const std::string_view order = req.query_param("order").value_or("oldest");
      if (order != "oldest" && order != "newest") return Status::InvalidField("order", "must be oldest or newest");
      params.newest_first = order == "newest";
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      params.cursor = std::string(req.query_param("cursor").value_or(""));
      BATON_ASSIGN_OR_RETURN(Json page, s.questionnaires.Responses(c.session.principal, req.params["id"], params));
      return JsonResponse(200, page);
    });
  });
  router.Add("POST", "/api/v1/activities/{id}/responses", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json r, s.questionnaires.AddResponse(c.session.principal, req.params["id"], body));
        Response out = ViewResponse(201, r);
        out.set_header("Location", "/api/v1/responses/" + r.value("id", ""));
        return out;
      }, KeepOnly(kResponsePlainFields));
    });
  });
  router.Add("GET", "/api/v1/activities/{id}/responses/summary", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json summary, s.questionnaires.Summary(c.session.principal, req.params["id"]));
      return JsonResponse(200, summary);
    });
  });
  router.Add("GET", "/api/v1/activities/{id}/responses/export", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"format", "include_text"}));
      const std::string_view format = req.query_param("format").value_or("csv");
      if (format != "csv") return Status::InvalidField("format", "must be csv");
      const std::string_view text = req.query_param("include_text").value_or("false");
      if (text != "true" && text != "false") return Status::InvalidField("include_text", "must be true or false");
      BATON_ASSIGN_OR_RETURN(std::string csv,
                             s.questionnaires.ExportCsv(c.session.principal, req.params["id"], text == "true"));
      Response out;
      out.content_type = "text/csv; charset=utf-8";
      out.body = std::move(csv);
      out.set_header("Content-Disposition", "attachment; filename=\"responses-" + req.params["id"] + ".csv\"");
      return out;
    });
  });
  router.Add("GET", "/api/v1/responses/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json r, s.questionnaires.GetResponse(c.session.principal, req.params["id"]));
      return ViewResponse(200, r);
    });
  });
  router.Add("PATCH", "/api/v1/responses/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json r, s.questionnaires.UpdateResponse(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, r);
    });
  });
}

}  // namespace baton::http
