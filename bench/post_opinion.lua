-- wrk script: POST /api/v1/opinions with a bearer token from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("WB_TOKEN")
wrk.body = '{"target_unit_id":' .. os.getenv("WB_TARGET") ..
  ',"dimension":"efficiency","source":"public","channel":"form",' ..
  '"content":"窗口排队时间过长，建议增加自助设备","point_id":' .. os.getenv("WB_POINT") .. '}'

done = function(summary, latency, requests)
  local codes = summary.errors.status
  io.write(string.format("non-2xx: %d\n", codes))
end
