// Everything the HTTP layer and the command line call, built over one open store.
#pragma once

#include <memory>

#include "service/account_service.h"
#include "service/activity_service.h"
#include "service/audit_service.h"
#include "service/auth_service.h"
#include "service/case_service.h"
#include "service/context.h"
#include "service/export_service.h"
#include "service/handover_service.h"
#include "service/cooperative_service.h"
#include "service/idempotency_service.h"
#include "service/mediation_service.h"
#include "service/membership_service.h"
#include "service/org_keys.h"
#include "service/outcome_service.h"
#include "service/person_import.h"
#include "service/person_service.h"
#include "service/programme_report_service.h"
#include "service/questionnaire_service.h"
#include "service/risk_service.h"
#include "service/support_service.h"
#include "service/referral_service.h"
#include "service/report_service.h"
#include "service/training_service.h"

namespace baton {

struct Services {
  Services(Store& store, const Clock& clock, Random& random, ServiceOptions options)
      : ctx(store, clock, random, std::move(options)), auth(ctx), accounts(ctx, auth), audit(ctx), idempotency(ctx),
        persons(ctx), person_import(ctx, persons), attendance(ctx, persons), activities(ctx, attendance),
        memberships(ctx, persons, attendance), trainings(ctx), cooperatives(ctx, persons, attendance), questionnaires(ctx, persons, attendance),
        cases(ctx, persons, attendance), risk(ctx, persons), outcomes(ctx, persons, risk),
        referrals(ctx, persons, attendance), mediations(ctx, persons, attendance), reports(ctx, outcomes),
        programme_reports(ctx, reports), exports(ctx, persons), org_keys(ctx), handovers(ctx, persons, org_keys), support(ctx) {}

  ServiceContext ctx;
  AuthService auth;
  AccountService accounts;
  AuditService audit;
  IdempotencyService idempotency;
  PersonService persons;
  PersonImport person_import;
  AttendanceService attendance;
  ActivityService activities;
  MembershipService memberships;
  TrainingService trainings;
  CooperativeService cooperatives;
  QuestionnaireService questionnaires;
  CaseService cases;
  RiskService risk;
  OutcomeService outcomes;
  ReferralService referrals;
  MediationService mediations;
  ReportService reports;
  ProgrammeReportService programme_reports;
  ExportService exports;
  OrgKeyService org_keys;
  HandoverService handovers;
  SupportService support;
};

// Removes expired sessions and idempotency answers older than kIdempotencyKeepMs; the server
// calls it every few minutes.
Status Housekeep(Store& store, int64_t now_ms);

// Reads the node's identity and demo flag from the store (making the node id on first use) and
// builds the services. `base` supplies the remaining options.
Result<std::unique_ptr<Services>> OpenServices(Store& store, const Clock& clock, Random& random,
                                               ServiceOptions base = {});

}  // namespace baton
