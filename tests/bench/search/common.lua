-- Shared by the search benchmark scripts (tests/bench/search.sh): loads the distribution of the gigs in
-- the database under test (SEARCH_PARAMS, a Lua file search.sh writes from GROUP BY queries) and draws
-- request parameters from it. Every wrk thread has its own Lua state and its own random sequence.
local P = dofile(os.getenv("SEARCH_PARAMS"))

local function cumulative(rows, wcol)
  local cum, s = {}, 0
  for i, r in ipairs(rows) do
    s = s + r[wcol]
    cum[i] = s
  end
  return { rows = rows, cum = cum, total = s }
end

local function draw(w)
  local x = math.random() * w.total
  local lo, hi = 1, #w.cum
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if w.cum[mid] > x then hi = mid else lo = mid + 1 end
  end
  return w.rows[lo]
end

-- counties: {code, published gigs, seat lat, seat lng}; cities: {code, published gigs};
-- tops: {id, published gigs}; leaves: {id, published gigs}
local counties, cities = cumulative(P.counties, 2), cumulative(P.cities, 2)
local tops, leaves = cumulative(P.tops, 2), cumulative(P.leaves, 2)

local M = {}
function M.county() return draw(counties) end
function M.city() return draw(cities) end
function M.top() return draw(tops)[1] end
function M.leaf() return draw(leaves)[1] end
function M.gauss()
  local u = 1 - math.random()
  return math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * math.random())
end
function M.urlencode(s)
  return (string.gsub(s, "[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local counter = 0
-- wrk calls setup() once per thread in the main state: give each thread its own seed
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
function init(args)
  math.randomseed(7919 * (seed or 1) + 1)
end
return M
