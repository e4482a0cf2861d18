-- wrk: sign in (POST /api/v1/session) with a demo user; Argon2id dominates.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username":"iom.manager","password":"baton-demo"}'
