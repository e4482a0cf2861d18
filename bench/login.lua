-- wrk: sign in (POST /api/v1/session), cycling through the demo users so that no one account is
-- signed into many times at once (the throttle counts attempts in flight); Argon2id dominates.
local users = {"iom.admin", "iom.manager", "iom.supervisor", "iom.counsellor", "iom.facilitator",
               "iom.me_officer", "iom.viewer", "iom.advisor", "alarm.admin", "alarm.manager",
               "alarm.supervisor", "alarm.counsellor", "alarm.facilitator", "alarm.me_officer",
               "alarm.viewer", "unmiss.viewer", "dca.viewer"}
local n = 0
request = function()
  n = n + 1
  local body = '{"username":"' .. users[(n % #users) + 1] .. '","password":"baton-demo"}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
