-- Shape 2: nearby, 5 km, sorted by distance. A county drawn with the weight of its published gigs, then
-- a point scattered around its seat (σ ≈ 3 km): where people looking for work stand.
local C = dofile(os.getenv("SEARCH_LUA_DIR") .. "/common.lua")
function request()
  local c = C.county()
  local lat = c[3] + C.gauss() * 0.027
  local lng = c[4] + C.gauss() * 0.027 / math.cos(math.rad(c[3]))
  return wrk.format("GET", string.format("/api/v1/gigs?lat=%.5f&lng=%.5f&radius_km=5&sort=distance", lat, lng))
end
