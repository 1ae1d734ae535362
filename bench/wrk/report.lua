-- Shared by every wrk script: after the run, one machine-readable line for bench/run.sh.
-- Latencies are in microseconds; errors counts socket errors plus non-2xx/3xx answers.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
