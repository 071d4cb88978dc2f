-- Phase 1: POST /api/v1/gigs/{id}/applications, one worker applying to one gig per request, each with its
-- own Idempotency-Key. Request n pairs worker w = n mod W with gig (w + floor(n / W)) mod G: for a fixed
-- worker the gigs differ while floor(n / W) < G, so no pair repeats (no 409 already_exists) before W*G
-- requests, and consecutive requests hit different workers and different gigs.
local C = dofile(os.getenv("APPLY_LUA_DIR") .. "/common.lua")
local W, G = #C.D.workers, #C.D.gigs
function request()
  local n = C.next()
  if n >= W * G then error("apply.lua: all " .. W * G .. " worker/gig pairs used") end
  local w = n % W
  local g = (w + math.floor(n / W)) % G
  return wrk.format("POST", "/api/v1/gigs/" .. C.D.gigs[g + 1] .. "/applications",
    C.headers(C.D.workers[w + 1], "a" .. n), "{}")
end
