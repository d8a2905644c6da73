-- wrk script: GET with a bearer token from the environment.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("WB_TOKEN")

done = function(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
