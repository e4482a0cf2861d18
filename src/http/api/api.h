// The /api/v1 routes: plain functions from Request to Response over the services.
#pragma once

#include <string>

#include "http/router.h"
#include "service/services.h"

namespace baton::http {

struct ApiInfo {
  std::string version;     // baton's version, reported by /health
  std::string store_kind;  // "sqlite" or "postgres"
};

void RegisterApi(Router& router, Services& services, const ApiInfo& info);
// The /api/v1/persons routes (person_routes.cc); RegisterApi adds them.
void AddPersonRoutes(Router& router, Services& services);
void AddActivityRoutes(Router& router, Services& services);
void AddGroupRoutes(Router& router, Services& services);
void AddQuestionnaireRoutes(Router& router, Services& services);
void AddCaseRoutes(Router& router, Services& services);
void AddOutcomeRoutes(Router& router, Services& services);
void AddReferralRoutes(Router& router, Services& services);
void AddMediationRoutes(Router& router, Services& services);
void AddReportRoutes(Router& router, Services& services);
void AddProgrammeReportRoutes(Router& router, Services& services);
// GET /api/v1/exports/{kind} (export_routes.cc).
void AddExportRoutes(Router& router, Services& services);
// /api/v1/handovers (handover_routes.cc).
void AddHandoverRoutes(Router& router, Services& services);
// /api/v1/organizations/{id}/public-key: key cards, rotate, register (org_key_routes.cc).
void AddOrgKeyRoutes(Router& router, Services& services);
// /api/v1/support-tools and /api/v1/advising-sessions: support after a handover (support_routes.cc).
void AddSupportRoutes(Router& router, Services& services);

// The OpenAPI 3.1 document served at /api/v1/openapi.json (kept in src/http/api/openapi.json).
std::string_view OpenApiDocument();

}  // namespace baton::http
