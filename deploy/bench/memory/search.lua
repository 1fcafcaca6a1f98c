-- wrk script: POST /api/v1/memory/search with the mode in $MODE and the bearer token in $TOKEN,
-- cycling through queries so no two consecutive requests embed the same text.
local queries = {
  "river boats at sunset", "planning the quarterly budget", "a recipe with fresh basil",
  "how to train a young dog", "meeting notes about the launch", "favourite mountain hikes",
  "servers running out of memory", "birthday gift ideas for a friend", "learning to play the piano",
  "the history of old castles", "cheap flights to the coast", "garden vegetables in spring",
  "reading list for the winter", "fixing a leaking kitchen tap", "ideas for a team offsite",
  "weather forecast for the weekend",
}
local mode = os.getenv("MODE")
local token = os.getenv("TOKEN")
local i = 0

request = function()
  i = i + 1
  local body = string.format('{"query":"%s","mode":"%s","limit":10}', queries[(i % #queries) + 1], mode)
  return wrk.format("POST", "/api/v1/memory/search",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
