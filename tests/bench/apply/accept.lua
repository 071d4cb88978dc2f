-- Phase 2: POST /api/v1/applications/{id}/accept by the gig's employer, for the applications phase 1
-- created (apply.sh lists them in the order they were created), each once, each with its own
-- Idempotency-Key. When a thread has used up its share it notes the time and stops (wrk.thread:stop();
-- the GET /healthz it returns then is never answered). wrk divides by the whole -d duration, so done()
-- prints the span from the first thread's start to the last thread's end ("span <seconds>"), which
-- apply.sh divides the 2xx count by.
local C = dofile(os.getenv("APPLY_LUA_DIR") .. "/common.lua")
local A = C.D.accepts
function request()
  local n = C.next()
  if n >= #A then
    t_end = t_end or C.now()
    wrk.thread:stop()
    return wrk.format("GET", "/healthz")
  end
  local a = A[n + 1]
  return wrk.format("POST", "/api/v1/applications/" .. a[1] .. "/accept",
    C.headers(C.D.employers[a[2]], "c" .. n), "{}")
end

function done(summary, latency, requests)
  local first, last = nil, nil
  for _, t in ipairs(threads) do
    local s, e = t:get("t_start"), t:get("t_end")
    if s and (not first or s < first) then first = s end
    if not e then return end -- a thread ran for the whole duration: wrk's own rate is right
    if not last or e > last then last = e end
  end
  if first and last then print(string.format("span %.3f", last - first)) end
end
