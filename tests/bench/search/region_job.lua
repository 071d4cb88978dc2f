-- Shape 1: region + 工种, newest first. A county drawn with the weight of its published gigs, and a
-- 工种 drawn the same way: half the requests a top-level category (its whole subtree), half a leaf.
local C = dofile(os.getenv("SEARCH_LUA_DIR") .. "/common.lua")
function request()
  local county = C.county()
  local job = math.random() < 0.5 and C.top() or C.leaf()
  return wrk.format("GET", "/api/v1/gigs?region=" .. county[1] .. "&job_type=" .. job)
end
