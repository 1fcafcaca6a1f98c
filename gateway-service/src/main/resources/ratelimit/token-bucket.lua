-- Token buckets, taken from atomically, several per call: for each i, KEYS[i] a bucket,
-- ARGV[3i-2] its capacity, ARGV[3i-1] tokens added per second, ARGV[3i] tokens wanted (requests
-- batched by the gateway). Answers, per bucket, {tokens granted, tokens left, ms until a token, ms until full}.
-- Redis's own clock, so that every gateway replica measures refill the same way.
if redis.replicate_commands then redis.replicate_commands() end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local answer = {}
for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[3 * i - 2])
  local rate = tonumber(ARGV[3 * i - 1])
  local wanted = tonumber(ARGV[3 * i])
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or capacity
  local at = tonumber(state[2]) or now
  tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
  local granted = math.min(wanted, math.floor(tokens))
  tokens = tokens - granted
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
  local untilFull = math.ceil((capacity - tokens) * 1000 / rate)
  redis.call('PEXPIRE', key, untilFull + 1000)
  local untilToken = 0
  if tokens < 1 then
    untilToken = math.ceil((1 - tokens) * 1000 / rate)
  end
  answer[#answer + 1] = granted
  answer[#answer + 1] = math.floor(tokens)
  answer[#answer + 1] = untilToken
  answer[#answer + 1] = untilFull
end
return answer
