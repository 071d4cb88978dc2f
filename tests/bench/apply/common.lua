-- Shared by the apply benchmark scripts (tests/bench/apply.sh). APPLY_DATA names a Lua file apply.sh
-- writes: { run = "<nonce>", workers = {token…}, gigs = {id…}, employers = {token…}, accepts = {{id, e}…} }.
-- Each wrk thread numbers its requests n = k * WRK_THREADS + tid (k = 0, 1, …), so the threads together
-- walk 0, 1, 2, … without sharing state and no n is used twice.
local D = dofile(os.getenv("APPLY_DATA"))
local M = { D = D, shown = 0 }

-- wall-clock seconds (wrk's LuaJIT has ffi)
local ffi = require("ffi")
ffi.cdef [[
  struct lg_timespec { long tv_sec; long tv_nsec; };
  int clock_gettime(int clk, struct lg_timespec *ts);
]]
local ts = ffi.new("struct lg_timespec")
function M.now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local counter = 0
threads = {}
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local k, nthreads = 0, 1
function init(args)
  nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
  t_start = M.now()
end
function M.next()
  local n = k * nthreads + (tid or 0)
  k = k + 1
  return n
end
function M.headers(token, key)
  return { ["Authorization"] = "Bearer " .. token, ["Idempotency-Key"] = D.run .. "-" .. key,
           ["Content-Type"] = "application/json" }
end
-- the first few failures of each thread, for the log (wrk only counts them)
function response(status, headers, body)
  if status >= 300 and M.shown < 3 then
    M.shown = M.shown + 1
    io.stderr:write(string.format("non-2xx %d: %s\n", status, body))
  end
end
return M
