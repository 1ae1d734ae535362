-- POST /api/users/login with the valid credentials of BENCH_EMAIL / BENCH_PASSWORD.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"user":{"email":"%s","password":"%s"}}', os.getenv("BENCH_EMAIL"), os.getenv("BENCH_PASSWORD"))
