-- wrk: create one site per request (POST /api/v1/sites) as the signed-in admin.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BATON_TOKEN")
wrk.body = '{"name":"Benchmark site","type":"camp","admin1":"Jonglei","admin2":"Bor South"}'
