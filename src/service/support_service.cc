#include "service/support_service.h"

#include <algorithm>
#include <functional>
#include <map>
#include <utility>
#include <vector>

#include "domain/support.h"
#include "service/activity_records.h"
#include "service/record_view.h"
#include "service/placement.h"

namespace baton {
namespace {

struct KindInfo {
  const char* kind;
  const char* noun;  // in messages: "no support tool with id ..."
  const RecordSpec& spec;
  Status (*resolve)(Json&, std::string_view);
};

const KindInfo& Info(SupportKind kind) {
  static const KindInfo tool{kSupportToolKind, "support tool", SupportToolSpec(), ResolveSupportTool};
  static const KindInfo advising{kAdvisingSessionKind, "advising session", AdvisingSessionSpec(), ResolveAdvisingSession};
  return kind == SupportKind::kTool ? tool : advising;
}

// Is `who` recording support as an advisor of the former owner (rather than as the owner's staff)?
bool AsAdvisor(const Principal& who, const AccessTarget& programme) {
  return who.has(Role::kAdvisor) && std::find(programme.advisor_organization_ids.begin(), programme.advisor_organization_ids.end(),
                                              who.organization_id) != programme.advisor_organization_ids.end();
}

// Calls `fn` with every record `q` lists, page after page.
Status ForEachListed(Store& store, ListQuery q, const std::function<void(const Record&)>& fn) {
  for (;;) {
    BATON_ASSIGN_OR_RETURN(RecordPage page, store.List(q));
    for (const Record& r : page.items) fn(r);
    if (!page.has_more || page.items.empty()) return Status::Ok();
    q.after_id = page.items.back().id;
    if (!q.order_by.empty()) q.after_value = page.items.back().data.value(q.order_by, Json());
  }
}

}  // namespace

Result<Json> ProgrammeSupport(Store& store, const std::string& programme_id) {
  Json refreshers = Json::array(), tools = Json::array(), sessions = Json::array();
  BATON_RETURN_IF_ERROR(ForEachListed(
      store,
      {.kind = "activity", .equals = {{"programme_id", programme_id}, {"stream", "capacity_building"}}, .order_by = "start_date", .limit = 500},
      [&](const Record& r) {
        if (!Has(r.data, "refresher_of") || !r.data.value("active", true) || Str(r.data, "status") == "cancelled") return;
        refreshers.push_back({{"id", r.id},
                              {"title", r.data.value("title", Json())},
                              {"start_date", r.data.value("start_date", Json())},
                              {"refresher_of", r.data["refresher_of"]}});
      }));
  BATON_RETURN_IF_ERROR(
      ForEachListed(store, {.kind = kSupportToolKind, .equals = {{"programme_id", programme_id}}, .limit = 500}, [&](const Record& r) {
        if (!r.data.value("active", true)) return;
        tools.push_back({{"id", r.id},
                         {"title", r.data.value("title", Json())},
                         {"category", r.data.value("category", Json())},
                         {"version", r.data.value("version", Json())}});
      }));
  BATON_RETURN_IF_ERROR(ForEachListed(
      store, {.kind = kAdvisingSessionKind, .equals = {{"programme_id", programme_id}}, .order_by = "date", .limit = 500},
      [&](const Record& r) {
        if (!r.data.value("active", true)) return;
        sessions.push_back({{"date", r.data.value("date", Json())},
                            {"topic", r.data.value("topic", Json())},
                            {"mode", r.data.value("mode", Json())},
                            {"advisor_name", r.data.value("advisor_name", Json())}});
      }));
  return Json{{"refresher_trainings", std::move(refreshers)}, {"tools", std::move(tools)}, {"advising_sessions", std::move(sessions)}};
}

Json SupportView(SupportKind kind, const Record& record) {
  Json view = RecordView(record);
  if (kind == SupportKind::kTool) {
    // The document's version keeps its name; the record's, for the ETag, is record_version.
    view["record_version"] = record.version;
    view["version"] = record.data.value("version", Json());
  }
  return view;
}

Result<Record> SupportService::Load(SupportKind kind, std::string_view id) {
  auto r = ctx_.store().Get(Info(kind).kind, id);
  if (!r.ok() && r.status().code() == Code::kNotFound) {
    return Status::NotFound(std::string("no ") + Info(kind).noun + " with id " + std::string(id));
  }
  return r;
}

Result<std::pair<Record, AccessTarget>> SupportService::LoadFor(const Principal& who, Action action, SupportKind kind,
                                                                std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record r, Load(kind, id));
  BATON_ASSIGN_OR_RETURN(Record programme, ProgrammeNamed(ctx_.store(), Str(r.data, "programme_id")));
  AccessTarget target = ProgrammeTarget(programme.data, ctx_.Today());
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, action, Resource::kSupport, target));
  return std::pair{std::move(r), std::move(target)};
}

Result<Json> SupportService::List(const Principal& who, SupportKind kind, const SupportListParams& params) {
  if (!AccessPolicy::MayList(who, Resource::kSupport)) {
    return Status::Forbidden("your roles do not allow you to see a programme's support records");
  }
  BATON_ASSIGN_OR_RETURN(Record programme, ListedProgramme(ctx_.store(), params.programme_id));
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  BATON_RETURN_IF_ERROR(
      AccessPolicy::Check(who, Action::kRead, Resource::kSupport, ProgrammeTarget(programme.data, ctx_.Today())));
  const bool by_date = kind == SupportKind::kAdvisingSession;
  ListQuery q{.kind = Info(kind).kind, .equals = {{"programme_id", params.programme_id}}, .limit = params.limit};
  if (by_date) q.order_by = "date";
  if (!params.cursor.empty()) {
    if (by_date) {
      BATON_ASSIGN_OR_RETURN(auto after, OrderedCursorParts(params.cursor));
      if (!IsValidDate(after.first)) return Status::InvalidField("cursor", "is not a cursor from a previous page");
      q.after_value = after.first;
      q.after_id = after.second;
    } else {
      BATON_ASSIGN_OR_RETURN(q.after_id, CursorId(params.cursor));
    }
  }
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  Json items = Json::array();
  for (const Record& r : page.items) items.push_back(SupportView(kind, r));
  Json next = nullptr;
  if (page.has_more && !page.items.empty()) {
    const Record& last = page.items.back();
    next = by_date ? OrderedCursor(Str(last.data, "date"), last.id) : Cursor(last.id);
  }
  return Json{{"items", std::move(items)}, {"next_cursor", std::move(next)}};
}

Result<Json> SupportService::Get(const Principal& who, SupportKind kind, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(auto loaded, LoadFor(who, Action::kRead, kind, id));
  return SupportView(kind, loaded.first);
}

Result<Json> SupportService::Create(const Principal& who, SupportKind kind, const Json& input, const SupportAuthor& on_behalf) {
  const KindInfo& info = Info(kind);
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(info.spec, input, InputMode::kCreate));
  BATON_ASSIGN_OR_RETURN(Record programme, ProgrammeNamed(ctx_.store(), Str(state, "programme_id")));
  const AccessTarget target = ProgrammeTarget(programme.data, ctx_.Today());
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kSupport, target));
  state["organization_id"] = Str(programme.data, "organization_id");
  if (kind == SupportKind::kTool) {
    const std::string by = who.is_system() ? on_behalf.organization_id : who.organization_id;
    if (!by.empty()) state["shared_by_organization_id"] = by;
  } else {
    const std::string advisor = who.is_system() ? on_behalf.advisor_user_id : AsAdvisor(who, target) ? who.user_id : "";
    if (!advisor.empty()) {
      auto user = ctx_.store().Get("user", advisor);
      if (!user.ok()) return Status::InvalidField("advisor_name", "the advisor " + advisor + " is not a user here");
      state["advisor_user_id"] = advisor;
      if (!Has(state, "advisor_name")) state["advisor_name"] = Str(user->data, "display_name");
    }
  }
  BATON_RETURN_IF_ERROR(info.resolve(state, ctx_.Today()));
  const std::string id = ctx_.NewId();
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back({info.kind, id, ChangeOp::kCreate, std::move(state), {}});
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record r, Load(kind, id));
  return SupportView(kind, r);
}

Result<Json> SupportService::Update(const Principal& who, SupportKind kind, std::string_view id, const Json& patch,
                                    std::optional<int64_t> if_match) {
  const KindInfo& info = Info(kind);
  BATON_ASSIGN_OR_RETURN(auto loaded, LoadFor(who, Action::kUpdate, kind, id));
  const Record& current = loaded.first;
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(info.spec, patch, InputMode::kPatch));
  if (if_match && *if_match != current.version) return Stale();
  Json state = current.data;
  ApplyPatch(state, clean);
  BATON_RETURN_IF_ERROR(info.resolve(state, ctx_.Today()));
  EntityChange change{info.kind, current.id, ChangeOp::kUpdate, Diff(current.data, state),
                      if_match ? std::optional<int64_t>(current.version) : std::nullopt};
  if (!change.patch.empty()) {
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back(std::move(change));
    BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  }
  BATON_ASSIGN_OR_RETURN(Record r, Load(kind, id));
  return SupportView(kind, r);
}

Result<Json> SupportService::Versions(const Principal& who, std::string_view tool_id) {
  BATON_ASSIGN_OR_RETURN(auto loaded, LoadFor(who, Action::kRead, SupportKind::kTool, tool_id));
  const Record& tool = loaded.first;
  Store& store = ctx_.store();
  std::map<std::string, std::string> names;  // actor -> display name
  auto name_of = [&](const std::string& actor) -> std::string {
    if (actor == "system") return "system";
    auto it = names.find(actor);
    if (it != names.end()) return it->second;
    auto user = store.Get("user", actor);
    return names[actor] = user.ok() ? Str(user->data, "display_name") : "";
  };
  Json items = Json::array();
  Json state = Json::object();
  int64_t after = 0;
  for (;;) {
    BATON_ASSIGN_OR_RETURN(std::vector<LogEntry> entries, store.History(kSupportToolKind, tool.id, after, 500));
    if (entries.empty()) break;
    for (const LogEntry& e : entries) {
      after = e.seq;
      bool new_version = false;
      for (const EntityChange& ch : e.set.changes) {
        if (ch.kind != kSupportToolKind || ch.id != tool.id) continue;
        ApplyPatch(state, ch.patch);
        new_version = new_version || Has(ch.patch, "version");
      }
      if (!new_version) continue;
      items.push_back({{"version", state.value("version", Json())},
                       {"shared_on", state.value("shared_on", Json())},
                       {"location", state.value("location", Json())},
                       {"recorded_at", FormatTimestamp(e.set.hlc.wall_ms())},
                       {"recorded_by", e.set.actor},
                       {"recorded_by_name", name_of(e.set.actor)}});
    }
  }
  return Json{{"tool_id", tool.id},
              {"title", tool.data.value("title", Json())},
              {"current_version", tool.data.value("version", Json())},
              {"items", std::move(items)}};
}

}  // namespace baton
