-- wrk script of the mixed scenario of `make bench` (bench/run.py starts it).
--
-- Visitors browse the site and some of them send the contact form. wrk's Lua hooks do not say
-- which connection a request or a response belongs to, so a visitor is not tied to one
-- connection: each wrk thread keeps a queue of what its visitors do next, and every
-- connection takes the next step from it as soon as it is free (so all connections stay busy).
--
-- A visit: home, news index, a news page, a topic page, a search, the contact page. Every
-- `submit_every`-th contact page seen is filled in: its CSRF token and signed start time are
-- read from the HTML, its csrftoken cookie from Set-Cookie, and the form is sent with that
-- cookie once `fill_ms` have passed (the form refuses faster senders). A form accepted
-- answers 302 to `?sent=1`; the visitor then loads that thank-you page. No form is sent in
-- the last `tail_s` seconds, so that every form sent has its answer before wrk stops.
--
-- Arguments (after `--`): fill_ms submit_every duration_s tail_s run_id step...
-- Each step is a path, or several separated by "|" of which a visit picks one at random; the
-- last step is the contact page.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } mia_timespec;
int clock_gettime(int clock_id, mia_timespec *tp);
]])
local clock = ffi.new("mia_timespec")

local function now_ms()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

-- setup and done run in wrk's main Lua state ------------------------------------------------

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_no", #threads)
end

local COUNTERS = {
  "visits", "contact_views", "forms_sent", "forms_accepted", "forms_dropped",
  "thanks_seen", "unparsed_forms", "unexpected", "status_4xx", "status_5xx",
}

function done(summary, latency, requests)
  local totals = {}
  for _, name in ipairs(COUNTERS) do totals[name] = 0 end
  for _, thread in ipairs(threads) do
    for _, name in ipairs(COUNTERS) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
    -- forms still being filled in when wrk stopped were not sent either
    local waiting = thread:get("forms_tail") - thread:get("forms_head") + 1
    totals.forms_dropped = totals.forms_dropped + waiting
  end
  local e = summary.errors
  local out = {
    duration_us = summary.duration,
    requests = summary.requests,
    bytes = summary.bytes,
    errors_connect = e.connect,
    errors_read = e.read,
    errors_write = e.write,
    errors_status = e.status,
    errors_timeout = e.timeout,
    latency_p50_us = latency:percentile(50),
    latency_p90_us = latency:percentile(90),
    latency_p99_us = latency:percentile(99),
    latency_max_us = latency.max,
    latency_mean_us = latency.mean,
  }
  for name, value in pairs(totals) do out[name] = value end
  for name, value in pairs(out) do
    io.write(string.format("MIXED %s=%d\n", name, value))
  end
end

-- everything below runs in each wrk thread's own Lua state -------------------------------------

thread_no = 0
visits, contact_views, forms_sent, forms_accepted, forms_dropped = 0, 0, 0, 0, 0
thanks_seen, unparsed_forms, unexpected, status_4xx, status_5xx = 0, 0, 0, 0, 0

local fill_ms, submit_every, duration_ms, tail_ms, run_id
local steps = {}
-- Two queues, first in first out, with explicit ends (`#` is unreliable on tables with holes):
-- the next page views, and the forms being filled in (in the order they become due).
local queue, queue_head, queue_tail = {}, 1, 0
local forms = {}
forms_head, forms_tail = 1, 0 -- globals: done() counts the forms still waiting at the end
local started_at

function init(args)
  fill_ms = tonumber(args[1])
  submit_every = tonumber(args[2])
  duration_ms = tonumber(args[3]) * 1000
  tail_ms = tonumber(args[4]) * 1000
  run_id = args[5]
  for i = 6, #args do
    local choices = {}
    for path in string.gmatch(args[i], "[^|]+") do table.insert(choices, path) end
    table.insert(steps, choices)
  end
  math.randomseed(thread_no)
end

local function urlencode(value)
  return (string.gsub(value, "[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local function push_page(path)
  queue_tail = queue_tail + 1
  queue[queue_tail] = wrk.format("GET", path)
end

local function plan_visit()
  visits = visits + 1
  for _, choices in ipairs(steps) do
    push_page(choices[math.random(#choices)])
  end
end

local function form_request(form)
  forms_sent = forms_sent + 1
  local n = string.format("%d-%d", thread_no, forms_sent)
  local fields = {
    csrfmiddlewaretoken = form.token,
    name = "Besuch " .. n,
    email = "besuch-" .. n .. "@bench.invalid",
    subject = "Bench " .. run_id .. " " .. n,
    body = "Guten Tag, ich hätte gern einen Termin in der Migrationsberatung. (" .. n .. ")",
    homepage = "",
    started = form.started,
  }
  local body = {}
  for name, value in pairs(fields) do
    body[#body + 1] = name .. "=" .. urlencode(value)
  end
  return wrk.format("POST", form.path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. form.cookie,
  }, table.concat(body, "&"))
end

function request()
  local now = now_ms()
  started_at = started_at or now
  local form = forms_head <= forms_tail and forms[forms_head]
  if form and form.due <= now then
    forms[forms_head] = nil
    forms_head = forms_head + 1
    if now < started_at + duration_ms - tail_ms then
      return form_request(form)
    end
    forms_dropped = forms_dropped + 1 -- too close to the end for its answer to be counted
  end
  if queue_head > queue_tail then
    plan_visit()
  end
  local next_request = queue[queue_head]
  queue[queue_head] = nil
  queue_head = queue_head + 1
  return next_request
end

local function header(headers, wanted)
  wanted = string.lower(wanted)
  for name, value in pairs(headers) do
    if string.lower(name) == wanted then return value end
  end
end

function response(status, headers, body)
  if status >= 500 then
    status_5xx = status_5xx + 1
  elseif status >= 400 then
    status_4xx = status_4xx + 1
  elseif status == 302 then
    local location = header(headers, "Location") or ""
    if string.find(location, "sent=1", 1, true) then
      forms_accepted = forms_accepted + 1
      push_page(location)
    else
      unexpected = unexpected + 1
    end
  elseif status == 200 and body then
    if string.find(body, 'name="started"', 1, true) then
      contact_views = contact_views + 1
      if contact_views % submit_every == 0 then
        local token = string.match(body, 'name="csrfmiddlewaretoken" value="([^"]+)"')
        local started = string.match(body, 'name="started" value="([^"]+)"')
        local cookie = string.match(header(headers, "Set-Cookie") or "", "csrftoken=([^;]+)")
        if token and started and cookie then
          forms_tail = forms_tail + 1
          forms[forms_tail] = {
            token = token, started = started, cookie = cookie,
            path = steps[#steps][1], due = now_ms() + fill_ms,
          }
        else
          unparsed_forms = unparsed_forms + 1
        end
      end
    elseif string.find(body, "kern-alert--success", 1, true) then
      thanks_seen = thanks_seen + 1
    end
  end
end
