// /api/v1/persons: the people registry. Handlers only translate between HTTP and PersonService.
#include <algorithm>

#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {
namespace {

Response PersonResponse(int status, const PersonRead& p) {
  Response r = JsonResponse(status, p.view);
  r.set_header("ETag", "\"" + std::to_string(p.version) + "\"");
  return r;
}

// A merged record sends the client on to the record it was folded into.
Response MergedRedirect(const std::string& into) {
  Response r = JsonResponse(308, {{"type", "about:blank"},
                                  {"title", "Permanent Redirect"},
                                  {"status", 308},
                                  {"detail", "this record was merged into person " + into},
                                  {"merged_into", into}});
  r.content_type = "application/problem+json";
  r.set_header("Location", "/api/v1/persons/" + into);
  return r;
}

Result<std::optional<int>> OptionalInt(const Request& req, std::string_view name, int min, int max) {
  if (!req.query_param(name)) return std::optional<int>();
  BATON_ASSIGN_OR_RETURN(int v, IntParam(req, name, 0, min, max));
  return std::optional<int>(v);
}

}  // namespace

void AddPersonRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/persons", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      PersonListParams params;
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      BATON_ASSIGN_OR_RETURN(params.age_min, OptionalInt(req, "age_min", 0, 150));
      BATON_ASSIGN_OR_RETURN(params.age_max, OptionalInt(req, "age_max", 0, 150));
      params.cursor = std::string(req.query_param("cursor").value_or(""));
      params.q = std::string(req.query_param("q").value_or(""));
      for (const auto& [k, v] : req.query) {
        if (k != "limit" && k != "cursor" && k != "q" && k != "age_min" && k != "age_max") params.filters.emplace_back(k, v);
      }
      BATON_ASSIGN_OR_RETURN(PersonPage page, s.persons.List(c.session.principal, params));
      return JsonResponse(200, {{"items", page.items},
                                {"next_cursor", page.next_cursor ? Json(*page.next_cursor) : Json(nullptr)}});
    });
  });
  router.Add("POST", "/api/v1/persons", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(PersonRead p, s.persons.Create(c.session.principal, body));
        Response r = PersonResponse(201, p);
        r.set_header("Location", "/api/v1/persons/" + p.view.value("id", ""));
        return r;
      }, KeepOnly({"id", "code", "version", "status", "programme_id", "site_id"}));
    });
  });
  router.Add("GET", "/api/v1/persons/options", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return JsonResponse(200, s.persons.Options(c.session.principal, req.query_param("programme_id").value_or("")));
    });
  });
  router.Add("POST", "/api/v1/persons/duplicates", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json found, s.persons.Duplicates(c.session.principal, body));
      return JsonResponse(200, found);
    });
  });
  // The file is the body as uploaded (CSV or XLSX); choices come in the query:
  // programme_id, site_id, mode=dry_run|all|valid, text_version, col.<heading>=<field>.
  router.Add("POST", "/api/v1/persons/import", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      auto type = req.header("Content-Type");
      std::string media(type ? type->substr(0, type->find(';')) : "");
      static const std::vector<std::string> kTypes = {
          "text/csv", "text/plain", "application/octet-stream",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
      if (std::find(kTypes.begin(), kTypes.end(), media) == kTypes.end()) {
        return Status::UnsupportedMediaType("send the file itself as the body, as text/csv or as an XLSX workbook");
      }
      ImportRequest r;
      r.programme_id = std::string(req.query_param("programme_id").value_or(""));
      r.site_id = std::string(req.query_param("site_id").value_or(""));
      if (r.programme_id.empty()) return Status::InvalidField("programme_id", "is required");
      if (r.site_id.empty()) return Status::InvalidField("site_id", "is required");
      auto mode = ParseImportMode(req.query_param("mode").value_or("dry_run"));
      if (!mode) return Status::InvalidField("mode", "must be dry_run, all or valid");
      r.mode = *mode;
      if (auto v = req.query_param("text_version")) r.text_version = std::string(*v);
      for (const auto& [k, v] : req.query) {
        if (k.starts_with("col.")) {
          r.columns[k.substr(4)] = v;
        } else if (k != "programme_id" && k != "site_id" && k != "mode" && k != "text_version") {
          return Status::InvalidField(k, "is not a choice of an import");
        }
      }
      BATON_ASSIGN_OR_RETURN(Json report, s.person_import.Run(c.session.principal, req.body, r));
      if (r.mode == ImportMode::kAll && report["invalid"].get<size_t>() > 0) {
        // Nothing was written: a problem that carries the whole report.
        Json problem = report;
        problem["type"] = "https://baton.example/problems/validation-failed";
        problem["title"] = "Unprocessable Content";
        problem["status"] = 422;
        problem["detail"] = std::to_string(report["invalid"].get<size_t>()) +
                            " rows are not valid, so nothing was imported; correct them or import the valid rows only";
        Response resp = JsonResponse(422, problem);
        resp.content_type = "application/problem+json";
        return resp;
      }
      return JsonResponse(200, report);
    });
  });
  router.Add("GET", "/api/v1/persons/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      std::string reason(req.query_param("reason").value_or(""));
      BATON_ASSIGN_OR_RETURN(PersonRead p, s.persons.Get(c.session.principal, req.params["id"], reason));
      if (!p.merged_into.empty()) return MergedRedirect(p.merged_into);
      return PersonResponse(200, p);
    });
  });
  router.Add("PATCH", "/api/v1/persons/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(PersonRead p, s.persons.Update(c.session.principal, req.params["id"], body, version));
      return PersonResponse(200, p);
    });
  });
  router.Add("GET", "/api/v1/persons/{id}/consents", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(Json consents, s.persons.Consents(c.session.principal, req.params["id"]));
      return JsonResponse(200, consents);
    });
  });
  router.Add("POST", "/api/v1/persons/{id}/consents", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json consent, s.persons.AddConsent(c.session.principal, req.params["id"], body));
        return JsonResponse(201, consent);
      }, KeepOnly({"id", "person_id", "purpose", "partner_org_id", "status", "method", "date", "text_version",
                   "expires_on", "recorded_by", "created_at"}));
    });
  });
  router.Add("GET", "/api/v1/persons/{id}/export", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(Json out, s.persons.Export(c.session.principal, req.params["id"]));
      Response r = JsonResponse(200, out);
      r.set_header("Cache-Control", "no-store");
      return r;
    });
  });
  router.Add("POST", "/api/v1/persons/{id}/erase", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() != "reason") return Status::InvalidField(it.key(), "is not a field here");
      }
      if (!body.contains("reason") || !body["reason"].is_string()) {
        return Status::InvalidField("reason", "is required: why the person's data is erased");
      }
      std::string reason = body["reason"].get<std::string>();
      while (!reason.empty() && (reason.back() == ' ' || reason.back() == '\n')) reason.pop_back();
      if (reason.empty()) return Status::InvalidField("reason", "is required: why the person's data is erased");
      if (reason.size() > 1000) return Status::InvalidField("reason", "must be at most 1000 characters");
      BATON_ASSIGN_OR_RETURN(PersonRead p, s.persons.Erase(c.session.principal, req.params["id"], reason));
      return PersonResponse(200, p);
    });
  });
  router.Add("POST", "/api/v1/persons/{id}/merge", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() != "duplicate_id") return Status::InvalidField(it.key(), "is not a field here");
      }
      if (!body.contains("duplicate_id") || !body["duplicate_id"].is_string()) {
        return Status::InvalidField("duplicate_id", "is required: the id of the duplicate record to fold in");
      }
      BATON_ASSIGN_OR_RETURN(PersonRead p, s.persons.Merge(c.session.principal, req.params["id"],
                                                           body["duplicate_id"].get<std::string>()));
      return PersonResponse(200, p);
    });
  });
}

}  // namespace baton::http
