// PostgreSQL migrations. Version N is PostgresMigrations()[N-1]; never edit one that has shipped,
// append. Ids use the "C" collation so that ordering and cursors compare bytes, as in SQLite.
#pragma once

#include <string>
#include <vector>

namespace baton::store_internal {

inline const std::vector<std::string>& PostgresMigrations() {
  static const std::vector<std::string> migrations = {
      // 1: change log, projection tables, node-local tables.
      R"sql(
CREATE TABLE change_log (
  seq BIGINT PRIMARY KEY,
  id TEXT COLLATE "C" NOT NULL UNIQUE,
  hlc BIGINT NOT NULL,
  node TEXT NOT NULL,
  actor TEXT NOT NULL,
  body TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE change_entity (
  kind TEXT COLLATE "C" NOT NULL,
  entity_id TEXT COLLATE "C" NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (kind, entity_id, seq)
);

CREATE TABLE organizations (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  code TEXT UNIQUE, name TEXT, active BOOLEAN
);
CREATE TABLE sites (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, name TEXT, type TEXT, admin1 TEXT, admin2 TEXT, active BOOLEAN
);
CREATE INDEX sites_organization ON sites (organization_id);
CREATE TABLE programmes (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, site_id TEXT, name TEXT, status TEXT, start_date TEXT, end_date TEXT,
  active BOOLEAN
);
CREATE INDEX programmes_organization ON programmes (organization_id);
CREATE INDEX programmes_site ON programmes (site_id);
CREATE TABLE users (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, username TEXT UNIQUE, display_name TEXT, active BOOLEAN
);
CREATE INDEX users_organization ON users (organization_id);
CREATE TABLE credentials (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  csrf_token TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_ms);
CREATE TABLE idempotency (
  key TEXT NOT NULL,
  user_id TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  location TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  PRIMARY KEY (key, user_id)
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql",
      // 2: the people registry (persons, consents) and its node-local tables: blind-index terms,
      // wrapped record keys, the access log and counters.
      R"sql(
CREATE TABLE persons (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, site_id TEXT, code TEXT UNIQUE, sex TEXT,
  population_group TEXT, birth_date_est TEXT, status TEXT, household_id TEXT, disability BOOLEAN,
  merged_into TEXT
);
CREATE INDEX persons_programme ON persons (programme_id);
CREATE INDEX persons_site ON persons (site_id);
CREATE INDEX persons_household ON persons (household_id);
CREATE TABLE consents (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, person_id TEXT, purpose TEXT, status TEXT, date TEXT, partner_org_id TEXT
);
CREATE INDEX consents_person ON consents (person_id);
CREATE TABLE search_terms (
  term BIGINT NOT NULL, kind TEXT COLLATE "C" NOT NULL, entity_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (term, kind, entity_id)
);
CREATE INDEX search_terms_entity ON search_terms (kind, entity_id);
CREATE TABLE record_keys (
  kind TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, wrapped TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE TABLE access_log (
  seq BIGSERIAL PRIMARY KEY, at_ms BIGINT NOT NULL, user_id TEXT NOT NULL, kind TEXT NOT NULL,
  entity_id TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE INDEX access_log_entity ON access_log (kind, entity_id);
CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
)sql",
      // 3: programme activities and their sessions.
      R"sql(
CREATE TABLE activities (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, site_id TEXT, stream TEXT, title TEXT, status TEXT,
  activity_code TEXT, attendance_mode TEXT, start_date TEXT, end_date TEXT, active BOOLEAN
);
CREATE INDEX activities_programme ON activities (programme_id);
CREATE TABLE activity_sessions (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, activity_id TEXT, date TEXT, facilitator_id TEXT
);
CREATE INDEX activity_sessions_activity ON activity_sessions (activity_id, date);
CREATE INDEX activity_sessions_programme ON activity_sessions (programme_id, date);
)sql",
      // 4: the attendance of sessions, one row per named entry; calendars listed in date order.
      R"sql(
CREATE TABLE attendances (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, activity_id TEXT, date TEXT
);
CREATE INDEX attendances_activity ON attendances (activity_id, date, id);
CREATE TABLE attendance_entries (
  entity_id TEXT COLLATE "C" NOT NULL, position INTEGER NOT NULL,
  person_id TEXT COLLATE "C", participant_id TEXT COLLATE "C", present BOOLEAN,
  PRIMARY KEY (entity_id, position)
);
CREATE INDEX attendance_entries_person ON attendance_entries (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX attendance_entries_participant ON attendance_entries (participant_id)
  WHERE participant_id IS NOT NULL;
DROP INDEX activity_sessions_activity;
DROP INDEX activity_sessions_programme;
CREATE INDEX activity_sessions_activity ON activity_sessions (activity_id, date, id);
CREATE INDEX activity_sessions_programme ON activity_sessions (programme_id, date, id);
)sql",
      // 5: memberships of groups, enrolments in cohorts, participants of trainings, cooperatives.
      R"sql(
CREATE TABLE memberships (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, activity_id TEXT, person_id TEXT, status TEXT,
  joined_on TEXT, left_on TEXT, active BOOLEAN
);
CREATE INDEX memberships_activity ON memberships (activity_id, joined_on, id);
CREATE INDEX memberships_person ON memberships (person_id);
CREATE TABLE participants (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, activity_id TEXT, sex TEXT, agency_id TEXT, active BOOLEAN
);
CREATE INDEX participants_activity ON participants (activity_id, id);
CREATE TABLE cooperatives (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, site_id TEXT, name TEXT, kind TEXT, status TEXT, formed_from TEXT,
  start_date TEXT, active BOOLEAN
);
CREATE INDEX cooperatives_organization ON cooperatives (organization_id, id);
CREATE TABLE cooperative_members (
  entity_id TEXT COLLATE "C" NOT NULL, position INTEGER NOT NULL, person_id TEXT COLLATE "C", role TEXT,
  PRIMARY KEY (entity_id, position)
);
CREATE INDEX cooperative_members_person ON cooperative_members (person_id);
)sql",
      // 6: needs-assessment questionnaires and their responses.
      R"sql(
CREATE TABLE questionnaires (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, activity_id TEXT
);
CREATE TABLE assessment_responses (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, activity_id TEXT, person_id TEXT, date TEXT, active BOOLEAN
);
CREATE INDEX assessment_responses_activity ON assessment_responses (activity_id, date, id);
CREATE INDEX assessment_responses_person ON assessment_responses (person_id) WHERE person_id IS NOT NULL;
)sql",
      // 7: listings filtered by a column and paged by id read the index in id order, instead of
      // sorting every match for each page.
      R"sql(
DROP INDEX persons_programme;
DROP INDEX persons_site;
DROP INDEX consents_person;
DROP INDEX activities_programme;
CREATE INDEX persons_programme ON persons (programme_id, id);
CREATE INDEX persons_site ON persons (site_id, id);
CREATE INDEX persons_organization ON persons (organization_id, id);
CREATE INDEX consents_person ON consents (person_id, id);
CREATE INDEX activities_programme ON activities (programme_id, id);
CREATE INDEX activities_organization ON activities (organization_id, id);
)sql",
      // 8: lay counselling cases, sessions, supervision, risk assessments and flags; outcome
      // instruments and assessments.
      R"sql(
CREATE TABLE cases (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, site_id TEXT, person_id TEXT, counsellor_id TEXT, supervisor_id TEXT,
  status TEXT, opened_on TEXT, closed_on TEXT, next_follow_up TEXT, active BOOLEAN
);
CREATE INDEX cases_programme ON cases (programme_id, id);
CREATE INDEX cases_organization ON cases (organization_id, id);
CREATE INDEX cases_person ON cases (person_id, id);
CREATE INDEX cases_counsellor ON cases (counsellor_id, id);
CREATE INDEX cases_counsellor_follow_up ON cases (counsellor_id, next_follow_up, id);
CREATE INDEX cases_supervisor ON cases (supervisor_id, id);
CREATE TABLE case_sessions (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, case_id TEXT, person_id TEXT, counsellor_id TEXT, date TEXT, active BOOLEAN
);
CREATE INDEX case_sessions_case ON case_sessions (case_id, date, id);
CREATE TABLE case_supervisions (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, case_id TEXT, supervisor_id TEXT, date TEXT
);
CREATE INDEX case_supervisions_case ON case_supervisions (case_id, date, id);
CREATE TABLE risk_assessments (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, person_id TEXT, case_id TEXT, date TEXT, level TEXT, active BOOLEAN
);
CREATE INDEX risk_assessments_case ON risk_assessments (case_id, date, id);
CREATE INDEX risk_assessments_person ON risk_assessments (person_id, date, id);
CREATE TABLE risk_flags (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, person_id TEXT, case_id TEXT, supervisor_id TEXT, status TEXT,
  raised_ms BIGINT, due_ms BIGINT, source_id TEXT
);
CREATE INDEX risk_flags_supervisor ON risk_flags (supervisor_id, status, id);
CREATE INDEX risk_flags_programme ON risk_flags (programme_id, status, id);
CREATE INDEX risk_flags_case ON risk_flags (case_id, id);
CREATE INDEX risk_flags_person ON risk_flags (person_id, id);
CREATE TABLE instruments (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, code TEXT, active BOOLEAN
);
CREATE INDEX instruments_programme ON instruments (programme_id, id);
CREATE TABLE outcome_assessments (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, person_id TEXT, case_id TEXT, instrument TEXT, timepoint TEXT,
  date TEXT, active BOOLEAN
);
CREATE INDEX outcome_assessments_case ON outcome_assessments (case_id, date, id);
CREATE INDEX outcome_assessments_person ON outcome_assessments (person_id, date, id);
CREATE INDEX outcome_assessments_programme ON outcome_assessments (programme_id, instrument, date, id);
)sql",
      // 9: the referral directory and referrals.
      R"sql(
CREATE TABLE referral_services (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, category TEXT, name TEXT, active BOOLEAN
);
CREATE INDEX referral_services_organization ON referral_services (organization_id, id);
CREATE TABLE referrals (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, person_id TEXT, case_id TEXT, service_id TEXT, direction TEXT,
  status TEXT, urgency TEXT, made_on TEXT, follow_up_on TEXT
);
CREATE INDEX referrals_organization ON referrals (organization_id, made_on, id);
CREATE INDEX referrals_programme ON referrals (programme_id, made_on, id);
CREATE INDEX referrals_person ON referrals (person_id, made_on, id);
CREATE INDEX referrals_service ON referrals (service_id);
)sql",
      // 10: conflict mediation: mediation cases with their parties and mediators, sessions, agreements.
      R"sql(
CREATE TABLE mediations (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, site_id TEXT, dispute_type TEXT, status TEXT, outcome TEXT,
  opened_on TEXT, closed_on TEXT, follow_up_on TEXT, active BOOLEAN
);
CREATE INDEX mediations_organization ON mediations (organization_id, id);
CREATE INDEX mediations_programme ON mediations (programme_id, id);
CREATE TABLE mediation_parties (
  entity_id TEXT COLLATE "C" NOT NULL, position INTEGER NOT NULL, person_id TEXT COLLATE "C",
  PRIMARY KEY (entity_id, position)
);
CREATE INDEX mediation_parties_person ON mediation_parties (person_id) WHERE person_id IS NOT NULL;
CREATE TABLE mediation_mediators (
  entity_id TEXT COLLATE "C" NOT NULL, position INTEGER NOT NULL, user_id TEXT COLLATE "C",
  PRIMARY KEY (entity_id, position)
);
CREATE INDEX mediation_mediators_user ON mediation_mediators (user_id) WHERE user_id IS NOT NULL;
CREATE TABLE mediation_sessions (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, mediation_id TEXT, date TEXT, active BOOLEAN
);
CREATE INDEX mediation_sessions_mediation ON mediation_sessions (mediation_id, date, id);
CREATE TABLE mediation_agreements (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, mediation_id TEXT, date TEXT, held TEXT, active BOOLEAN
);
CREATE INDEX mediation_agreements_mediation ON mediation_agreements (mediation_id, date, id);
)sql",
      // 11: reports read people's breakdown fields and a programme's attendance by period from
      // covering indexes, and what they count of counselling sessions and outcome scores from
      // columns, never the records' JSON.
      R"sql(
CREATE INDEX persons_report ON persons (programme_id) INCLUDE (id, sex, birth_date_est, population_group, disability, site_id);
CREATE INDEX attendances_report ON attendances (programme_id, date) INCLUDE (id, activity_id);
ALTER TABLE case_sessions ADD COLUMN type TEXT, ADD COLUMN attended BOOLEAN;
UPDATE case_sessions SET type = data::jsonb->>'type', attended = (data::jsonb->>'attended')::boolean;
ALTER TABLE outcome_assessments ADD COLUMN total TEXT;
UPDATE outcome_assessments SET total = data::jsonb->>'total';
)sql",
      // 12: programme reports: the narrative of a programme's report for a period.
      R"sql(
CREATE TABLE programme_reports (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, audience TEXT, status TEXT
);
CREATE INDEX programme_reports_programme ON programme_reports (programme_id, id);
)sql",
      // 13: reports read a programme's cases, counselling sessions by period and outcome scores
      // from covering indexes, as they read people and attendance (11).
      R"sql(
CREATE INDEX cases_report ON cases (programme_id) INCLUDE (id, person_id, opened_on, closed_on, status, site_id, active);
CREATE INDEX case_sessions_report ON case_sessions (programme_id, date) INCLUDE (person_id, type, attended, active);
CREATE INDEX outcome_assessments_report ON outcome_assessments (programme_id) INCLUDE (case_id, instrument, timepoint, date, total, active);
)sql",
      // 14: handovers of a programme to a partner organisation (domain/handover).
      R"sql(
CREATE TABLE handovers (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, receiver_organization_id TEXT, status TEXT
);
CREATE INDEX handovers_programme ON handovers (programme_id, id);
)sql",
      // 15: support after a handover (domain/support): tools shared and advising sessions.
      R"sql(
CREATE TABLE support_tools (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, category TEXT
);
CREATE INDEX support_tools_programme ON support_tools (programme_id, id);
CREATE TABLE advising_sessions (
  id TEXT COLLATE "C" PRIMARY KEY, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, programme_id TEXT, date TEXT
);
CREATE INDEX advising_sessions_programme ON advising_sessions (programme_id, date, id);
)sql",
  };
  return migrations;
}

}  // namespace baton::store_internal
