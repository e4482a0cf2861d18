// Handovers: /api/v1/handovers (docs/formats/handover.md). The sender plans, previews, approves
// and downloads the package; the receiver uploads it to /handovers/import to verify it
// (mode=verify, the default: nothing is written) and to accept it (mode=accept, with
// assign.<sender's user id>=<receiver's user id> for the open cases' counsellors and supervisors),
// which gives a signed receipt; on another server, the sender completes the handover with it.
// Handlers only translate between HTTP and HandoverService.
#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {

void AddHandoverRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/handovers", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"programme_id"}));
      BATON_ASSIGN_OR_RETURN(Json list, s.handovers.List(c.session.principal, QueryText(req, "programme_id")));
      return JsonResponse(200, list);
    });
  });
  router.Add("POST", "/api/v1/handovers", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Record plan, s.handovers.Create(c.session.principal, body));
        BATON_ASSIGN_OR_RETURN(Json view, s.handovers.Get(c.session.principal, plan.id));
        return CreatedResponse(view, "/api/v1/handovers/");
      });
    });
  });
  router.Add("GET", "/api/v1/handovers/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json view, s.handovers.Get(c.session.principal, req.params["id"]));
      return ViewResponse(200, view);
    });
  });
  router.Add("GET", "/api/v1/handovers/{id}/report", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json report, s.handovers.Report(c.session.principal, req.params["id"]));
      return JsonResponse(200, report);
    });
  });
  router.Add("PATCH", "/api/v1/handovers/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Record plan, s.handovers.Update(c.session.principal, req.params["id"], body, version));
      return RecordResponse(200, plan);
    });
  });
  router.Add("POST", "/api/v1/handovers/{id}/approve", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Record plan, s.handovers.Approve(c.session.principal, req.params["id"], version));
      return RecordResponse(200, plan);
    });
  });
  router.Add("POST", "/api/v1/handovers/{id}/cancel", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Record plan, s.handovers.Cancel(c.session.principal, req.params["id"], version));
      return RecordResponse(200, plan);
    });
  });
  // Makes the package (again) and sends it: the file to carry to the receiver.
  router.Add("POST", "/api/v1/handovers/{id}/package", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(HandoverPackageFile file, s.handovers.Package(c.session.principal, req.params["id"]));
      Response out;
      out.body = std::move(file.bytes);
      out.content_type = "application/vnd.baton.handover";
      out.set_header("Content-Disposition", "attachment; filename=\"" + file.file_name + "\"");
      return out;
    });
  });
  // The sender's server, after the receiver's server accepted the package: the receipt it gave
  // (the body) completes the handover here.
  router.Add("POST", "/api/v1/handovers/{id}/complete", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Record plan, s.handovers.Complete(c.session.principal, req.params["id"], body));
      return RecordResponse(200, plan);
    });
  });
  router.Add("POST", "/api/v1/handovers/import", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      const std::string mode = QueryText(req, "mode").empty() ? "verify" : QueryText(req, "mode");
      if (mode != "verify" && mode != "accept") return Status::InvalidField("mode", "must be verify or accept");
      Json options = {{"assignments", Json::object()}};
      for (const auto& [k, v] : req.query) {
        if (k.starts_with("assign.")) {
          options["assignments"][k.substr(7)] = v;
        } else if (k != "mode") {
          return Status::InvalidField(k, "is not a choice of a handover import");
        }
      }
      if (req.body.empty()) return Status::InvalidField("package", "send the handover package file as the request body");
      if (mode == "verify") {
        BATON_ASSIGN_OR_RETURN(Json report, s.handovers.Verify(c.session.principal, req.body));
        return JsonResponse(200, report);
      }
      BATON_ASSIGN_OR_RETURN(Json result, s.handovers.Import(c.session.principal, req.body, options));
      return JsonResponse(200, result);
    });
  });
}

}  // namespace baton::http
