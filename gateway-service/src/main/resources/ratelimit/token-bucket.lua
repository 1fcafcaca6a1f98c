-- One token bucket, taken from atomically: KEYS[1] the bucket, ARGV[1] its capacity, ARGV[2]
-- tokens added per second. Answers {allowed (1|0), tokens left, ms until a token, ms until full}.
-- Redis's own clock, so that every gateway replica measures refill the same way.
if redis.replicate_commands then redis.replicate_commands() end
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
local untilFull = math.ceil((capacity - tokens) * 1000 / rate)
redis.call('PEXPIRE', KEYS[1], untilFull + 1000)
local untilToken = 0
if allowed == 0 then
  untilToken = math.ceil((1 - tokens) * 1000 / rate)
end
return {allowed, math.floor(tokens), untilToken, untilFull}
