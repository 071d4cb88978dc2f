-- Shape 3: keyword, newest first, within a county (half the requests) or a city (the other half), both
-- drawn with the weight of their published gigs. Keywords are what people type for the common trades;
-- docs/SEARCH.md explains the list.
local C = dofile(os.getenv("SEARCH_LUA_DIR") .. "/common.lua")
local words = { "水电", "保洁", "搬运", "采茶", "服务员", "普工", "保安", "司机", "装卸", "护工" }
for i, w in ipairs(words) do words[i] = C.urlencode(w) end
function request()
  local region = math.random() < 0.5 and C.county()[1] or C.city()[1]
  return wrk.format("GET", "/api/v1/gigs?q=" .. words[math.random(#words)] .. "&region=" .. region)
end
