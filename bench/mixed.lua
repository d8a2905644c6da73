-- wrk script for the soak: a mix of reads and durable writes as an office works, with a
-- bearer token and ids from the environment. Prints the error counts at the end.
local token = os.getenv("WB_TOKEN")
local target = os.getenv("WB_TARGET")
local point = os.getenv("WB_POINT")
local maxp = tonumber(os.getenv("WB_MAX_PROBLEM") or "50")
local auth = { ["Authorization"] = "Bearer " .. token }
local post = {
  ["Authorization"] = "Bearer " .. token,
  ["Content-Type"] = "application/json",
}
local body = '{"target_unit_id":' .. target .. ',"dimension":"conduct","source":"public",' ..
  '"channel":"form","content":"办事窗口午休时间无人值守，群众等候较久","point_id":' .. point .. '}'
local n = 0

request = function()
  n = n + 1
  local k = n % 20
  if k < 10 then
    return wrk.format("GET", "/api/v1/problems/" .. (n % maxp + 1), auth)
  elseif k < 13 then
    return wrk.format("GET", "/api/v1/problems?limit=20", auth)
  elseif k < 15 then
    return wrk.format("GET", "/api/v1/summary", auth)
  elseif k < 17 then
    return wrk.format("GET", "/api/v1/opinions?limit=20", auth)
  end
  return wrk.format("POST", "/api/v1/opinions", post, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("errors: non-2xx %d, connect %d, read %d, write %d, timeout %d\n",
    e.status, e.connect, e.read, e.write, e.timeout))
end
