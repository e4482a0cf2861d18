#include <charconv>
#include <string>

#include "base/clock.h"
#include "http/api/api.h"
#include "http/api/api_support.h"
#include "service/record_view.h"
#include "store/schema.h"

namespace baton::http {
namespace {

// Secure is added when the request came over HTTPS through a reverse proxy; a site laptop
// serving plain HTTP on the local network could not set the cookie otherwise.
std::string SessionCookie(const Request& req, const std::string& token, int64_t max_age_s) {
  bool https = req.header("X-Forwarded-Proto").value_or("") == "https";
  return std::string(kSessionCookie) + "=" + token + "; Path=/api; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age_s) + (https ? "; Secure" : "");
}

Result<std::string> RequiredString(const Json& body, const char* field) {
  if (!body.contains(field)) return Status::InvalidField(field, "is required");
  if (!body[field].is_string()) return Status::InvalidField(field, "must be a string");
  return body[field].get<std::string>();
}

Status OnlyFields(const Json& body, std::initializer_list<const char*> allowed) {
  std::vector<FieldError> errors;
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool known = false;
    for (const char* a : allowed) known = known || it.key() == a;
    if (!known) errors.push_back({it.key(), "is not a field here"});
  }
  if (errors.empty()) return Status::Ok();
  std::string message = errors[0].field + " is not a field here";  // before errors is moved from
  return Status::Invalid(std::move(message), std::move(errors));
}

void AddSessionRoutes(Router& router, Services& s) {
  router.Add("POST", "/api/v1/session", [&s](Request& req) {
    auto body = ReadJsonBody(req);
    if (!body.ok()) return ProblemFor(body.status());
    if (Status st = OnlyFields(*body, {"username", "password"}); !st.ok()) return ProblemFor(st);
    auto username = RequiredString(*body, "username");
    if (!username.ok()) return ProblemFor(username.status());
    auto password = RequiredString(*body, "password");
    if (!password.ok()) return ProblemFor(password.status());
    auto signed_in = s.auth.Login(*username, *password, req.remote_address);
    if (!signed_in.ok()) return ProblemFor(signed_in.status());
    auto me = s.accounts.Me(signed_in->principal);
    if (!me.ok()) return ProblemFor(me.status());
    int64_t max_age = (signed_in->expires_ms - s.ctx.clock().NowMs()) / 1000;
    Response r = JsonResponse(201, {{"token", signed_in->token},
                                    {"csrf_token", signed_in->csrf_token},
                                    {"expires_at", FormatTimestamp(signed_in->expires_ms)},
                                    {"user", *me}});
    r.set_header("Set-Cookie", SessionCookie(req, signed_in->token, max_age));
    return r;
  });
  router.Add("DELETE", "/api/v1/session", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(s.auth.Logout(c.session.token));
      Response r;
      r.status = 204;
      r.content_type.clear();
      r.set_header("Set-Cookie", SessionCookie(req, "", 0));
      return r;
    });
  });
  router.Add("GET", "/api/v1/me", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(Json me, s.accounts.Me(c.session.principal));
      me["csrf_token"] = c.session.csrf_token;
      me["session_expires_at"] = FormatTimestamp(c.session.expires_ms);
      return JsonResponse(200, me);
    });
  });
  router.Add("POST", "/api/v1/me/password", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_RETURN_IF_ERROR(OnlyFields(body, {"current_password", "new_password"}));
      BATON_ASSIGN_OR_RETURN(std::string current, RequiredString(body, "current_password"));
      BATON_ASSIGN_OR_RETURN(std::string next, RequiredString(body, "new_password"));
      BATON_RETURN_IF_ERROR(s.auth.ChangePassword(c.session.principal, current, next));
      Response r;
      r.status = 204;
      r.content_type.clear();
      r.set_header("Set-Cookie", SessionCookie(req, "", 0));
      return r;
    });
  });
}

void AddCollectionRoutes(Router& router, Services& s, Collection c) {
  const std::string base = std::string("/api/v1/") + CollectionName(c);
  router.Add("GET", base, [&s, c](Request& req) {
    return WithCaller(req, s, [&](const Caller& caller) -> Result<Response> {
      ListParams params;
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      params.cursor = std::string(req.query_param("cursor").value_or(""));
      params.search = std::string(req.query_param("q").value_or(""));
      for (const auto& [k, v] : req.query) {
        if (k != "limit" && k != "cursor" && k != "q") params.filters[k] = v;
      }
      BATON_ASSIGN_OR_RETURN(Page page, s.accounts.List(caller.session.principal, c, params));
      Json items = Json::array();
      for (const Record& r : page.items) items.push_back(RecordView(r));
      return JsonResponse(200, {{"items", std::move(items)},
                                {"next_cursor", page.next_cursor ? Json(*page.next_cursor) : Json(nullptr)}});
    });
  });
  router.Add("POST", base, [&s, c, base](Request& req) {
    return WithCaller(req, s, [&](const Caller& caller) -> Result<Response> {
      return Idempotent(req, s, caller, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Record record, s.accounts.Create(caller.session.principal, c, body));
        Response r = RecordResponse(201, record);
        r.set_header("Location", base + "/" + record.id);
        return r;
      });
    });
  });
  router.Add("GET", base + "/{id}", [&s, c](Request& req) {
    return WithCaller(req, s, [&](const Caller& caller) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(Record record, s.accounts.Get(caller.session.principal, c, req.params["id"]));
      return RecordResponse(200, record);
    });
  });
  router.Add("PATCH", base + "/{id}", [&s, c](Request& req) {
    return WithCaller(req, s, [&](const Caller& caller) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Record record,
                             s.accounts.Update(caller.session.principal, c, req.params["id"], body, version));
      return RecordResponse(200, record);
    });
  });
  router.Add("DELETE", base + "/{id}", [&s, c](Request& req) {
    return WithCaller(req, s, [&](const Caller& caller) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Record record,
                             s.accounts.Deactivate(caller.session.principal, c, req.params["id"], version));
      return RecordResponse(200, record);
    });
  });
}

void AddAuditRoutes(Router& router, Services& s) {
  router.Add("POST", "/api/v1/users/{id}/password", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& caller) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_RETURN_IF_ERROR(OnlyFields(body, {"password"}));
      BATON_ASSIGN_OR_RETURN(std::string password, RequiredString(body, "password"));
      BATON_RETURN_IF_ERROR(s.auth.ResetPassword(caller.session.principal, req.params["id"], password));
      Response r;
      r.status = 204;
      r.content_type.clear();
      return r;
    });
  });
  router.Add("GET", "/api/v1/audit", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& caller) -> Result<Response> {
      auto entity = req.query_param("entity");
      if (!entity) return Status::InvalidField("entity", "is required, as COLLECTION:ID (e.g. sites:0190...)");
      size_t colon = entity->find(':');
      auto collection = colon == std::string_view::npos ? std::nullopt : ParseCollection(entity->substr(0, colon));
      if (!collection) {
        return Status::InvalidField("entity", "must be KIND:ID with KIND one of organizations, sites, programmes, users");
      }
      BATON_ASSIGN_OR_RETURN(int limit, IntParam(req, "limit", 100, 1, 500));
      int64_t after = 0;
      if (auto cursor = req.query_param("cursor")) {
        auto r = std::from_chars(cursor->data(), cursor->data() + cursor->size(), after);
        if (r.ec != std::errc() || r.ptr != cursor->data() + cursor->size() || after < 0) {
          return Status::InvalidField("cursor", "is not a cursor from a previous page");
        }
      }
      BATON_ASSIGN_OR_RETURN(AuditPage page, s.audit.History(caller.session.principal, *collection,
                                                             entity->substr(colon + 1), after, limit));
      return JsonResponse(200, {{"items", page.items},
                                {"next_cursor", page.next_after_seq ? Json(std::to_string(*page.next_after_seq))
                                                                    : Json(nullptr)}});
    });
  });
  router.Add("GET", "/api/v1/audit/verify", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& caller) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(VerifyReport v, s.audit.Verify(caller.session.principal));
      Json out = {{"ok", v.ok}, {"entries", v.entries}, {"records", v.records}, {"head_hash", v.head_hash}};
      if (v.first_bad_seq) out["first_bad_seq"] = *v.first_bad_seq;
      if (!v.problem.empty()) out["problem"] = v.problem;
      return JsonResponse(200, out);
    });
  });
}

}  // namespace

void RegisterApi(Router& router, Services& s, const ApiInfo& info) {
  router.Add("GET", "/api/v1/health", [info](Request&) {
    return JsonResponse(200, {{"status", "ok"}, {"version", info.version}, {"store", info.store_kind}});
  });
  router.Add("GET", "/api/v1/openapi.json", [](Request&) {
    Response r;
    r.body = std::string(OpenApiDocument());
    return r;
  });
  AddSessionRoutes(router, s);
  for (Collection c : {Collection::kOrganizations, Collection::kSites, Collection::kProgrammes, Collection::kUsers}) {
    AddCollectionRoutes(router, s, c);
  }
  AddPersonRoutes(router, s);
  AddActivityRoutes(router, s);
  AddGroupRoutes(router, s);
  AddQuestionnaireRoutes(router, s);
  AddCaseRoutes(router, s);
  AddOutcomeRoutes(router, s);
  AddReferralRoutes(router, s);
  AddMediationRoutes(router, s);
  AddReportRoutes(router, s);
  AddProgrammeReportRoutes(router, s);
  AddExportRoutes(router, s);
  AddHandoverRoutes(router, s);
  AddOrgKeyRoutes(router, s);
  AddSupportRoutes(router, s);
  AddAuditRoutes(router, s);
}

}  // namespace baton::http
