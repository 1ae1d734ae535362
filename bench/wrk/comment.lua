-- POST /api/articles/{slug}/comments, round-robin over the "<token> <slug>" lines of BENCH_TARGETS,
-- so writes spread over many users and articles as they would in real use.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
local targets = {}
for line in io.lines(os.getenv("BENCH_TARGETS")) do
  local token, slug = line:match("^(%S+) (%S+)$")
  targets[#targets + 1] = {token = token, slug = slug}
end
local next_target = 0

function init(args)
  next_target = math.random(#targets)
end

function request()
  next_target = next_target % #targets + 1
  local t = targets[next_target]
  return wrk.format("POST", "/api/articles/" .. t.slug .. "/comments",
    {["Content-Type"] = "application/json", ["Authorization"] = "Token " .. t.token},
    '{"comment":{"body":"Measured by bench/run.sh: a short comment, as most are."}}')
end
