// The access matrix: every endpoint × every demo role of the owning organisation, of another
// organisation, and of an organisation a programme is shared with × a target owned by IOM or by
// ALARM. The expectations below are written from the access table of docs/ARCHITECTURE.md, not from
// the product code. Allowed means 2xx; denied means 403 problem (the product answers 403, not 404,
// for records that exist but may not be read: their existence is not hidden, since ids are random
// UUIDv7 values only learnt from listings the caller may see).
#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/e2e.h"

namespace baton::test {
namespace {

// The callers, in the order of the expectation columns.
const std::vector<std::string> kCallers = {
    "iom.admin",   "iom.manager", "iom.supervisor", "iom.counsellor",  "iom.facilitator", "iom.me_officer",
    "iom.viewer",  "iom.advisor", "alarm.admin",    "alarm.manager",   "alarm.counsellor", "dca.viewer"};

enum class Target { kNone, kIom, kAlarm, kSelf };

struct Row {
  const char* method;
  const char* path;  // under /api/v1/; {id} is the target's id
  Target target;
  // One character per caller (kCallers order; '|' and ' ' are ignored):
  //   Y allowed (2xx)   - denied (403)   C refused as a conflict (409)   I refused as invalid (422)
  const char* expect;
};

// clang-format off
//                                                               iom: adm mgr sup cou fac meo vwr adv | alarm: adm mgr cou | dca.viewer
const Row kRows[] = {
    // Organisations: everyone signed in reads; an admin creates; the owner's admin changes,
    // deactivates and sees the history (an organisation owns itself).
    {"GET",    "organizations",                         Target::kNone,  "YYYYYYYY|YYY|Y"},
    {"POST",   "organizations",                         Target::kNone,  "Y-------|Y--|-"},
    {"GET",    "organizations/{id}",                    Target::kIom,   "YYYYYYYY|YYY|Y"},
    {"GET",    "organizations/{id}",                    Target::kAlarm, "YYYYYYYY|YYY|Y"},
    {"PATCH",  "organizations/{id}",                    Target::kIom,   "Y-------|---|-"},
    {"PATCH",  "organizations/{id}",                    Target::kAlarm, "--------|Y--|-"},
    // (Deactivating one's own organisation would lock its people out for good: a conflict.)
    {"DELETE", "organizations/{id}",                    Target::kIom,   "C-------|---|-"},
    {"DELETE", "organizations/{id}",                    Target::kAlarm, "--------|C--|-"},
    {"GET",    "audit?entity=organizations:{id}",       Target::kIom,   "Y-------|---|-"},
    {"GET",    "audit?entity=organizations:{id}",       Target::kAlarm, "--------|Y--|-"},
    // Organisation keys: everyone signed in reads a key card; the organisation's own admin makes
    // it a new key pair (rotate); an admin of another organisation registers a partner's key from
    // its card — refused as a conflict for IOM and ALARM, which keep their own pairs on this node.
    {"GET",    "organizations/{id}/public-key",         Target::kIom,   "YYYYYYYY|YYY|Y"},
    {"GET",    "organizations/{id}/public-key",         Target::kAlarm, "YYYYYYYY|YYY|Y"},
    {"POST",   "organizations/{id}/public-key/rotate",  Target::kIom,   "Y-------|---|-"},
    {"POST",   "organizations/{id}/public-key/rotate",  Target::kAlarm, "--------|Y--|-"},
    {"PUT",    "organizations/{id}/public-key",         Target::kIom,   "--------|C--|-"},
    {"PUT",    "organizations/{id}/public-key",         Target::kAlarm, "C-------|---|-"},
    // Sites: the same rules as organisations.
    {"GET",    "sites",                                 Target::kNone,  "YYYYYYYY|YYY|Y"},
    {"POST",   "sites",                                 Target::kNone,  "Y-------|Y--|-"},
    {"GET",    "sites/{id}",                            Target::kIom,   "YYYYYYYY|YYY|Y"},
    {"GET",    "sites/{id}",                            Target::kAlarm, "YYYYYYYY|YYY|Y"},
    {"PATCH",  "sites/{id}",                            Target::kIom,   "Y-------|---|-"},
    {"PATCH",  "sites/{id}",                            Target::kAlarm, "--------|Y--|-"},
    {"DELETE", "sites/{id}",                            Target::kIom,   "Y-------|---|-"},
    {"DELETE", "sites/{id}",                            Target::kAlarm, "--------|Y--|-"},
    {"GET",    "audit?entity=sites:{id}",               Target::kIom,   "Y-------|---|-"},
    {"GET",    "audit?entity=sites:{id}",               Target::kAlarm, "--------|Y--|-"},
    // Programmes: read by the owner's users and by organisations in viewer_organization_ids (the
    // IOM programme grants DCA; ALARM's grants only UNMISS); admin and manager of the owner create,
    // change and see history; only the owner's admin deactivates. Everyone may list (filtered).
    {"GET",    "programmes",                            Target::kNone,  "YYYYYYYY|YYY|Y"},
    {"POST",   "programmes",                            Target::kNone,  "YY------|YY-|-"},
    {"GET",    "programmes/{id}",                       Target::kIom,   "YYYYYYYY|---|Y"},
    {"GET",    "programmes/{id}",                       Target::kAlarm, "--------|YYY|-"},
    {"PATCH",  "programmes/{id}",                       Target::kIom,   "YY------|---|-"},
    {"PATCH",  "programmes/{id}",                       Target::kAlarm, "--------|YY-|-"},
    {"DELETE", "programmes/{id}",                       Target::kIom,   "Y-------|---|-"},
    {"DELETE", "programmes/{id}",                       Target::kAlarm, "--------|Y--|-"},
    {"GET",    "audit?entity=programmes:{id}",          Target::kIom,   "YY------|---|-"},
    {"GET",    "audit?entity=programmes:{id}",          Target::kAlarm, "--------|YY-|-"},
    // Users: admin and manager of the same organisation read (and list, within their organisation);
    // everyone reads themselves; the same organisation's admin creates, changes (also passwords),
    // deactivates (not themselves) and sees history.
    {"GET",    "users",                                 Target::kNone,  "YY------|YY-|-"},
    {"POST",   "users",                                 Target::kNone,  "Y-------|Y--|-"},
    {"GET",    "users/{id}",                            Target::kIom,   "YY------|---|-"},
    {"GET",    "users/{id}",                            Target::kAlarm, "--------|YY-|-"},
    {"GET",    "users/{id}",                            Target::kSelf,  "YYYYYYYY|YYY|Y"},
    {"PATCH",  "users/{id}",                            Target::kIom,   "Y-------|---|-"},
    {"PATCH",  "users/{id}",                            Target::kAlarm, "--------|Y--|-"},
    {"PATCH",  "users/{id}",                            Target::kSelf,  "Y-------|Y--|-"},
    {"DELETE", "users/{id}",                            Target::kIom,   "Y-------|---|-"},
    {"DELETE", "users/{id}",                            Target::kAlarm, "--------|Y--|-"},
    {"DELETE", "users/{id}",                            Target::kSelf,  "C-------|C--|-"},
    {"POST",   "users/{id}/password",                   Target::kIom,   "Y-------|---|-"},
    {"POST",   "users/{id}/password",                   Target::kAlarm, "--------|Y--|-"},
    {"GET",    "audit?entity=users:{id}",               Target::kIom,   "Y-------|---|-"},
    {"GET",    "audit?entity=users:{id}",               Target::kAlarm, "--------|Y--|-"},
    // The change log check: admins.
    {"GET",    "audit/verify",                          Target::kNone,  "Y-------|Y--|-"},
    // People and their consents: only the owning organisation; manager, supervisor and counsellor
    // in full (they register, change and record consent); the facilitator reads names for
    // attendance and the M&E officer reads de-identified, neither changes anything; admin, viewer
    // and advisor see no one. Erase, merge and the subject access export: the owner's manager.
    // The form's option lists are no one's data: everyone signed in.
    {"GET",    "persons",                               Target::kNone,  "-YYYYY--|-YY|-"},
    {"POST",   "persons",                               Target::kNone,  "-YYY----|-YY|-"},
    {"GET",    "persons/options",                       Target::kNone,  "YYYYYYYY|YYY|Y"},
    {"POST",   "persons/duplicates",                    Target::kNone,  "-YYY----|-YY|-"},
    // Bulk import of a register (a dry run here, which writes nothing): the owner's manager.
    {"POST",   "persons/import",                        Target::kNone,  "-Y------|-Y-|-"},
    {"GET",    "persons/{id}",                          Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "persons/{id}",                          Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "persons/{id}",                          Target::kIom,   "-YYY----|---|-"},
    {"PATCH",  "persons/{id}",                          Target::kAlarm, "--------|-YY|-"},
    {"GET",    "persons/{id}/consents",                 Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "persons/{id}/consents",                 Target::kAlarm, "--------|-YY|-"},
    {"POST",   "persons/{id}/consents",                 Target::kIom,   "-YYY----|---|-"},
    {"POST",   "persons/{id}/consents",                 Target::kAlarm, "--------|-YY|-"},
    {"GET",    "persons/{id}/export",                   Target::kIom,   "-Y------|---|-"},
    {"GET",    "persons/{id}/export",                   Target::kAlarm, "--------|-Y-|-"},
    {"POST",   "persons/{id}/merge",                    Target::kIom,   "-Y------|---|-"},
    {"POST",   "persons/{id}/merge",                    Target::kAlarm, "--------|-Y-|-"},
    {"POST",   "persons/{id}/erase",                    Target::kIom,   "-Y------|---|-"},
    {"POST",   "persons/{id}/erase",                    Target::kAlarm, "--------|-Y-|-"},
    // Activities and their sessions: only the owning organisation; its programme staff (manager,
    // supervisor, counsellor, facilitator, M&E officer) list and read them; managers plan and
    // change activities; sessions are recorded and changed by managers and by the facilitators the
    // activity names in facilitators.user_ids (IOM's names iom.facilitator; ALARM's names no user);
    // admin, viewer and advisor see no activities. The form's option lists: the same readers.
    {"GET",    "activities",                            Target::kNone,  "-YYYYY--|-YY|-"},
    {"POST",   "activities",                            Target::kNone,  "-Y------|-Y-|-"},
    {"GET",    "activities/options",                    Target::kNone,  "-YYYYY--|-YY|-"},
    {"GET",    "activities/my-week",                    Target::kNone,  "-YYYYY--|-YY|-"},
    {"GET",    "activities/{id}",                       Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "activities/{id}",                       Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "activities/{id}",                       Target::kIom,   "-Y------|---|-"},
    {"PATCH",  "activities/{id}",                       Target::kAlarm, "--------|-Y-|-"},
    {"GET",    "activities/{id}/sessions",              Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "activities/{id}/sessions",              Target::kAlarm, "--------|-YY|-"},
    {"POST",   "activities/{id}/sessions",              Target::kIom,   "-Y--Y---|---|-"},
    {"POST",   "activities/{id}/sessions",              Target::kAlarm, "--------|-Y-|-"},
    // A programme's calendar is a listing filtered to the caller's organisation (like persons by
    // site): another organisation's programme answers an empty page, checked below.
    {"GET",    "sessions?programme_id={id}",            Target::kIom,   "-YYYYY--|-YY|-"},
    {"GET",    "sessions?programme_id={id}",            Target::kAlarm, "-YYYYY--|-YY|-"},
    {"GET",    "sessions/{id}",                         Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "sessions/{id}",                         Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "sessions/{id}",                         Target::kIom,   "-Y--Y---|---|-"},
    {"PATCH",  "sessions/{id}",                         Target::kAlarm, "--------|-Y-|-"},
    // Attendance goes with the session: read by the programme's staff (people as each role sees
    // them), replaced by those who record sessions; roster and reach are read like sessions, a
    // person's activities like the person.
    {"GET",    "sessions/{id}/attendance",              Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "sessions/{id}/attendance",              Target::kAlarm, "--------|-YY|-"},
    {"PUT",    "sessions/{id}/attendance",              Target::kIom,   "-Y--Y---|---|-"},
    {"PUT",    "sessions/{id}/attendance",              Target::kAlarm, "--------|-Y-|-"},
    {"GET",    "activities/{id}/roster",                Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "activities/{id}/roster",                Target::kAlarm, "--------|-YY|-"},
    {"GET",    "activities/{id}/reach",                 Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "activities/{id}/reach",                 Target::kAlarm, "--------|-YY|-"},
    {"GET",    "persons/{id}/activities",               Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "persons/{id}/activities",               Target::kAlarm, "--------|-YY|-"},
    // Members of groups and enrolments in cohorts: read like sessions, recorded by those who record
    // the activity's sessions.
    {"GET",    "activities/{id}/members",               Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "activities/{id}/members",               Target::kAlarm, "--------|-YY|-"},
    {"POST",   "activities/{id}/members",               Target::kIom,   "-Y--Y---|---|-"},
    {"POST",   "activities/{id}/members",               Target::kAlarm, "--------|-Y-|-"},
    {"PATCH",  "memberships/{id}",                      Target::kIom,   "-Y--Y---|---|-"},
    {"PATCH",  "memberships/{id}",                      Target::kAlarm, "--------|-Y-|-"},
    // Training participants: listed like sessions (names only for those who work with them),
    // added and changed by those who record the training's sessions; certificates show names.
    {"GET",    "activities/{training}/participants",    Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "activities/{training}/participants",    Target::kAlarm, "--------|-YY|-"},
    {"POST",   "activities/{training}/participants",    Target::kIom,   "-Y--Y---|---|-"},
    {"POST",   "activities/{training}/participants",    Target::kAlarm, "--------|-Y-|-"},
    {"PATCH",  "participants/{id}",                     Target::kIom,   "-Y--Y---|---|-"},
    {"PATCH",  "participants/{id}",                     Target::kAlarm, "--------|-Y-|-"},
    // Needs assessments: the questionnaire read like the activity and set by managers; responses
    // taken by those who record the assessment's sessions and read (one by one, or exported) by its
    // facilitators, managers and M&E officers; the summary read like sessions.
    {"GET",    "activities/{assessment}/questionnaire",  Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "activities/{assessment}/questionnaire",  Target::kAlarm, "--------|-YY|-"},
    {"PUT",    "activities/{assessment}/questionnaire",  Target::kIom,   "-Y------|---|-"},
    {"PUT",    "activities/{assessment}/questionnaire",  Target::kAlarm, "--------|-Y-|-"},
    {"GET",    "activities/{assessment}/responses",      Target::kIom,   "-Y--YY--|---|-"},
    {"GET",    "activities/{assessment}/responses",      Target::kAlarm, "--------|-Y-|-"},
    {"POST",   "activities/{assessment}/responses",      Target::kIom,   "-Y--Y---|---|-"},
    {"POST",   "activities/{assessment}/responses",      Target::kAlarm, "--------|-Y-|-"},
    {"GET",    "activities/{assessment}/responses/summary", Target::kIom, "-YYYYY--|---|-"},
    {"GET",    "activities/{assessment}/responses/summary", Target::kAlarm, "--------|-YY|-"},
    {"GET",    "activities/{assessment}/responses/export", Target::kIom, "-Y--YY--|---|-"},
    {"GET",    "activities/{assessment}/responses/export", Target::kAlarm, "--------|-Y-|-"},
    {"GET",    "responses/{id}",                        Target::kIom,   "-Y--YY--|---|-"},
    {"GET",    "responses/{id}",                        Target::kAlarm, "--------|-Y-|-"},
    {"PATCH",  "responses/{id}",                        Target::kIom,   "-Y--Y---|---|-"},
    {"PATCH",  "responses/{id}",                        Target::kAlarm, "--------|-Y-|-"},
    // Cooperatives: read like activities, recorded by managers.
    {"GET",    "cooperatives",                          Target::kNone,  "-YYYYY--|-YY|-"},
    {"POST",   "cooperatives",                          Target::kNone,  "-Y------|-Y-|-"},
    {"GET",    "cooperatives/{id}",                     Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "cooperatives/{id}",                     Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "cooperatives/{id}",                     Target::kIom,   "-Y------|---|-"},
    {"PATCH",  "cooperatives/{id}",                     Target::kAlarm, "--------|-Y-|-"},
    // Counselling cases: read by those assigned (the IOM case: iom.counsellor and iom.supervisor;
    // ALARM's: alarm.counsellor), the owner's managers and M&E officers (status and dates only);
    // opened by managers, supervisors and counsellors; changed by those assigned and managers.
    {"GET",    "cases",                                 Target::kNone,  "-YYY-Y--|-YY|-"},
    {"POST",   "cases",                                 Target::kNone,  "-YYY----|-YY|-"},
    {"GET",    "cases/my-caseload",                     Target::kNone,  "---Y----|--Y|-"},
    {"GET",    "cases/supervision-queue",               Target::kNone,  "-YY-----|-Y-|-"},
    // Whom a case may be assigned to: for those who open cases.
    {"GET",    "cases/staff",                           Target::kNone,  "-YYY----|-YY|-"},
    {"GET",    "cases/{id}",                            Target::kIom,   "-YYY-Y--|---|-"},
    {"GET",    "cases/{id}",                            Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "cases/{id}",                            Target::kIom,   "-YYY----|---|-"},
    {"PATCH",  "cases/{id}",                            Target::kAlarm, "--------|-YY|-"},
    {"GET",    "cases/{id}/sessions",                   Target::kIom,   "-YYY-Y--|---|-"},
    {"GET",    "cases/{id}/sessions",                   Target::kAlarm, "--------|-YY|-"},
    {"POST",   "cases/{id}/sessions",                   Target::kIom,   "-YYY----|---|-"},
    {"POST",   "cases/{id}/sessions",                   Target::kAlarm, "--------|-YY|-"},
    {"GET",    "case-sessions/{id}",                    Target::kIom,   "-YYY-Y--|---|-"},
    {"GET",    "case-sessions/{id}",                    Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "case-sessions/{id}",                    Target::kIom,   "-YYY----|---|-"},
    {"PATCH",  "case-sessions/{id}",                    Target::kAlarm, "--------|-YY|-"},
    // Supervision notes: read as the case; written by its supervisor or a manager.
    {"GET",    "cases/{id}/supervision",                Target::kIom,   "-YYY-Y--|---|-"},
    {"GET",    "cases/{id}/supervision",                Target::kAlarm, "--------|-YY|-"},
    {"POST",   "cases/{id}/supervision",                Target::kIom,   "-YY-----|---|-"},
    {"POST",   "cases/{id}/supervision",                Target::kAlarm, "--------|-Y-|-"},
    // Risk details: those assigned and managers, never the M&E officer; a flag is acknowledged by
    // the case's supervisor or a manager, once (the second allowed caller meets a conflict).
    {"GET",    "cases/{id}/risk-assessments",           Target::kIom,   "-YYY----|---|-"},
    {"GET",    "cases/{id}/risk-assessments",           Target::kAlarm, "--------|-YY|-"},
    {"POST",   "risk-assessments",                      Target::kNone,  "-YYY----|-YY|-"},
    {"GET",    "risk-assessments/{id}",                 Target::kIom,   "-YYY----|---|-"},
    {"GET",    "risk-assessments/{id}",                 Target::kAlarm, "--------|-YY|-"},
    {"GET",    "risk-flags",                            Target::kNone,  "-YYY-Y--|-YY|-"},
    {"GET",    "risk-flags/{id}",                       Target::kIom,   "-YYY----|---|-"},
    {"GET",    "risk-flags/{id}",                       Target::kAlarm, "--------|-YY|-"},
    {"POST",   "risk-flags/{id}/acknowledge",           Target::kIom,   "-YC-----|---|-"},
    {"POST",   "risk-flags/{id}/acknowledge",           Target::kAlarm, "--------|-Y-|-"},
    // Outcome instruments: the definitions are read by everyone signed in; a programme's own are
    // added and changed by its admin and manager. Assessments follow their case: scores read as the
    // case (the M&E officer included), recorded and corrected by those assigned and managers.
    {"GET",    "instruments",                           Target::kNone,  "YYYYYYYY|YYY|Y"},
    {"POST",   "instruments",                           Target::kNone,  "YY------|YY-|-"},
    {"PATCH",  "instruments/{id}",                      Target::kIom,   "YY------|---|-"},
    {"PATCH",  "instruments/{id}",                      Target::kAlarm, "--------|YY-|-"},
    {"GET",    "assessments?case_id={id}",              Target::kIom,   "-YYY-Y--|-YY|-"},
    {"POST",   "assessments",                           Target::kNone,  "-YYY----|-YY|-"},
    {"GET",    "assessments/{id}",                      Target::kIom,   "-YYY-Y--|---|-"},
    {"GET",    "assessments/{id}",                      Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "assessments/{id}",                      Target::kIom,   "-YYY----|---|-"},
    {"PATCH",  "assessments/{id}",                      Target::kAlarm, "--------|-YY|-"},
    {"GET",    "cases/{id}/outcomes",                   Target::kIom,   "-YYY-Y--|---|-"},
    {"GET",    "cases/{id}/outcomes",                   Target::kAlarm, "--------|-YY|-"},
    // The referral directory: every user of the owner reads it, its admins and managers keep it;
    // another organisation reads nothing of it (its listing holds only the caller's own). The
    // referral forms' options are no one's data: everyone signed in.
    {"GET",    "referrals/options",                     Target::kNone,  "YYYYYYYY|YYY|Y"},
    {"GET",    "services",                              Target::kNone,  "YYYYYYYY|YYY|Y"},
    {"POST",   "services",                              Target::kNone,  "YY------|YY-|-"},
    {"GET",    "services/{id}",                         Target::kIom,   "YYYYYYYY|---|-"},
    {"GET",    "services/{id}",                         Target::kAlarm, "--------|YYY|-"},
    {"PATCH",  "services/{id}",                         Target::kIom,   "YY------|---|-"},
    {"PATCH",  "services/{id}",                         Target::kAlarm, "--------|YY-|-"},
    // Referrals: the owner's manager, supervisor and counsellor make, read and follow them and
    // print their slip; the M&E officer reads them (without reason and feedback, people
    // de-identified); no one else, and no other organisation.
    {"GET",    "referrals",                             Target::kNone,  "-YYY-Y--|-YY|-"},
    {"POST",   "referrals",                             Target::kNone,  "-YYY----|-YY|-"},
    {"GET",    "referrals/{id}",                        Target::kIom,   "-YYY-Y--|---|-"},
    {"GET",    "referrals/{id}",                        Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "referrals/{id}",                        Target::kIom,   "-YYY----|---|-"},
    {"PATCH",  "referrals/{id}",                        Target::kAlarm, "--------|-YY|-"},
    {"GET",    "referrals/{id}/slip",                   Target::kIom,   "-YYY----|---|-"},
    {"GET",    "referrals/{id}/slip",                   Target::kAlarm, "--------|-YY|-"},
    // Mediations: read by their mediators (the IOM case names iom.facilitator; ALARM's
    // alarm.counsellor), the owner's managers, supervisors and M&E officers (type, status, dates;
    // never the text); opened by managers, supervisors, and counsellors and facilitators who name
    // themselves; changed, with their sessions and agreements, by their mediators, managers and
    // supervisors. The option lists: those who may list.
    // Reports: every user of the owner reads the shared (suppressed) report, and so do viewers of
    // the organisations the programme is shared with; the internal one is for the owner's managers
    // and M&E officers.
    {"GET",    "reports/indicators?programme={id}&period=2016", Target::kIom,   "YYYYYYYY|---|Y"},
    {"GET",    "reports/indicators?programme={id}&period=2016", Target::kAlarm, "--------|YYY|-"},
    {"GET",    "reports/indicators?programme={id}&period=2016&audience=internal", Target::kIom,   "-Y---Y--|---|-"},
    {"GET",    "reports/indicators?programme={id}&period=2016&audience=internal", Target::kAlarm, "--------|-Y-|-"},
    // Programme reports (final, for the shared audience): read, listed and rendered by whoever reads
    // the programme's shared reports; written by the owner's managers and M&E officers.
    {"GET",    "programme-reports?programme_id={id}",   Target::kIom,   "YYYYYYYY|---|Y"},
    {"GET",    "programme-reports?programme_id={id}",   Target::kAlarm, "--------|YYY|-"},
    {"POST",   "programme-reports",                     Target::kNone,  "-Y---Y--|-Y-|-"},
    {"GET",    "programme-reports/{id}",                Target::kIom,   "YYYYYYYY|---|Y"},
    {"GET",    "programme-reports/{id}",                Target::kAlarm, "--------|YYY|-"},
    {"PATCH",  "programme-reports/{id}",                Target::kIom,   "-Y---Y--|---|-"},
    {"PATCH",  "programme-reports/{id}",                Target::kAlarm, "--------|-Y-|-"},
    {"GET",    "programme-reports/{id}/render",         Target::kIom,   "YYYYYYYY|---|Y"},
    {"GET",    "programme-reports/{id}/render",         Target::kAlarm, "--------|YYY|-"},
    // Support after a handover (tools shared and their versions, advising sessions): read by the
    // owner's programme staff (manager, supervisor, counsellor, facilitator, M&E officer), recorded
    // and changed by its managers. The former owner's advisors read and record while the support
    // lasts; here no programme has been handed over (iom.advisor is IOM's own), so none does.
    {"GET",    "support-tools?programme_id={id}",       Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "support-tools?programme_id={id}",       Target::kAlarm, "--------|-YY|-"},
    {"POST",   "support-tools",                         Target::kNone,  "-Y------|-Y-|-"},
    {"GET",    "support-tools/{id}",                    Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "support-tools/{id}",                    Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "support-tools/{id}",                    Target::kIom,   "-Y------|---|-"},
    {"PATCH",  "support-tools/{id}",                    Target::kAlarm, "--------|-Y-|-"},
    {"GET",    "support-tools/{id}/versions",           Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "support-tools/{id}/versions",           Target::kAlarm, "--------|-YY|-"},
    {"GET",    "advising-sessions?programme_id={id}",   Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "advising-sessions?programme_id={id}",   Target::kAlarm, "--------|-YY|-"},
    {"POST",   "advising-sessions",                     Target::kNone,  "-Y------|-Y-|-"},
    {"GET",    "advising-sessions/{id}",                Target::kIom,   "-YYYYY--|---|-"},
    {"GET",    "advising-sessions/{id}",                Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "advising-sessions/{id}",                Target::kIom,   "-Y------|---|-"},
    {"PATCH",  "advising-sessions/{id}",                Target::kAlarm, "--------|-Y-|-"},
    // Raw record exports: de-identified for the owner's admins, managers and M&E officers;
    // identified for the owner's admins and managers only.
    {"GET",    "exports/people?programme={id}",         Target::kIom,   "YY---Y--|---|-"},
    {"GET",    "exports/people?programme={id}",         Target::kAlarm, "--------|YY-|-"},
    {"GET",    "exports/cases?programme={id}&period=2016&format=csv", Target::kIom, "YY---Y--|---|-"},
    {"GET",    "exports/people?programme={id}&identity=identified", Target::kIom,   "YY------|---|-"},
    {"GET",    "exports/people?programme={id}&identity=identified", Target::kAlarm, "--------|YY-|-"},
    {"GET",    "mediations",                            Target::kNone,  "-YYYYY--|-YY|-"},
    {"POST",   "mediations",                            Target::kNone,  "-YYYY---|-YY|-"},
    {"GET",    "mediations/options",                    Target::kNone,  "-YYYYY--|-YY|-"},
    {"GET",    "mediations/{id}",                       Target::kIom,   "-YY-YY--|---|-"},
    {"GET",    "mediations/{id}",                       Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "mediations/{id}",                       Target::kIom,   "-YY-Y---|---|-"},
    {"PATCH",  "mediations/{id}",                       Target::kAlarm, "--------|-YY|-"},
    {"GET",    "mediations/{id}/sessions",              Target::kIom,   "-YY-YY--|---|-"},
    {"GET",    "mediations/{id}/sessions",              Target::kAlarm, "--------|-YY|-"},
    {"POST",   "mediations/{id}/sessions",              Target::kIom,   "-YY-Y---|---|-"},
    {"POST",   "mediations/{id}/sessions",              Target::kAlarm, "--------|-YY|-"},
    {"GET",    "mediation-sessions/{id}",               Target::kIom,   "-YY-YY--|---|-"},
    {"GET",    "mediation-sessions/{id}",               Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "mediation-sessions/{id}",               Target::kIom,   "-YY-Y---|---|-"},
    {"PATCH",  "mediation-sessions/{id}",               Target::kAlarm, "--------|-YY|-"},
    {"GET",    "mediations/{id}/agreements",            Target::kIom,   "-YY-YY--|---|-"},
    {"GET",    "mediations/{id}/agreements",            Target::kAlarm, "--------|-YY|-"},
    {"POST",   "mediations/{id}/agreements",            Target::kIom,   "-YY-Y---|---|-"},
    {"POST",   "mediations/{id}/agreements",            Target::kAlarm, "--------|-YY|-"},
    {"GET",    "mediation-agreements/{id}",             Target::kIom,   "-YY-YY--|---|-"},
    {"GET",    "mediation-agreements/{id}",             Target::kAlarm, "--------|-YY|-"},
    {"PATCH",  "mediation-agreements/{id}",             Target::kIom,   "-YY-Y---|---|-"},
    {"PATCH",  "mediation-agreements/{id}",             Target::kAlarm, "--------|-YY|-"},
    // Handovers: the sending and the receiving organisations' admins and managers read them; the
    // sender's managers plan and change them; its admins and managers approve (one of each) and
    // package; the receiver's admins and managers verify and accept the package. IOM's is packaged
    // already (approving or changing it again is a conflict); ALARM's, to UNMISS, is blocked by the
    // open case and risk flag of its programme (a conflict to approve or package). Completing one
    // takes the receiver's signed receipt (IOM's admins and managers get as far as checking it;
    // ALARM's is not packaged, a conflict). Cancelling last.
    {"GET",    "handovers",                             Target::kNone,  "YY------|YY-|-"},
    {"POST",   "handovers",                             Target::kNone,  "-Y------|-Y-|-"},
    {"GET",    "handovers/{id}",                        Target::kIom,   "YY------|YY-|-"},
    {"GET",    "handovers/{id}",                        Target::kAlarm, "--------|YY-|-"},
    {"GET",    "handovers/{id}/report",                 Target::kIom,   "YY------|YY-|-"},
    {"GET",    "handovers/{id}/report",                 Target::kAlarm, "--------|YY-|-"},
    {"PATCH",  "handovers/{id}",                        Target::kIom,   "-C------|---|-"},
    {"PATCH",  "handovers/{id}",                        Target::kAlarm, "--------|-Y-|-"},
    {"POST",   "handovers/{id}/approve",                Target::kIom,   "CC------|---|-"},
    {"POST",   "handovers/{id}/approve",                Target::kAlarm, "--------|CC-|-"},
    {"POST",   "handovers/{id}/package",                Target::kIom,   "YY------|---|-"},
    {"POST",   "handovers/{id}/package",                Target::kAlarm, "--------|CC-|-"},
    {"POST",   "handovers/{id}/complete",               Target::kIom,   "II------|---|-"},
    {"POST",   "handovers/{id}/complete",               Target::kAlarm, "--------|CC-|-"},
    {"POST",   "handovers/import?mode=verify",          Target::kNone,  "--------|YY-|-"},
    {"POST",   "handovers/{id}/cancel",                 Target::kIom,   "-Y------|---|-"},
    {"POST",   "handovers/{id}/cancel",                 Target::kAlarm, "--------|-Y-|-"},
};
// clang-format on

std::string Expectations(const Row& row) {
  std::string out;
  for (const char* p = row.expect; *p; ++p) {
    if (*p != '|' && *p != ' ') out.push_back(*p);
  }
  return out;
}

const char* TargetName(Target t) {
  switch (t) {
    case Target::kNone: return "-";
    case Target::kIom: return "iom";
    case Target::kAlarm: return "alarm";
    case Target::kSelf: return "self";
  }
  return "?";
}

bool AsMeOfficer(const std::string& caller) { return caller.ends_with(".me_officer"); }

std::string Collection(const std::string& path) {
  if (path.find("programme_id={id}") != std::string::npos) return "programmes";  // a programme's calendar
  if (path.find("programme={id}") != std::string::npos) return "programmes";     // a programme's reports
  if (path.find("case_id={id}") != std::string::npos) return "cases";            // a case's assessments
  std::string c = path.rfind("audit?entity=", 0) == 0 ? path.substr(13) : path;
  return c.substr(0, c.find_first_of("/:"));
}

struct Targets {
  std::map<std::string, std::string> main;    // collection -> id, for reads, changes and history
  std::map<std::string, std::string> victim;  // collection -> id, for deactivation
};

class AccessMatrixTest : public DemoServerTest {
 protected:
  void SetUp() override {
    DemoServerTest::SetUp();
    if (HasFatalFailure()) return;
    for (const std::string& caller : kCallers) {
      sessions_[caller] = SignIn(client(), caller);
      ASSERT_FALSE(sessions_[caller].token.empty()) << caller;
    }
    const Session& iom = sessions_["iom.admin"];
    const Session& alarm = sessions_["alarm.admin"];
    // The staff cases are assigned to: counsellors and supervisors of both organisations.
    for (const char* user : {"iom.counsellor", "iom.supervisor", "alarm.counsellor", "alarm.supervisor"}) {
      staff_[user] = SignIn(client(), user).user_id;
    }
    unmiss_org_ = FindOrg("unmiss");
    dca_org_ = FindOrg("dca");
    // A well-formed key to register: DCA's, from its key card.
    partner_key_ = client().Get("/api/v1/organizations/" + dca_org_ + "/public-key", iom.token).json().value("public_key", "");
    ASSERT_FALSE(partner_key_.empty());
    Json bor = client().Get("/api/v1/sites?q=Bor%20PoC", iom.token).json()["items"][0];
    Json demo_programme = client().Get("/api/v1/programmes", iom.token).json()["items"][0];
    ASSERT_EQ(demo_programme["viewer_organization_ids"], Json::array({unmiss_org_, dca_org_}));

    Targets& i = targets_[Target::kIom];
    i.main["organizations"] = i.victim["organizations"] = iom.organization_id;
    i.main["sites"] = Create(iom, "sites", SiteBody("IOM matrix site"));
    i.victim["sites"] = Create(iom, "sites", SiteBody("IOM site to deactivate"));
    i.main["programmes"] = demo_programme["id"];
    i.victim["programmes"] = Create(iom, "programmes", ProgrammeBody("IOM programme to deactivate", bor["id"], dca_org_));
    i.main["users"] = Create(iom, "users", UserBody("iom.target"));
    i.victim["users"] = Create(iom, "users", UserBody("iom.victim"));

    Targets& a = targets_[Target::kAlarm];
    a.main["organizations"] = a.victim["organizations"] = alarm.organization_id;
    a.main["sites"] = Create(alarm, "sites", SiteBody("ALARM matrix site"));
    a.victim["sites"] = Create(alarm, "sites", SiteBody("ALARM site to deactivate"));
    a.main["programmes"] = Create(alarm, "programmes", ProgrammeBody("ALARM programme", a.main["sites"], unmiss_org_));
    a.victim["programmes"] =
        Create(alarm, "programmes", ProgrammeBody("ALARM programme to deactivate", a.main["sites"], unmiss_org_));
    a.main["users"] = Create(alarm, "users", UserBody("alarm.target"));
    a.victim["users"] = Create(alarm, "users", UserBody("alarm.victim"));
    bor_site_ = bor["id"];

    // People: IOM's in the demo programme, ALARM's in its own programme at its own site.
    placement_["iom"] = {demo_programme["id"], bor_site_};
    placement_["alarm"] = {a.main["programmes"], a.main["sites"]};
    i.main["persons"] = Create(sessions_["iom.manager"], "persons", PersonBody("iom", "Matrix"));
    i.victim["persons"] = Create(sessions_["iom.manager"], "persons", PersonBody("iom", "Erased"));
    a.main["persons"] = Create(sessions_["alarm.manager"], "persons", PersonBody("alarm", "Matrix"));
    a.victim["persons"] = Create(sessions_["alarm.manager"], "persons", PersonBody("alarm", "Erased"));

    // Activities, each with a session with notes: IOM's names iom.facilitator, ALARM's no user.
    i.main["activities"] = Create(sessions_["iom.manager"], "activities",
                                  ActivityBody("iom", {{"user_ids", {sessions_["iom.facilitator"].user_id}}}));
    a.main["activities"] = Create(sessions_["alarm.manager"], "activities",
                                  ActivityBody("alarm", {{"external", {{{"name", "Community elder"}}}}}));
    for (const auto& [target, manager] : {std::pair{Target::kIom, "iom.manager"}, std::pair{Target::kAlarm, "alarm.manager"}}) {
      Targets& t = targets_[target];
      t.main["sessions"] = Create(sessions_[manager], "activities/" + t.main["activities"] + "/sessions",
                                  {{"date", "2017-10-02"}, {"notes", "Matrix session notes"}});
      t.main["memberships"] = Create(sessions_[manager], "activities/" + t.main["activities"] + "/members",
                                     {{"person_id", t.main["persons"]}, {"joined_on", "2017-09-05"}});
      // A training run by the same facilitators, with one participant.
      Json training = ActivityBody(target == Target::kIom ? "iom" : "alarm",
                                   target == Target::kIom ? Json{{"user_ids", {sessions_["iom.facilitator"].user_id}}}
                                                          : Json{{"external", {{{"name", "Community elder"}}}}});
      training["stream"] = "capacity_building";
      t.main["trainings"] = Create(sessions_[manager], "activities", training);
      t.main["programme-reports"] =
          Create(sessions_[manager], "programme-reports",
                 {{"programme_id", placement_[target == Target::kIom ? "iom" : "alarm"].first}, {"title", "Matrix report"},
                  {"period", "2017"}, {"status", "final"}, {"summary", "Matrix summary"}});
      t.main["support-tools"] = Create(sessions_[manager], "support-tools", SupportToolBody(target == Target::kIom ? "iom" : "alarm", "0"));
      t.main["advising-sessions"] =
          Create(sessions_[manager], "advising-sessions", AdvisingBody(target == Target::kIom ? "iom" : "alarm", "0"));
      t.main["cooperatives"] = Create(sessions_[manager], "cooperatives",
                                      CooperativeBody(target == Target::kIom ? "iom" : "alarm", "Matrix bakers"));
      t.main["participants"] = Create(sessions_[manager], "activities/" + t.main["trainings"] + "/participants",
                                      {{"name", "Matrix trainee"}, {"agency", "County health"}, {"sex", "female"}});
      // A needs assessment run by the same facilitators, with its questionnaire and one response.
      Json assessment = training;
      assessment["stream"] = "needs_assessment";
      t.main["needs_assessments"] = Create(sessions_[manager], "activities", assessment);
      HttpResponse form = client().Put("/api/v1/activities/" + t.main["needs_assessments"] + "/questionnaire",
                                       MatrixQuestionnaire(), sessions_[manager].token);
      EXPECT_EQ(form.status, 201) << form.Describe();
      t.main["responses"] = Create(sessions_[manager], "activities/" + t.main["needs_assessments"] + "/responses",
                                   {{"date", "2017-09-05"}, {"answers", {{"q_need", "water"}}}});
      // A counselling case of the target's person, with a session and a high risk that raised a flag.
      const std::string org = target == Target::kIom ? "iom" : "alarm";
      t.main["cases"] = Create(sessions_[manager], "cases", CaseBody(org, t.main["persons"], staff_[org + ".counsellor"]));
      t.main["case-sessions"] = Create(sessions_[manager], "cases/" + t.main["cases"] + "/sessions",
                                       {{"date", "2017-09-08"}, {"type", "individual"}, {"notes", "Matrix case notes"}});
      Create(sessions_[manager], "cases/" + t.main["cases"] + "/supervision", {{"note", "Matrix supervision note"}});
      HttpResponse risk = client().Post("/api/v1/risk-assessments",
                                        {{"person_id", t.main["persons"]}, {"case_id", t.main["cases"]},
                                         {"date", "2017-09-08"}, {"self_harm", "high"}},
                                        sessions_[manager].token);
      ASSERT_EQ(risk.status, 201) << risk.Describe();
      t.main["risk-assessments"] = risk.json().value("id", "");
      t.main["risk-flags"] = risk.json()["flags_raised"][0].value("id", "");
      t.main["assessments"] = Create(sessions_[manager], "assessments",
                                     {{"instrument", "who5"}, {"person_id", t.main["persons"]}, {"case_id", t.main["cases"]},
                                      {"date", "2017-09-08"}, {"answers", {3, 3, 3, 3, 3}}});
      t.main["instruments"] = Create(sessions_[manager], "instruments",
                                     {{"programme_id", placement_[org].first}, {"definition", MatrixInstrument("matrix_own")}});
      // A service of the directory, and a referral to it of someone who consented to referral.
      t.main["services"] = Create(sessions_[manager], "services",
                                  {{"name", "Matrix clinic"}, {"provider", "Matrix provider"}, {"category", "general_health"}});
      referral_person_[org] = Create(sessions_[manager], "persons", PersonBody(org, "Referred"));
      Create(sessions_[manager], "persons/" + referral_person_[org] + "/consents",
             {{"purpose", "referral"}, {"status", "given"}, {"method", "verbal"}, {"text_version", "v1"}});
      t.main["referrals"] = Create(sessions_[manager], "referrals", ReferralBody(org));
      // A mediation between the target's person and a group, mediated by IOM's facilitator or by
      // ALARM's counsellor, with a session and an agreement.
      const std::string mediator = target == Target::kIom ? sessions_["iom.facilitator"].user_id : staff_["alarm.counsellor"];
      t.main["mediations"] = Create(sessions_[manager], "mediations",
                                    MediationBody(org, {{{"person_id", t.main["persons"]}}, {{"description", "Matrix group"}}},
                                                  mediator));
      t.main["mediation-sessions"] = Create(sessions_[manager], "mediations/" + t.main["mediations"] + "/sessions",
                                            {{"date", "2017-09-04"}, {"kind", "joint"}, {"notes", "Matrix mediation notes"}});
      t.main["mediation-agreements"] = Create(sessions_[manager], "mediations/" + t.main["mediations"] + "/agreements",
                                              {{"date", "2017-09-04"}, {"text", "Matrix agreement text"}});
    }
    PlanHandovers();
  }

  // The handovers: IOM's empty programme (the one to deactivate) to ALARM, approved and packaged
  // (the package is what the import rows upload); ALARM's programme to UNMISS, planned.
  void PlanHandovers() {
    Targets& i = targets_[Target::kIom];
    Targets& a = targets_[Target::kAlarm];
    const std::string alarm_org = sessions_["alarm.admin"].organization_id;
    i.main["handovers"] = Create(sessions_["iom.manager"], "handovers", HandoverBody(i.victim["programmes"], alarm_org));
    for (const char* approver : {"iom.manager", "iom.admin"}) {
      HttpResponse r = client().Post("/api/v1/handovers/" + i.main["handovers"] + "/approve", Json::object(),
                                     sessions_[approver].token);
      ASSERT_EQ(r.status, 200) << r.Describe();
    }
    ASSERT_FALSE(Package().empty());
    a.main["handovers"] = Create(sessions_["alarm.manager"], "handovers", HandoverBody(a.main["programmes"], unmiss_org_));
  }

  // A package of IOM's handover made now, so it is sealed to ALARM's key of the moment (rows before
  // the import rows rotate it).
  std::string Package() {
    HttpResponse r = client().Post("/api/v1/handovers/" + targets_[Target::kIom].main["handovers"] + "/package",
                                   Json::object(), sessions_["iom.manager"].token);
    EXPECT_EQ(r.status, 200) << r.Describe();
    return r.body;
  }

  static Json HandoverBody(const std::string& programme, const std::string& receiver) {
    return {{"programme_id", programme},
            {"receiver_organization_id", receiver},
            {"effective_date", "2017-08-15"},
            {"purpose", "The partner continues the programme for the people it serves."},
            {"agreement_reference", "Matrix DTA"}};
  }

  static Json MatrixInstrument(const std::string& code) {
    return {{"code", code}, {"version", "1"}, {"name", "Matrix scale"},
            {"items", {{{"id", "i1"}, {"min", 0}, {"max", 3}}, {{"id", "i2"}, {"min", 0}, {"max", 3}}}}};
  }

  // A case in `org`'s programme of `person`, assigned to `counsellor` and the org's supervisor.
  Json CaseBody(const std::string& org, const std::string& person, const std::string& counsellor) {
    const auto& [programme, site] = placement_.count(org) ? placement_[org] : placement_["iom"];
    return {{"person_id", person},          {"programme_id", programme},
            {"counsellor_id", counsellor},  {"supervisor_id", staff_[(placement_.count(org) ? org : "iom") + ".supervisor"]},
            {"opened_on", "2017-09-01"},    {"summary", "Matrix case summary"}};
  }

  // A mediation in `org`'s programme between `parties`, mediated by the user `mediator`.
  Json MediationBody(const std::string& org, const Json& parties, const std::string& mediator) {
    const auto& [programme, site] = placement_.count(org) ? placement_[org] : placement_["iom"];
    return {{"programme_id", programme}, {"dispute_type", "family"}, {"parties", parties},
            {"mediators", {{{"user_id", mediator}}}}, {"opened_on", "2017-09-01"}, {"summary", "Matrix mediation summary"}};
  }

  static Json MatrixQuestionnaire() {
    return {{"version", "matrix-1"},
            {"questions",
             {{{"id", "q_need"},
               {"text", "Most urgent need"},
               {"type", "single"},
               {"choices", {{{"value", "water"}, {"label", "Water"}}, {{"value", "food"}, {"label", "Food"}}}}}}}};
  }

  // A valid activity in `org`'s programme ("iom" or "alarm"; anyone else's callers use IOM's).
  Json ActivityBody(const std::string& org, const Json& facilitators = Json::object()) {
    const auto& [programme, site] = placement_.count(org) ? placement_[org] : placement_["iom"];
    Json body = {{"programme_id", programme}, {"site_id", site},           {"stream", "peer_support"},
                 {"title", "Matrix group"},   {"start_date", "2017-09-01"}, {"end_date", "2017-12-31"}};
    if (!facilitators.empty()) body["facilitators"] = facilitators;
    return body;
  }

  // A valid outgoing referral of `org`'s consenting person to its directory's service ("iom" or
  // "alarm"; anyone else's callers use IOM's).
  Json ReferralBody(const std::string& org) {
    const std::string owner = placement_.count(org) ? org : "iom";
    const Target t = owner == "iom" ? Target::kIom : Target::kAlarm;
    return {{"direction", "outgoing"}, {"programme_id", placement_[owner].first}, {"person_id", referral_person_[owner]},
            {"service_id", targets_[t].main["services"]}, {"reason", "Matrix referral"}};
  }

  // A valid support tool and advising session in `org`'s programme ("iom" or "alarm"; anyone
  // else's callers use IOM's).
  Json SupportToolBody(const std::string& org, const std::string& n) {
    const auto& [programme, site] = placement_.count(org) ? placement_[org] : placement_["iom"];
    return {{"programme_id", programme}, {"title", "Matrix manual " + n}, {"category", "manual"}, {"version", "1." + n},
            {"shared_on", "2017-09-04"}};
  }
  Json AdvisingBody(const std::string& org, const std::string& n) {
    const auto& [programme, site] = placement_.count(org) ? placement_[org] : placement_["iom"];
    return {{"programme_id", programme}, {"date", "2017-09-14"}, {"topic", "Matrix advice " + n}, {"mode", "remote_call"},
            {"advisor_name", "Matrix advisor"}};
  }

  // A valid cooperative in `org`'s programme ("iom" or "alarm"; anyone else's callers use IOM's).
  Json CooperativeBody(const std::string& org, const std::string& name) {
    const auto& [programme, site] = placement_.count(org) ? placement_[org] : placement_["iom"];
    return {{"programme_id", programme}, {"site_id", site}, {"name", name}, {"activity", "bakery"},
            {"start_date", "2017-09-01"}};
  }

  // A valid registration in `org`'s programme ("iom" or "alarm"; anyone else's callers use IOM's).
  Json PersonBody(const std::string& org, const std::string& family) {
    const auto& [programme, site] = placement_.count(org) ? placement_[org] : placement_["iom"];
    return {{"given_name", "Abuk"}, {"family_name", family}, {"sex", "female"}, {"birth_date", "1990-05-01"},
            {"population_group", "idp_camp"}, {"programme_id", programme}, {"site_id", site}};
  }
  static std::string OrgOf(const std::string& caller) { return caller.substr(0, caller.find('.')); }

  std::string FindOrg(const std::string& code) {
    Json orgs = client().Get("/api/v1/organizations", sessions_["iom.admin"].token).json()["items"];
    for (const Json& o : orgs) {
      if (o["code"] == code) return o["id"];
    }
    ADD_FAILURE() << "no organisation " << code;
    return "";
  }

  std::string Create(const Session& as, const std::string& collection, const Json& body) {
    HttpResponse r = client().Post("/api/v1/" + collection, body, as.token);
    EXPECT_EQ(r.status, 201) << collection << ": " << r.Describe();
    return r.json().value("id", "");
  }

  static Json SiteBody(const std::string& name) { return {{"name", name}, {"type", "camp"}, {"admin1", "Jonglei"}}; }
  static Json ProgrammeBody(const std::string& name, const std::string& site, const std::string& viewer) {
    return {{"name", name}, {"site_id", site}, {"start_date", "2017-08-15"}, {"viewer_organization_ids", {viewer}}};
  }
  static Json UserBody(const std::string& username) {
    return {{"username", username}, {"display_name", username}, {"roles", {"viewer"}}, {"password", "matrix passphrase 2017"}};
  }

  // A valid request body for this case, unique per call.
  Json BodyFor(const Row& row, const std::string& collection, const std::string& caller) {
    const std::string n = std::to_string(++counter_);
    std::string method = row.method;
    std::string path = row.path;
    if (path.find("/public-key") != std::string::npos) return method == "PUT" ? Json{{"public_key", partner_key_}} : Json();
    if (path.find("/password") != std::string::npos) return {{"password", "reset passphrase number " + n}};
    if (collection == "persons") {
      const std::string owner = row.target == Target::kAlarm ? "alarm" : "iom";
      if (path == "persons") return PersonBody(OrgOf(caller), "Matrix" + n);
      if (path == "persons/duplicates") return {{"given_name", "Abuk"}, {"family_name", "Matrix"}};
      if (path.ends_with("/consents")) {
        return {{"purpose", "follow_up"}, {"status", "given"}, {"method", "verbal"}, {"text_version", "v" + n}};
      }
      if (path.ends_with("/erase")) return {{"reason", "matrix case " + n}};
      if (path.ends_with("/merge")) {
        // A fresh duplicate of the target's own organisation, so only the caller's rights decide.
        const std::string manager = owner + ".manager";
        return {{"duplicate_id", Create(sessions_[manager], "persons", PersonBody(owner, "Duplicate" + n))}};
      }
      if (method == "PATCH") return {{"notes", "Matrix note " + n}};
    }
    if (path == "handovers") {
      // The organisation's main programme (ALARM's other one: its main one has a plan already).
      const bool alarm = OrgOf(caller) == "alarm";
      return HandoverBody(alarm ? targets_[Target::kAlarm].victim["programmes"] : targets_[Target::kIom].main["programmes"],
                          alarm ? sessions_["iom.admin"].organization_id : sessions_["alarm.admin"].organization_id);
    }
    if (collection == "handovers" && method == "PATCH") return {{"notes", "Matrix note " + n}};
    // A receipt no receiver signed: only who may complete the handover gets as far as its check.
    if (path.ends_with("/complete")) return {{"receipt", "{}"}, {"signature", "AAAA"}};
    if (collection == "handovers") return Json();
    if (path == "services") {
      return {{"name", "Matrix service " + n}, {"provider", "Matrix provider"}, {"category", "education"}};
    }
    if (collection == "services") return {{"location", "Matrix location " + n}};
    if (path == "referrals") return ReferralBody(OrgOf(caller));
    if (collection == "referrals") return {{"follow_up_on", "2099-01-0" + std::to_string(1 + counter_ % 9)}};
    if (path == "programme-reports") {
      const std::string org = placement_.count(OrgOf(caller)) ? OrgOf(caller) : "iom";
      return {{"programme_id", placement_[org].first}, {"title", "Matrix report " + n}, {"period", "2017"}};
    }
    if (collection == "programme-reports") return {{"summary", "Matrix summary " + n}};
    if (path == "support-tools") return SupportToolBody(OrgOf(caller), n);
    if (collection == "support-tools") return {{"version", "2." + n}};
    if (path == "advising-sessions") return AdvisingBody(OrgOf(caller), n);
    if (collection == "advising-sessions") return {{"follow_up", "Matrix follow-up " + n}};
    if (path == "cooperatives") return CooperativeBody(OrgOf(caller), "Cooperative " + n);
    if (collection == "cooperatives") return {{"status", "inactive"}};
    if (path.ends_with("/participants")) {
      return {{"name", "Trainee " + n}, {"agency", "Matrix agency"}, {"sex", "male"}, {"pre_score", 40}};
    }
    if (collection == "participants") return {{"post_score", 70}};
    if (path.ends_with("/questionnaire")) return MatrixQuestionnaire();
    if (path.ends_with("/responses")) return {{"date", "2017-09-06"}, {"answers", {{"q_need", "food"}}}};
    if (collection == "responses") return {{"date", "2017-09-0" + std::to_string(1 + counter_ % 9)}};
    if (path == "mediations") {
      // Counsellors and facilitators open what they mediate; the others name the organisation's counsellor.
      const std::string org = placement_.count(OrgOf(caller)) ? OrgOf(caller) : "iom";
      const bool self = caller.ends_with(".counsellor") || caller.ends_with(".facilitator");
      return MediationBody(org, {{{"description", "Matrix party " + n}}, {{"description", "Their neighbours"}}},
                           self ? sessions_[caller].user_id : staff_[org + ".counsellor"]);
    }
    if (collection == "mediations" && path.ends_with("/sessions")) {
      return {{"date", "2017-10-0" + std::to_string(1 + counter_ % 9)}, {"kind", "joint"}, {"notes", "Matrix note " + n}};
    }
    if (collection == "mediations" && path.ends_with("/agreements")) {
      return {{"date", "2017-10-0" + std::to_string(1 + counter_ % 9)}, {"text", "Matrix agreement " + n}};
    }
    if (collection == "mediations") return {{"follow_up_on", "2017-11-1" + std::to_string(counter_ % 10)}};
    if (collection == "mediation-sessions") return {{"duration_minutes", 30 + counter_ % 20}};
    if (collection == "mediation-agreements") {
      return {{"held", "held"}, {"followed_up_on", "2017-10-1" + std::to_string(counter_ % 10)}};
    }
    if (path == "cases") {
      // A fresh person each time (one open case per person); a counsellor opens their own.
      const std::string org = placement_.count(OrgOf(caller)) ? OrgOf(caller) : "iom";
      const std::string person = Create(sessions_[org + ".manager"], "persons", PersonBody(org, "Client" + n));
      const bool counsellor = caller.ends_with(".counsellor");
      return CaseBody(org, person, counsellor ? sessions_[caller].user_id : staff_[org + ".counsellor"]);
    }
    if (collection == "cases" && path.ends_with("/sessions")) {
      return {{"date", "2017-10-0" + std::to_string(1 + counter_ % 9)}, {"type", "individual"}, {"notes", "Matrix note " + n}};
    }
    if (path.ends_with("/supervision")) return {{"date", "2017-10-01"}, {"note", "Matrix supervision " + n}};
    if (collection == "cases") return {{"next_follow_up", "2017-11-1" + std::to_string(counter_ % 10)}};
    if (collection == "case-sessions") return {{"duration_minutes", 30 + counter_ % 20}};
    if (path == "risk-assessments") {
      const Targets& t = targets_[OrgOf(caller) == "alarm" ? Target::kAlarm : Target::kIom];
      return {{"person_id", t.main.at("persons")}, {"case_id", t.main.at("cases")}, {"date", "2017-10-01"},
              {"self_harm", "medium"}};
    }
    if (path.ends_with("/acknowledge")) return {{"note", "Matrix acknowledgement " + n}};
    if (path == "instruments") {
      const std::string org = placement_.count(OrgOf(caller)) ? OrgOf(caller) : "iom";
      return {{"programme_id", placement_[org].first}, {"definition", MatrixInstrument("matrix_" + n)}};
    }
    if (collection == "instruments") return {{"active", true}};
    if (path == "assessments") {
      const Targets& t = targets_[OrgOf(caller) == "alarm" ? Target::kAlarm : Target::kIom];
      return {{"instrument", "who5"}, {"person_id", t.main.at("persons")}, {"case_id", t.main.at("cases")},
              {"date", "2017-10-01"}, {"answers", {2, 3, 3, 2, 3}}};
    }
    if (collection == "assessments") return {{"timepoint", "mid"}};
    if (path.ends_with("/members")) {
      // A fresh person of the target's own organisation each time, so that no membership overlaps.
      const std::string owner = row.target == Target::kAlarm ? "alarm" : "iom";
      return {{"person_id", Create(sessions_[owner + ".manager"], "persons", PersonBody(owner, "Member" + n))},
              {"joined_on", "2017-09-05"}};
    }
    if (collection == "memberships") return {{"left_on", "2017-12-01"}, {"status", "left"}};
    if (collection == "activities" || collection == "sessions") {
      if (method == "POST" && path == "activities") return ActivityBody(OrgOf(caller));
      if (method == "POST") return {{"date", "2017-10-0" + std::to_string(3 + counter_ % 6)}, {"notes", "Matrix note " + n}};
      if (method == "PATCH" && collection == "activities") return {{"description", "Matrix description " + n}};
      if (method == "PATCH") return {{"place", "Matrix place " + n}};
      if (method == "PUT") return {{"attendance", Json::array()}};
    }
    if (method == "POST") {
      if (collection == "organizations") return {{"code", "org-" + n}, {"name", "Organisation " + n}, {"type", "other"}};
      if (collection == "sites") return SiteBody("Matrix site " + n);
      if (collection == "programmes") {
        return {{"name", "Matrix programme " + n}, {"site_id", bor_site_}, {"start_date", "2018-01-01"}};
      }
      if (collection == "users") return UserBody("matrix.user" + n);
    }
    if (method == "PATCH") {
      if (collection == "organizations") return {{"country", "Country " + n}};
      if (collection == "sites") return {{"admin2", "County " + n}};
      if (collection == "programmes") return {{"description", "Description " + n}};
      if (collection == "users") return {{"display_name", "Display name " + n}};
    }
    return nullptr;
  }

  std::map<std::string, Session> sessions_;
  std::map<std::string, std::pair<std::string, std::string>> placement_;  // org -> programme, site
  std::map<std::string, std::string> referral_person_;  // org -> a person who consented to referral
  std::map<Target, Targets> targets_;
  std::map<std::string, std::string> staff_;  // username -> user id
  std::string unmiss_org_, dca_org_, bor_site_;
  std::string partner_key_;  // a public key in its text form
  std::string package_;      // IOM's handover package, addressed to ALARM (made by the first import row)
  int counter_ = 0;
};

struct Outcome {
  std::string caller, method, path;
  Target target;
  char expected;
  char actual;
  std::string detail;
};

char Classify(const HttpResponse& r) {
  if (r.status >= 200 && r.status < 300) return 'Y';
  if (r.status == 403 && IsProblem(r, 403)) return '-';
  if (r.status == 409 && IsProblem(r, 409)) return 'C';
  if (r.status == 422 && IsProblem(r, 422)) return 'I';
  return '?';
}

TEST_F(AccessMatrixTest, EveryEndpointForEveryRoleAndOrganisation) {
  struct Case {
    const Row* row;
    size_t caller;
    char expected;
  };
  std::vector<Case> cases;
  for (const Row& row : kRows) {
    std::string expect = Expectations(row);
    ASSERT_EQ(expect.size(), kCallers.size()) << row.method << " " << row.path;
    for (size_t c = 0; c < kCallers.size(); ++c) cases.push_back({&row, c, expect[c]});
  }
  // Deactivating an organisation signs its people out: those cases run last, allowed ones at the very end.
  auto late = [](const Case& c) {
    bool org_delete = std::string(c.row->method) == "DELETE" && Collection(c.row->path) == "organizations";
    return (org_delete ? 2 : 0) + (org_delete && c.expected == 'Y' ? 1 : 0);
  };
  std::stable_sort(cases.begin(), cases.end(), [&](const Case& a, const Case& b) { return late(a) < late(b); });

  std::vector<Outcome> outcomes;
  for (const Case& c : cases) {
    const Row& row = *c.row;
    const std::string& caller = kCallers[c.caller];
    const Session& s = sessions_[caller];
    const std::string collection = Collection(row.path);
    std::string id;
    if (row.target == Target::kSelf) {
      id = s.user_id;
    } else if (row.target != Target::kNone) {
      const Targets& t = targets_[row.target];
      const bool destroys = std::string(row.method) == "DELETE" || std::string(row.path).ends_with("/erase");
      id = destroys ? t.victim.at(collection) : t.main.at(collection);
      if (std::string(row.path).find("{training}") != std::string::npos) id = t.main.at("trainings");
      if (std::string(row.path).find("{assessment}") != std::string::npos) id = t.main.at("needs_assessments");
    }
    std::string path = std::string("/api/v1/") + row.path;
    if (auto p = path.find("{id}"); p != std::string::npos) path.replace(p, 4, id);
    if (auto p = path.find("{training}"); p != std::string::npos) path.replace(p, 10, id);
    if (auto p = path.find("{assessment}"); p != std::string::npos) path.replace(p, 12, id);

    HttpResponse r;
    Json body = BodyFor(row, collection, caller);
    if (std::string(row.path) == "persons/import") {
      // The register itself is the body; the programme and site are the caller's organisation's.
      const auto& [programme, site] = placement_.count(OrgOf(caller)) ? placement_[OrgOf(caller)] : placement_["iom"];
      path += "?mode=dry_run&programme_id=" + programme + "&site_id=" + site;
      r = client().Request("POST", path, {{"Authorization", "Bearer " + s.token}, {"Content-Type", "text/csv"}},
                           "first_name,surname,sex,date_of_birth,group\nAbuk,Matrix,female,1990-05-01,idp_camp\n");
    } else if (std::string(row.path).starts_with("handovers/import")) {
      if (package_.empty()) package_ = Package();
      r = client().Request("POST", path,
                           {{"Authorization", "Bearer " + s.token}, {"Content-Type", "application/vnd.baton.handover"}}, package_);
    } else if (body.is_null()) {
      r = client().Request(row.method, path, {{"Authorization", "Bearer " + s.token}});
    } else {
      r = client().Request(row.method, path, {{"Authorization", "Bearer " + s.token}, {"Content-Type", "application/json"}},
                           body.dump());
    }
    char actual = Classify(r);
    // An allowed answer must also be the right one.
    std::string detail;
    if (actual == 'Y') {
      Json j = r.json();
      std::string m = row.method;
      if (path.find("/public-key") != std::string::npos) {
        if (j.value("organization_id", "") != id || !j.contains("fingerprint")) detail = "not the organisation's key card";
      } else if (m == "GET" && (path.rfind("/api/v1/support-tools?", 0) == 0 || path.rfind("/api/v1/advising-sessions?", 0) == 0)) {
        const std::string own = targets_[row.target].main.at(path.rfind("/api/v1/support-tools?", 0) == 0 ? "support-tools" : "advising-sessions");
        bool listed = false;
        for (const Json& item : j.value("items", Json::array())) listed = listed || item.value("id", "") == own;
        if (!listed) detail = "the programme's support record is not listed";
      } else if (m == "GET" && path.ends_with("/versions")) {
        if (j.value("tool_id", "") != id || j.value("items", Json::array()).empty()) detail = "not the tool's versions";
      } else if (m == "GET" && path.ends_with("/consents")) {
        if (!j.contains("items") || !j.contains("current")) detail = "not the consents";
      } else if (m == "GET" && path.ends_with("/referrals/options")) {
        if (!j.contains("categories") || !j.contains("next_statuses")) detail = "not the referral options";
      } else if (m == "GET" && path.ends_with("/slip")) {
        if (j.value("referral_id", "") != id || !j.contains("reason")) detail = "not the referral's slip";
      } else if (m == "GET" && row.target != Target::kNone && path.find("/referrals/") != std::string::npos &&
                 AsMeOfficer(caller)) {
        if (j.value("id", "") != id || j.contains("reason")) detail = "the M&E officer reads the reason";
      } else if (path.ends_with("/responses/export")) {
        const bool csv = r.header("content-type").value_or("").starts_with("text/csv");
        if (!csv || r.body.find("response_id,date,respondent,q_need") == std::string::npos) detail = "not the responses as CSV";
      } else if (path.ends_with("/responses/summary")) {
        if (j.value("activity_id", "") != id || !j.contains("questions")) detail = "not the assessment's summary";
      } else if (path.ends_with("/questionnaire")) {
        if (j.value("activity_id", "") != id || !j.contains("form")) detail = "not the assessment's questionnaire";
      } else if (m == "GET" && path.find("/mediations/") != std::string::npos &&
                 (path.ends_with("/sessions") || path.ends_with("/agreements"))) {
        if (j.value("mediation_id", "") != id || j.value("items", Json::array()).empty()) detail = "not the mediation's records";
      } else if (m == "GET" && path.ends_with("/mediations/options")) {
        if (!j.contains("dispute_types") || !j.contains("outcomes")) detail = "not the mediation options";
      } else if (m == "GET" && path.find("/cases/") != std::string::npos &&
                 (path.ends_with("/sessions") || path.ends_with("/supervision") || path.ends_with("/risk-assessments"))) {
        if (j.value("case_id", "") != id || j.value("items", Json::array()).empty()) detail = "not the case's records";
      } else if (path.ends_with("/outcomes")) {
        if (j.value("case_id", "") != id || j.value("instruments", Json::array()).empty()) detail = "not the case's outcomes";
      } else if (path.find("assessments?case_id=") != std::string::npos) {
        // The target's organisation sees its case's assessment; another sees an empty list.
        const bool owner = s.organization_id == sessions_[row.target == Target::kAlarm ? "alarm.admin" : "iom.admin"].organization_id;
        if (!j.contains("items") || j["items"].empty() == owner) detail = owner ? "the assessment is missing" : "lists another organisation's assessment";
      } else if (path.ends_with("/supervision-queue")) {
        if (!j.contains("flags") || !j.contains("closures")) detail = "not the supervision queue";
      } else if (path.ends_with("/cases/staff")) {
        if (j.value("counsellors", Json::array()).empty() || j.value("supervisors", Json::array()).empty()) {
          detail = "not the staff cases are assigned to";
        }
      } else if (path.ends_with("/acknowledge")) {
        if (j.value("status", "") != "acknowledged") detail = "not acknowledged";
      } else if (m == "GET" && path.ends_with("/responses")) {
        if (!j.contains("items") || j["items"].empty() || !j["items"][0].contains("answers")) detail = "not the responses";
      } else if (m == "GET" && path.ends_with("/export")) {
        if (!j.contains("person") || j["person"].value("id", "") != id) detail = "not the export of the record";
      } else if (m == "GET" && path.ends_with("/activities/options")) {
        if (!j.contains("streams") || !j.contains("code_table")) detail = "not the activity options";
      } else if (m == "GET" && (path.ends_with("/sessions") || path.find("sessions?programme_id=") != std::string::npos)) {
        // Sessions listed: the caller's organisation's only; an activity's own are there.
        if (!j.contains("items") || !j["items"].is_array()) detail = "not a listing";
        for (const Json& item : j.value("items", Json::array())) {
          if (item.value("organization_id", "") != s.organization_id) detail = "lists another organisation's session";
        }
        if (path.ends_with("/sessions")) {
          if (j.value("items", Json::array()).empty()) detail = "the activity's session is missing";
          for (const Json& item : j.value("items", Json::array())) {
            if (item.value("activity_id", "") != id) detail = "lists another activity's session";
          }
        }
      } else if (path.ends_with("/attendance")) {
        if (j.value("session_id", "") != id || !j.contains("attendance")) detail = "not the session's attendance";
      } else if (m == "GET" && (path.ends_with("/roster") || path.ends_with("/reach") || path.ends_with("/members") ||
                                path.ends_with("/participants"))) {
        if (j.value("activity_id", "") != id) detail = "not the activity's roster or reach";
      } else if (m == "GET" && path.ends_with("/activities") && path.find("persons/") != std::string::npos) {
        if (!j.contains("items") || !j["items"].is_array()) detail = "not the person's activities";
      } else if (m == "GET" && path.ends_with("/options")) {
        if (!j.contains("population_groups")) detail = "not the options";
      } else if (m == "POST" && path.find("persons/import") != std::string::npos) {
        if (j.value("valid", -1) != 1 || j.value("imported", -1) != 0) detail = "not a clean dry run";
      } else if (m == "POST" && path.ends_with("/duplicates")) {
        if (r.status != 200 || !j.contains("items")) detail = "not a duplicate check";
      } else if (m == "POST" && path.ends_with("/erase")) {
        if (j.value("status", "") != "erased") detail = "not erased";
      } else if (m == "POST" && path.ends_with("/merge")) {
        if (!j.contains("merged_from") || j["merged_from"].empty()) detail = "not merged";
      } else if (m == "GET" && path.rfind("/api/v1/programme-reports?", 0) == 0) {
        const std::string own = targets_[row.target].main.at("programme-reports");
        bool listed = false;
        for (const Json& item : j.value("items", Json::array())) listed = listed || item.value("id", "") == own;
        if (!listed) detail = "the programme's report is not listed";
      } else if (m == "GET" && path.ends_with("/render")) {
        if (j.value("id", "") != id || !j.contains("indicators") || !j.contains("narrative")) detail = "not the rendered report";
      } else if (m == "GET" && path.rfind("/api/v1/reports/indicators", 0) == 0) {
        const bool internal = path.find("audience=internal") != std::string::npos;
        if (!j.contains("programme") || j["programme"].value("id", "") != id || !j.contains("indicators")) {
          detail = "not the programme's report";
        } else if (internal && j.value("audience", "") != "internal") {
          detail = "not the audience asked for";
        }
      } else if (m == "GET" && path.rfind("/api/v1/exports/", 0) == 0 && path.find("format=csv") != std::string::npos) {
        if (r.header("x-baton-sensitivity").value_or("").empty() || r.body.find("#person+code") == std::string::npos) {
          detail = "not an export with its sensitivity and HXL row";
        }
      } else if (m == "GET" && path.rfind("/api/v1/exports/", 0) == 0) {
        const bool identified = path.find("identity=identified") != std::string::npos;
        if (!j.contains("programme") || j["programme"].value("id", "") != id || !j.contains("rows")) {
          detail = "not the programme's export";
        } else if (j.value("identity", "") != (identified ? "identified" : "deidentified")) {
          detail = "not the identity asked for";
        }
      } else if (path.find("/handovers/import") != std::string::npos) {
        if (j.value("verified", false) != true || j["handover"].value("id", "") != targets_[Target::kIom].main.at("handovers")) {
          detail = "not the verification of IOM's package";
        }
      } else if (path.ends_with("/package")) {
        if (!r.body.starts_with("BATON-HANDOVER-1\n")) detail = "not a handover package";
      } else if (path.ends_with("/cancel")) {
        if (j.value("status", "") != "cancelled") detail = "not cancelled";
      } else if (m == "GET" && path.ends_with("/report") && path.find("/handovers/") != std::string::npos) {
        if (!j.contains("handover") || j["handover"].value("id", "") != id) detail = "not the handover's report";
      } else if (m == "GET" && row.target != Target::kNone && path.find("/audit") == std::string::npos) {
        if (j.value("id", "") != id) detail = "answered with another record";
      } else if (m == "GET" && path.find("audit?entity=") != std::string::npos) {
        if (!j.contains("items") || j["items"].empty()) detail = "empty history";
      } else if (m == "GET" && path.find("verify") != std::string::npos) {
        if (j.value("ok", false) != true) detail = "verify not ok";
      } else if (m == "GET") {
        if (!j.contains("items") || !j["items"].is_array()) detail = "not a listing";
      } else if (m == "POST" && path.find("/password") == std::string::npos) {
        if (r.status != 201 || !j.contains("id")) detail = "create did not answer 201 with the record";
      } else if (m == "PATCH") {
        for (auto& [k, v] : body.items()) {
          if (j[k] != v) detail = "patch not applied";
        }
      } else if (m == "DELETE") {
        if (j.value("active", true) != false) detail = "not deactivated";
      }
      if (!detail.empty()) actual = '!';
    }
    if (actual != c.expected) {
      if (detail.empty()) detail = r.Describe().substr(0, 200);
    }
    outcomes.push_back({caller, row.method, row.path, row.target, c.expected, actual, detail});
  }

  std::ostringstream failures;
  int bad = 0;
  for (const Outcome& o : outcomes) {
    if (o.actual == o.expected) continue;
    ++bad;
    failures << "  " << o.method << " " << o.path << " [target " << TargetName(o.target) << "] as " << o.caller
             << ": expected " << o.expected << ", got " << o.actual << "  " << o.detail << "\n";
  }
  if (bad > 0) {
    // The whole matrix as run: expected/actual per cell where they differ.
    std::ostringstream grid;
    grid << "columns: ";
    for (const auto& c : kCallers) grid << c << " ";
    grid << "\n";
    for (const Row& row : kRows) {
      std::string line;
      bool differs = false;
      for (const std::string& caller : kCallers) {
        for (const Outcome& o : outcomes) {
          if (o.caller == caller && o.path == row.path && o.method == row.method && o.target == row.target) {
            line += o.actual;
            differs = differs || o.actual != o.expected;
          }
        }
      }
      char head[96];
      std::snprintf(head, sizeof head, "%-7s %-36s %-6s", row.method, row.path, TargetName(row.target));
      grid << head << " want " << Expectations(row) << " got " << line << (differs ? "  <--" : "") << "\n";
    }
    ADD_FAILURE() << bad << " of " << outcomes.size() << " access cases differ from docs/ARCHITECTURE.md:\n"
                  << failures.str() << grid.str();
  }
  EXPECT_EQ(outcomes.size(), std::size(kRows) * kCallers.size());
}

TEST_F(AccessMatrixTest, ListingsHoldOnlyWhatTheCallerMayRead) {
  // Programmes: own organisation's and granted ones only.
  for (const std::string& caller : kCallers) {
    SCOPED_TRACE(caller);
    const Session& s = sessions_[caller];
    Json items = client().Get("/api/v1/programmes?limit=200", s.token).json()["items"];
    ASSERT_TRUE(items.is_array());
    for (const Json& p : items) {
      bool own = p["organization_id"] == s.organization_id;
      bool granted = p.contains("viewer_organization_ids") &&
                     std::find(p["viewer_organization_ids"].begin(), p["viewer_organization_ids"].end(),
                               Json(s.organization_id)) != p["viewer_organization_ids"].end();
      EXPECT_TRUE(own || granted) << p;
    }
    // IOM: the demo programme and the one made in SetUp; ALARM: its two; DCA: IOM's two (granted).
    EXPECT_EQ(items.size(), 2u) << items;
  }
  // Users: only one's own organisation, even for admins.
  for (const std::string caller : {"iom.admin", "iom.manager", "alarm.admin", "alarm.manager"}) {
    SCOPED_TRACE(caller);
    const Session& s = sessions_[caller];
    Json items = client().Get("/api/v1/users?limit=200", s.token).json()["items"];
    ASSERT_TRUE(items.is_array());
    EXPECT_GE(items.size(), 9u);
    for (const Json& u : items) EXPECT_EQ(u["organization_id"], s.organization_id) << u;
    // Filtering by another organisation does not widen the listing.
    std::string other = caller.rfind("iom.", 0) == 0 ? sessions_["alarm.admin"].organization_id
                                                     : sessions_["iom.admin"].organization_id;
    HttpResponse r = client().Get("/api/v1/users?organization_id=" + other, s.token);
    ASSERT_EQ(r.status, 200) << r.Describe();
    EXPECT_EQ(r.json()["items"].size(), 0u) << r.body;
  }
  // People: only one's own organisation's, and M&E officers without names.
  for (const std::string caller :
       {"iom.manager", "iom.facilitator", "iom.me_officer", "alarm.manager", "alarm.counsellor"}) {
    SCOPED_TRACE(caller);
    const Session& s = sessions_[caller];
    Json items = client().Get("/api/v1/persons?limit=200", s.token).json()["items"];
    ASSERT_TRUE(items.is_array());
    EXPECT_FALSE(items.empty());
    for (const Json& p : items) {
      EXPECT_EQ(p["organization_id"], s.organization_id) << p;
      if (caller == "iom.me_officer") {
        EXPECT_FALSE(p.contains("given_name")) << p;
      }
    }
    // Asking for the other organisation's site or code does not widen it.
    const Target other = caller.rfind("iom.", 0) == 0 ? Target::kAlarm : Target::kIom;
    const std::string owner = other == Target::kIom ? "iom.manager" : "alarm.manager";
    Json theirs = client().Get("/api/v1/persons/" + targets_[other].main["persons"], sessions_[owner].token).json();
    ASSERT_TRUE(theirs.contains("code")) << theirs;
    HttpResponse by_code = client().Get("/api/v1/persons?q=" + theirs["code"].get<std::string>(), s.token);
    ASSERT_EQ(by_code.status, 200) << by_code.Describe();
    EXPECT_EQ(by_code.json()["items"].size(), 0u) << by_code.body;
    HttpResponse by_site = client().Get("/api/v1/persons?site_id=" + theirs["site_id"].get<std::string>(), s.token);
    ASSERT_EQ(by_site.status, 200) << by_site.Describe();
    const Json same_site = by_site.json();
    for (const Json& p : same_site["items"]) EXPECT_EQ(p["organization_id"], s.organization_id) << p;
  }
  // Activities and sessions: only one's own organisation's, and session notes only for the
  // activity's facilitators, managers and supervisors.
  for (const std::string caller : {"iom.manager", "iom.supervisor", "iom.counsellor", "iom.facilitator", "iom.me_officer",
                                   "alarm.manager", "alarm.counsellor"}) {
    SCOPED_TRACE(caller);
    const Session& s = sessions_[caller];
    const bool iom = caller.rfind("iom.", 0) == 0;
    HttpResponse activities = client().Get("/api/v1/activities?limit=200", s.token);
    ASSERT_EQ(activities.status, 200) << activities.Describe();
    const Json listed = activities.json();
    EXPECT_FALSE(listed["items"].empty());
    for (const Json& a : listed["items"]) EXPECT_EQ(a["organization_id"], s.organization_id) << a;
    const Target own = iom ? Target::kIom : Target::kAlarm;
    const Target other = iom ? Target::kAlarm : Target::kIom;
    // Asking for the other organisation's programme does not widen a listing or the calendar.
    for (const std::string& path : {"/api/v1/activities?programme_id=" + targets_[other].main["programmes"],
                                   "/api/v1/sessions?programme_id=" + targets_[other].main["programmes"]}) {
      HttpResponse r = client().Get(path, s.token);
      ASSERT_EQ(r.status, 200) << path << ": " << r.Describe();
      EXPECT_EQ(r.json()["items"].size(), 0u) << path << ": " << r.body;
    }
    const bool sees_notes = caller == "iom.manager" || caller == "iom.supervisor" || caller == "iom.facilitator" ||
                            caller == "alarm.manager";
    HttpResponse session = client().Get("/api/v1/sessions/" + targets_[own].main["sessions"], s.token);
    ASSERT_EQ(session.status, 200) << session.Describe();
    EXPECT_EQ(session.json().contains("notes"), sees_notes) << session.body;
    EXPECT_EQ(session.body.find("Matrix session notes") != std::string::npos, sees_notes) << session.body;
    EXPECT_FALSE(session.json().contains("sealed")) << session.body;
    Json calendar = client().Get("/api/v1/sessions?limit=500&programme_id=" + targets_[own].main["programmes"], s.token).json();
    ASSERT_TRUE(calendar["items"].is_array()) << calendar;
    bool found = false;
    for (const Json& item : calendar["items"]) {
      EXPECT_EQ(item["organization_id"], s.organization_id) << item;
      if (item["id"] == targets_[own].main["sessions"]) {
        found = true;
        EXPECT_EQ(item.contains("notes"), sees_notes) << item;
      }
    }
    EXPECT_TRUE(found || !calendar["next_cursor"].is_null()) << "the session is not in its programme's calendar";
  }
  // The directory and referrals: one's own organisation's only; reasons in no listing.
  for (const std::string caller : {"iom.manager", "iom.me_officer", "iom.facilitator", "alarm.counsellor", "dca.viewer"}) {
    SCOPED_TRACE(caller);
    const Session& s = sessions_[caller];
    HttpResponse services = client().Get("/api/v1/services?limit=200", s.token);
    ASSERT_EQ(services.status, 200) << services.Describe();
    const Json directory = services.json();
    EXPECT_EQ(directory["items"].empty(), caller == "dca.viewer") << directory;
    for (const Json& item : directory["items"]) EXPECT_EQ(item["organization_id"], s.organization_id) << item;
    if (caller == "iom.facilitator" || caller == "dca.viewer") continue;
    HttpResponse referrals = client().Get("/api/v1/referrals?limit=200", s.token);
    ASSERT_EQ(referrals.status, 200) << referrals.Describe();
    const Json listed = referrals.json();
    EXPECT_FALSE(listed["items"].empty());
    for (const Json& item : listed["items"]) {
      EXPECT_EQ(item["organization_id"], s.organization_id) << item;
      EXPECT_FALSE(item.contains("reason")) << item;
    }
  }
  // Mediations: only one's own organisation's; counsellors and facilitators only those they mediate;
  // lists never hold what was said, and an M&E officer sees no names.
  for (const std::string caller : {"iom.manager", "iom.counsellor", "iom.facilitator", "iom.me_officer", "alarm.manager",
                                   "alarm.counsellor"}) {
    SCOPED_TRACE(caller);
    const Session& s = sessions_[caller];
    HttpResponse r = client().Get("/api/v1/mediations?limit=200", s.token);
    ASSERT_EQ(r.status, 200) << r.Describe();
    const Json items = r.json()["items"];
    bool iom_case = false, alarm_case = false;
    for (const Json& m : items) {
      EXPECT_EQ(m["organization_id"], s.organization_id) << m;
      EXPECT_FALSE(m.contains("summary")) << m;
      if (caller == "iom.me_officer") {
        for (const Json& party : m["parties"]) {
          EXPECT_FALSE(party.contains("description")) << party;
          EXPECT_FALSE(party.value("person", Json::object()).contains("given_name")) << party;
        }
      }
      iom_case = iom_case || m["id"] == targets_[Target::kIom].main["mediations"];
      alarm_case = alarm_case || m["id"] == targets_[Target::kAlarm].main["mediations"];
    }
    EXPECT_EQ(iom_case, caller == "iom.manager" || caller == "iom.facilitator" || caller == "iom.me_officer");
    EXPECT_EQ(alarm_case, caller == "alarm.manager" || caller == "alarm.counsellor");
  }
  // Everyone sees every organisation and site.
  for (const std::string caller : {"iom.advisor", "dca.viewer", "alarm.counsellor"}) {
    Json orgs = client().Get("/api/v1/organizations", sessions_[caller].token).json()["items"];
    EXPECT_EQ(orgs.size(), 4u) << caller;
    Json sites = client().Get("/api/v1/sites", sessions_[caller].token).json()["items"];
    EXPECT_EQ(sites.size(), 5u) << caller;
  }
}

TEST_F(AccessMatrixTest, RefusedWritesChangeNothing) {
  const Session& iom = sessions_["iom.admin"];
  const std::string site = targets_[Target::kIom].main["sites"];
  Json before = client().Get("/api/v1/sites/" + site, iom.token).json();
  int64_t entries = LogEntries(client(), iom.token);
  for (const std::string caller : {"iom.manager", "iom.viewer", "alarm.admin", "dca.viewer"}) {
    EXPECT_TRUE(IsProblem(client().Patch("/api/v1/sites/" + site, {{"name", "Hijacked"}}, sessions_[caller].token), 403));
    EXPECT_TRUE(IsProblem(client().Delete("/api/v1/sites/" + site, sessions_[caller].token), 403));
  }
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/users/" + iom.user_id + "/password", {{"password", "taken over 2017!"}},
                                      sessions_["alarm.admin"].token),
                        403));
  // A person of IOM: no other organisation, and no role without the right, changes them.
  const std::string person = "/api/v1/persons/" + targets_[Target::kIom].main["persons"];
  const std::string manager = sessions_["iom.manager"].token;
  Json person_before = client().Get(person, manager).json();
  for (const std::string caller : {"alarm.manager", "iom.facilitator", "iom.me_officer", "iom.admin"}) {
    SCOPED_TRACE(caller);
    const std::string token = sessions_[caller].token;
    EXPECT_TRUE(IsProblem(client().Patch(person, {{"given_name", "Hijacked"}}, token), 403));
    EXPECT_TRUE(IsProblem(client().Post(person + "/erase", {{"reason", "hijack"}}, token), 403));
    EXPECT_TRUE(IsProblem(client().Post(person + "/consents",
                                        {{"purpose", "photo"}, {"status", "given"}, {"method", "verbal"},
                                         {"text_version", "v1"}},
                                        token),
                          403));
  }
  EXPECT_TRUE(IsProblem(client().Post(person + "/merge", {{"duplicate_id", targets_[Target::kIom].victim["persons"]}},
                                      sessions_["iom.counsellor"].token),
                        403));
  // An activity and its session of IOM: no other organisation, and no role without the right,
  // changes them or records a session.
  const std::string activity = "/api/v1/activities/" + targets_[Target::kIom].main["activities"];
  const std::string session = "/api/v1/sessions/" + targets_[Target::kIom].main["sessions"];
  Json activity_before = client().Get(activity, manager).json();
  Json session_before = client().Get(session, manager).json();
  for (const std::string caller : {"alarm.manager", "iom.facilitator", "iom.me_officer", "iom.supervisor", "iom.admin"}) {
    SCOPED_TRACE(caller);
    const std::string token = sessions_[caller].token;
    EXPECT_TRUE(IsProblem(client().Patch(activity, {{"title", "Hijacked"}}, token), 403));
    EXPECT_TRUE(IsProblem(client().Patch(activity, {{"status", "cancelled"}}, token), 403));
  }
  for (const std::string caller : {"alarm.manager", "iom.me_officer", "iom.supervisor", "iom.counsellor", "iom.admin"}) {
    SCOPED_TRACE(caller);
    const std::string token = sessions_[caller].token;
    EXPECT_TRUE(IsProblem(client().Patch(session, {{"notes", "Hijacked"}}, token), 403));
    EXPECT_TRUE(IsProblem(client().Post(activity + "/sessions", {{"date", "2017-10-09"}}, token), 403));
  }
  EXPECT_EQ(client().Get(activity, manager).json(), activity_before);
  EXPECT_EQ(client().Get(session, manager).json(), session_before);
  EXPECT_EQ(client().Get(activity + "/sessions", manager).json()["items"].size(), 1u);
  EXPECT_EQ(client().Get(person, manager).json(), person_before);
  EXPECT_EQ(client().Get(person + "/consents", manager).json()["items"].size(), 0u);
  EXPECT_EQ(client().Get("/api/v1/sites/" + site, iom.token).json(), before);
  EXPECT_EQ(LogEntries(client(), iom.token), entries);
  EXPECT_EQ(client().Get("/api/v1/me", iom.token).status, 200) << "iom.admin's session survived";
}

}  // namespace
}  // namespace baton::test
