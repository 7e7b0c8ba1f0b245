-- wrk script of `make soak`: valid or hostile requests against the image
-- service, one kind of traffic per wrk process (soak.py runs one of each at
-- the same time), so that every response is judged without having to match
-- it to its request (a connection the server closes makes wrk resend).
--
--   wrk -t2 -c2 -d600s -s soak.lua http://127.0.0.1:PORT -- VALID.png TRUNCATED.png valid|hostile
--
-- Valid requests must get their 2xx (200 health, 202 accepted); hostile
-- ones are tallied by status. The summary is one JSON line on stdout,
-- starting with "SOAK ".

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function read(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end

local valid_png, truncated_png, mode
valid_ok, valid_failed = 0, 0
hostile = {}
failures = {}

-- name, expected status (valid) or nil (hostile), request builder
local kinds

function init(args)
  valid_png = read(args[1])
  truncated_png = read(args[2])
  mode = args[3]
  local png = { ["content-type"] = "image/png" }
  local png_fresh = { ["content-type"] = "image/png", ["cache-control"] = "no-cache" }
  local json = { ["content-type"] = "application/json" }
  local big = string.rep("\0", 1100000)
  kinds = {
    { "health", 200, function() return wrk.format("GET", "/health") end },
    { "gray", 202, function() return wrk.format("POST", "/process?operation=grayscale", png_fresh, valid_png) end },
    { "gray-cached", 202, function() return wrk.format("POST", "/process?operation=grayscale", png, valid_png) end },
    { "resize-blur", 202, function()
        return wrk.format("POST", "/process?operation=resize:32x32|blur&blur_radius=2", png_fresh, valid_png) end },
    { "filter", 202, function()
        return wrk.format("POST", "/process?operation=apply-filter&brightness=0.2&contrast=10", png_fresh, valid_png) end },
    { "bad-operation", nil, function() return wrk.format("POST", "/process?operation=sharpen", png, valid_png) end },
    { "invalid-utf8-query", nil, function()
        return wrk.format("POST", "/process?operation=gray%FF%FEscale", png, valid_png) end },
    { "lone-surrogate-json", nil, function()
        return wrk.format("POST", "/process", json, '{"image":"iVBORw0KGgo=","operation":"\\ud800"}') end },
    { "nan-option", nil, function()
        return wrk.format("POST", "/process?operation=apply-filter&brightness=NaN", png, valid_png) end },
    { "bad-base64", nil, function()
        return wrk.format("POST", "/process", json, '{"image":"%%%not base64","operation":"grayscale"}') end },
    { "truncated-png", nil, function()
        return wrk.format("POST", "/process?operation=grayscale", png_fresh, truncated_png) end },
    { "not-an-image", nil, function()
        return wrk.format("POST", "/process?operation=grayscale", png_fresh, "GIF89a nothing") end },
    { "too-large", nil, function() return wrk.format("POST", "/process?operation=grayscale", png, big) end },
    { "unknown-task", nil, function() return wrk.format("GET", "/status/0123456789abcdef0123456789abcdef") end },
    { "unknown-path", nil, function() return wrk.format("GET", "/../../etc/passwd") end },
    { "wrong-method", nil, function() return wrk.format("DELETE", "/process") end },
  }
  -- Threads start at different points of the mix.
  counter = id * 7
end

-- The first five kinds are valid, the rest hostile.
function request()
  counter = counter + 1
  if mode == "valid" then
    return kinds[1 + counter % 5][3]()
  end
  return kinds[6 + counter % (#kinds - 5)][3]()
end

function response(status, headers, body)
  local key = tostring(status)
  if mode ~= "valid" then
    hostile[key] = (hostile[key] or 0) + 1
  elseif status == 200 or status == 202 then
    valid_ok = valid_ok + 1
  else
    valid_failed = valid_failed + 1
    failures[key] = (failures[key] or 0) + 1
  end
end

local function encode(t)
  local parts = {}
  for k, v in pairs(t) do table.insert(parts, string.format('"%s":%d', k, v)) end
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local ok, failed, by_status, fails = 0, 0, {}, {}
  for _, t in ipairs(threads) do
    ok = ok + t:get("valid_ok")
    failed = failed + t:get("valid_failed")
    for k, v in pairs(t:get("hostile")) do by_status[k] = (by_status[k] or 0) + v end
    for k, v in pairs(t:get("failures")) do fails[k] = (fails[k] or 0) + v end
  end
  local e = summary.errors
  io.write(string.format(
    'SOAK {"requests":%d,"seconds":%.1f,"valid_ok":%d,"valid_failed":%d,"hostile":%s,"failures":%s,' ..
    '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"p50_ms":%.1f,"p99_ms":%.1f}\n',
    summary.requests, summary.duration / 1e6, ok, failed, encode(by_status), encode(fails),
    e.connect, e.read, e.write, e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
