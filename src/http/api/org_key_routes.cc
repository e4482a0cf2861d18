// Organisation keys (docs/formats/handover.md "Organisation keys"): an organisation's key card at
// /api/v1/organizations/{id}/public-key, a new key pair made by its admin (POST .../rotate), and a
// partner's key registered from its card (PUT). Handlers only translate between HTTP and
// OrgKeyService.
#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {
namespace {

// {"public_key": "baton-org-key-1:..."} and nothing else.
Result<std::string> PublicKeyText(const Json& body) {
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it.key() != "public_key") return Status::InvalidField(it.key(), "is not a field here");
  }
  if (!body.contains("public_key")) return Status::InvalidField("public_key", "is required");
  if (!body["public_key"].is_string()) return Status::InvalidField("public_key", "must be a string");
  return body["public_key"].get<std::string>();
}

}  // namespace

void AddOrgKeyRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/organizations/{id}/public-key", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json card, s.org_keys.Card(c.session.principal, req.params["id"]));
      return JsonResponse(200, card);
    });
  });
  router.Add("POST", "/api/v1/organizations/{id}/public-key/rotate", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
        BATON_ASSIGN_OR_RETURN(Json card, s.org_keys.Rotate(c.session.principal, req.params["id"]));
        return JsonResponse(200, card);
      });
    });
  });
  router.Add("PUT", "/api/v1/organizations/{id}/public-key", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(std::string text, PublicKeyText(body));
      BATON_ASSIGN_OR_RETURN(Json card, s.org_keys.Register(c.session.principal, req.params["id"], text));
      return JsonResponse(200, card);
    });
  });
}

}  // namespace baton::http
