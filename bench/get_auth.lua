-- wrk: GET with the signed-in user's bearer token.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BATON_TOKEN")
