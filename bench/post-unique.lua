-- POST /api/projects with a name no other request uses.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
end

function request()
  counter = counter + 1
  local body = string.format('{"name":"bench %d-%d-%d"}', thread_id, counter, math.random(1, 1000000000))
  return wrk.format("POST", "/api/projects", {["Content-Type"] = "application/json"}, body)
end
