-- GET the URL given to wrk; with BENCH_TOKEN set, as that user ("Authorization: Token ...").
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Token " .. token
end
