-- POST /api/projects with a name no other request uses, in this run or any earlier one against
-- the same server: each thread's names carry the run's start time and the thread's number, and
-- the first script argument when given (`wrk ... -s bench/post-unique.lua URL -- b`), for wrk
-- processes started at once against one database.
local counter = 0
local prefix = ""
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  thread:set("started", os.time())
  table.insert(threads, thread)
end

function init(args)
  prefix = string.format("%s%d-%d", args[1] and (args[1] .. "-") or "", started, id)
end

function request()
  counter = counter + 1
  local body = string.format('{"name":"bench %s-%d"}', prefix, counter)
  -- wrk.format takes these headers instead of wrk.headers: keep the ones given with -H (the token).
  local headers = {["Content-Type"] = "application/json"}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  return wrk.format("POST", "/api/projects", headers, body)
end
