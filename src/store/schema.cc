#include "store/schema.h"

namespace baton {

const std::vector<EntityTable>& EntityTables() {
  using enum ColumnType;
  static const std::vector<EntityTable> tables = {
      {"organization", "organizations",
       {{"code", kText}, {"name", kText}, {"active", kBoolean}},
       {"code"},
       "name"},
      {"site", "sites",
       {{"organization_id", kText}, {"name", kText}, {"type", kText}, {"admin1", kText},
        {"admin2", kText}, {"active", kBoolean}},
       {},
       "name"},
      {"programme", "programmes",
       {{"organization_id", kText}, {"site_id", kText}, {"name", kText}, {"status", kText},
        {"start_date", kText}, {"end_date", kText}, {"active", kBoolean}},
       {},
       "name"},
      {"user", "users",
       {{"organization_id", kText}, {"username", kText}, {"display_name", kText},
        {"active", kBoolean}},
       {"username"},
       "username"},
      // People served. Names, phone, address and notes are sealed in `sealed` (never a column).
      {"person", "persons",
       {{"organization_id", kText}, {"programme_id", kText}, {"site_id", kText}, {"code", kText},
        {"sex", kText}, {"population_group", kText}, {"birth_date_est", kText}, {"status", kText},
        {"household_id", kText}, {"disability", kBoolean}, {"merged_into", kText}},
       {"code"},
       ""},
      {"consent", "consents",
       {{"organization_id", kText}, {"person_id", kText}, {"purpose", kText}, {"status", kText},
        {"date", kText}, {"partner_org_id", kText}},
       {},
       ""},
      // Programme activities (domain/activities) and their sessions; session notes are sealed.
      {"activity", "activities",
       {{"organization_id", kText}, {"programme_id", kText}, {"site_id", kText}, {"stream", kText},
        {"title", kText}, {"status", kText}, {"activity_code", kText}, {"attendance_mode", kText},
        {"start_date", kText}, {"end_date", kText}, {"active", kBoolean}},
       {},
       "title"},
      {"session", "activity_sessions",
       {{"organization_id", kText}, {"programme_id", kText}, {"activity_id", kText}, {"date", kText},
        {"facilitator_id", kText}},
       {},
       ""},
      // The attendance of a session (its id is the session's): named entries [{"person_id" or
      // "participant_id", "present"}], one row each in attendance_entries, or a headcount.
      {"attendance", "attendances",
       {{"organization_id", kText}, {"programme_id", kText}, {"activity_id", kText}, {"date", kText}},
       {},
       "",
       {{"attendance", "attendance_entries", {{"person_id", kText}, {"participant_id", kText}, {"present", kBoolean}}}}},
      // A registered person's membership of a group or enrolment in a cohort (domain/group_work).
      {"membership", "memberships",
       {{"organization_id", kText}, {"programme_id", kText}, {"activity_id", kText}, {"person_id", kText},
        {"status", kText}, {"joined_on", kText}, {"left_on", kText}, {"active", kBoolean}},
       {},
       ""},
      // A training's participant (humanitarian staff, not a registered person); the name is sealed.
      {"participant", "participants",
       {{"organization_id", kText}, {"programme_id", kText}, {"activity_id", kText}, {"sex", kText},
        {"agency_id", kText}, {"active", kBoolean}},
       {},
       ""},
      // Cooperatives and livelihood groups formed by graduates; one row per member in
      // cooperative_members, so that a person's page finds theirs. Notes are sealed.
      {"cooperative", "cooperatives",
       {{"organization_id", kText}, {"programme_id", kText}, {"site_id", kText}, {"name", kText}, {"kind", kText},
        {"status", kText}, {"formed_from", kText}, {"start_date", kText}, {"active", kBoolean}},
       {},
       "name",
       {{"members", "cooperative_members", {{"person_id", kText}, {"role", kText}}}}},
      // A needs assessment's questionnaire (its id is the activity's; domain/questionnaire), and the
      // responses to it, each with its answers sealed.
      {"questionnaire", "questionnaires",
       {{"organization_id", kText}, {"programme_id", kText}, {"activity_id", kText}},
       {},
       ""},
      {"response", "assessment_responses",
       {{"organization_id", kText}, {"programme_id", kText}, {"activity_id", kText}, {"person_id", kText},
        {"date", kText}, {"active", kBoolean}},
       {},
       ""},
      // Lay counselling (domain/cases): a case, its sessions and supervision notes, risk assessments
      // and the risk flags a supervisor acknowledges. Summaries, plans, notes and details are sealed.
      {"case", "cases",
       {{"organization_id", kText}, {"programme_id", kText}, {"site_id", kText}, {"person_id", kText},
        {"counsellor_id", kText}, {"supervisor_id", kText}, {"status", kText}, {"opened_on", kText},
        {"closed_on", kText}, {"next_follow_up", kText}, {"active", kBoolean}},
       {},
       ""},
      {"case_session", "case_sessions",
       {{"organization_id", kText}, {"programme_id", kText}, {"case_id", kText}, {"person_id", kText},
        {"counsellor_id", kText}, {"date", kText}, {"active", kBoolean}, {"type", kText}, {"attended", kBoolean}},
       {},
       ""},
      {"supervision", "case_supervisions",
       {{"organization_id", kText}, {"programme_id", kText}, {"case_id", kText}, {"supervisor_id", kText},
        {"date", kText}},
       {},
       ""},
      {"risk_assessment", "risk_assessments",
       {{"organization_id", kText}, {"programme_id", kText}, {"person_id", kText}, {"case_id", kText},
        {"date", kText}, {"level", kText}, {"active", kBoolean}},
       {},
       ""},
      {"risk_flag", "risk_flags",
       {{"organization_id", kText}, {"programme_id", kText}, {"person_id", kText}, {"case_id", kText},
        {"supervisor_id", kText}, {"status", kText}, {"raised_ms", kInteger}, {"due_ms", kInteger},
        {"source_id", kText}},
       {},
       ""},
      // Outcome instruments (domain/instruments): a programme's own definitions, and the
      // assessments made with any instrument; item answers are sealed, totals and bands are not.
      {"instrument", "instruments",
       {{"organization_id", kText}, {"programme_id", kText}, {"code", kText}, {"active", kBoolean}},
       {},
       ""},
      {"assessment", "outcome_assessments",
       {{"organization_id", kText}, {"programme_id", kText}, {"person_id", kText}, {"case_id", kText},
        {"instrument", kText}, {"timepoint", kText}, {"date", kText}, {"active", kBoolean}, {"total", kText}},
       {},
       ""},
      // The referral directory (domain/referrals): services an organisation refers people to.
      {"service", "referral_services",
       {{"organization_id", kText}, {"category", kText}, {"name", kText}, {"active", kBoolean}},
       {},
       "name"},
      // Referrals of a person to a service of the directory (outgoing) or from another organisation
      // (incoming); reason and feedback are sealed.
      {"referral", "referrals",
       {{"organization_id", kText}, {"programme_id", kText}, {"person_id", kText}, {"case_id", kText},
        {"service_id", kText}, {"direction", kText}, {"status", kText}, {"urgency", kText}, {"made_on", kText},
        {"follow_up_on", kText}},
       {},
       ""},
      // Conflict mediation (domain/mediation): a mediation case, one row per party and per mediator in
      // element tables (a person's mediations, a mediator's caseload), its sessions and agreements.
      // Summaries, notes and the agreements' text are sealed.
      {"mediation", "mediations",
       {{"organization_id", kText}, {"programme_id", kText}, {"site_id", kText}, {"dispute_type", kText},
        {"status", kText}, {"outcome", kText}, {"opened_on", kText}, {"closed_on", kText}, {"follow_up_on", kText},
        {"active", kBoolean}},
       {},
       "",
       {{"parties", "mediation_parties", {{"person_id", kText}}},
        {"mediators", "mediation_mediators", {{"user_id", kText}}}}},
      {"mediation_session", "mediation_sessions",
       {{"organization_id", kText}, {"programme_id", kText}, {"mediation_id", kText}, {"date", kText},
        {"active", kBoolean}},
       {},
       ""},
      {"mediation_agreement", "mediation_agreements",
       {{"organization_id", kText}, {"programme_id", kText}, {"mediation_id", kText}, {"date", kText},
        {"held", kText}, {"active", kBoolean}},
       {},
       ""},
      // A programme report's narrative for a period (domain/programme_reports); its figures are
      // worked out when it is rendered, never stored.
      {"programme_report", "programme_reports",
       {{"organization_id", kText}, {"programme_id", kText}, {"audience", kText}, {"status", kText}},
       {},
       ""},
      // A handover of a programme to a partner organisation (domain/handover): the plan, its
      // approvals, the package made and its acceptance.
      {"handover", "handovers",
       {{"organization_id", kText}, {"programme_id", kText}, {"receiver_organization_id", kText},
        {"status", kText}},
       {},
       ""},
      // Support after a handover (domain/support): technical tools shared, whose versions are the
      // record's history, and advising sessions.
      {"support_tool", "support_tools",
       {{"organization_id", kText}, {"programme_id", kText}, {"category", kText}},
       {},
       ""},
      {"advising_session", "advising_sessions",
       {{"organization_id", kText}, {"programme_id", kText}, {"date", kText}},
       {},
       ""},
      // Password hashes live apart from users so that user history never shows them.
      {"credential", "credentials", {}, {}, ""},
  };
  return tables;
}

const EntityTable* FindEntityTable(std::string_view kind) {
  for (const EntityTable& t : EntityTables()) {
    if (t.kind == kind) return &t;
  }
  return nullptr;
}

const Column* FindColumn(const EntityTable& table, std::string_view field) {
  for (const Column& c : table.columns) {
    if (c.field == field) return &c;
  }
  return nullptr;
}

const ElementTable* FindElementTable(const EntityTable& table, std::string_view field) {
  for (const ElementTable& e : table.elements) {
    if (e.field == field) return &e;
  }
  return nullptr;
}

const Column* FindColumn(const ElementTable& table, std::string_view field) {
  for (const Column& c : table.columns) {
    if (c.field == field) return &c;
  }
  return nullptr;
}

}  // namespace baton
