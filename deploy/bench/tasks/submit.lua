-- wrk script: POST /api/v1/tasks for the agent in $AGENT with the bearer token in $TOKEN, a short
-- text input and no Idempotency-Key, so every request stores a new task (answered 202).
local token = os.getenv("TOKEN")
local agent = os.getenv("AGENT")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.body = string.format('{"agentId":"%s","input":"Say ok."}', agent)
