-- wrk: record one session with its named attendance per request (POST
-- /api/v1/activities/{id}/sessions) as the signed-in manager; BATON_ACTIVITY names the group,
-- BATON_SESSION_BODY is the JSON body (a date and the attendance of the group's members).
wrk.method = "POST"
wrk.path = "/api/v1/activities/" .. os.getenv("BATON_ACTIVITY") .. "/sessions"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BATON_TOKEN")
wrk.body = os.getenv("BATON_SESSION_BODY")
