-- Versioned cache write: KEYS[1] the entry, ARGV[1] the version of what is written, ARGV[2] the
-- payload ('' marks the entry invalid at that version), ARGV[3] the time to live in ms.
-- Stored as "<version>|<payload>". A write never replaces a newer version; a payload may fill an
-- invalid entry of its own version (the reader saw the write that invalidated it), never a valid one.
local current = redis.call('GET', KEYS[1])
local version = tonumber(ARGV[1])
if current then
  local bar = string.find(current, '|', 1, true)
  local cached = tonumber(string.sub(current, 1, bar - 1))
  local cachedPayload = string.sub(current, bar + 1)
  if cached > version then
    return 0
  end
  if cached == version and (ARGV[2] ~= '' and cachedPayload ~= '') then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
return 1
