-- wrk script: durable writes through the API. Each request is
--   POST /api/initiatives/{id}/comments  {"text": ...}
-- signed in by the session cookie, with the session's CSRF token, on an initiative taken in
-- turn from a list (one id a line), each wrk thread starting at its own place in the list so
-- concurrent requests land on different initiatives.
--
-- wrk -t2 -c32 -d15s --latency -s bench/server_comments.lua http://127.0.0.1:PORT \
--     -- IDS_FILE SESSION_TOKEN CSRF_TOKEN
--
-- At the end it prints how many answers were 201 (a comment recorded) and how many were not,
-- with the first other status seen: wrk's own summary only counts non-2xx/3xx.

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

local ids = {}
local next_index = 0
created = 0       -- 201 answers (globals: done() reads them through thread:get)
refused = 0       -- every other answer
first_refusal = 0 -- the first status that was not 201

function init(args)
  if #args < 3 then
    error("usage: wrk ... -s server_comments.lua URL -- IDS_FILE SESSION_TOKEN CSRF_TOKEN")
  end
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(ids, line) end
  end
  if #ids == 0 then error("no initiative ids in " .. args[1]) end
  -- Threads start a prime stride apart, so they walk different parts of the list.
  next_index = (thread_number * 997) % #ids
  wrk.method = "POST"
  wrk.headers["Cookie"] = "equilens_session=" .. args[2]
  wrk.headers["X-CSRF-Token"] = args[3]
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"text":"Checked the stop list against the ELL family addresses; two stops ' ..
             'need a translated notice before the board meets."}'
end

function request()
  next_index = next_index % #ids + 1
  return wrk.format(nil, "/api/initiatives/" .. ids[next_index] .. "/comments")
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    refused = refused + 1
    if first_refusal == 0 then first_refusal = status end
  end
end

function done(summary, latency, requests)
  local total_created, total_refused, first = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_created = total_created + thread:get("created")
    total_refused = total_refused + thread:get("refused")
    local status = thread:get("first_refusal")
    if first == 0 and status ~= 0 then first = status end
  end
  io.write(string.format("comments: created=%d refused=%d first_refused_status=%d\n",
                         total_created, total_refused, first))
end
