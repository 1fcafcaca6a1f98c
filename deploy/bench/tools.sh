#!/usr/bin/env bash
# What agent-service adds per tool step. A stub Ollama answering at once (deploy/bench/tools/stub-tool-llm.mjs)
# asks for one everything__echo call, then answers; the bridge (mcp-bridge-service) runs it on
# @modelcontextprotocol/server-everything (Streamable HTTP, from deploy/test-peers). One run times, one request at
# a time after a warm-up: the echo straight through the bridge's REST API; a turn of an agent without tools
# (one model call); and a turn of an agent with everything__echo (model call, tool step, model call), both
# through agent-service's OpenAI-compatible API (stateless: no memory-service). Prints p50/p99 of each and
# what agent-service adds per tool step: (turn with tools) - (turn without) - (bridge call) - (one stub model call).
# Aim: <= 3 ms at p50.
# Usage: deploy/bench/tools.sh [requests (300)] [warm-up (300)]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/deploy/bench/lib/bench.sh"
cd "$root"

requests=${1:-300}
warmup=${2:-300}
stub_port=18311
upstream_port=18312
bridge_port=18313
agent_port=18310
db=sutazai_bench
work=$(mktemp -d)

ensure_postgres 127.0.0.1 5432
ensure_redis 127.0.0.1 6379
ensure_role_and_database $db $db $db
command -v node >/dev/null 2>&1 || die "node is needed (Node 20)"
everything="$root/deploy/test-peers/node_modules/.bin/mcp-server-everything"
[ -x "$everything" ] || (cd "$root/deploy/test-peers" && npm ci --no-audit --no-fund >/dev/null) \
  || die "npm ci in deploy/test-peers failed"
# Only the two services measured, from this tree.
if [ ! -f agent-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f mcp-bridge-service/target/quarkus-app/quarkus-run.jar ] \
  || [ -n "$(find agent-service/src mcp-bridge-service/src service-commons/src -newer agent-service/target/quarkus-app/quarkus-run.jar -type f | head -1)" ]; then
  say "building agent-service and mcp-bridge-service"
  ./mvnw -B -q -o -pl agent-service,mcp-bridge-service -am package -DskipTests -DskipITs
fi

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
token=$(hs256_token "$secret" 00000000-0000-4000-8000-00000000b001)
admin=$(hs256_token "$secret" 00000000-0000-4000-8000-00000000ad01 '["user","admin"]')

node deploy/bench/tools/stub-tool-llm.mjs "$stub_port" everything__echo &
pids+=($!)
PORT=$upstream_port "$everything" streamableHttp >"$work/everything.log" 2>&1 &
pids+=($!)
cat >"$work/mcp-servers.json" <<JSON
{ "mcpServers": { "everything": { "type": "http", "url": "http://127.0.0.1:$upstream_port/mcp",
                                  "x-sutazai": { "maxConcurrentCalls": 64 } } } }
JSON

start() { # start NAME PORT ENV...
  local name=$1 port=$2; shift 2
  env -i PATH="$PATH" HOME="$HOME" JWT_SECRET="$secret" QUARKUS_HTTP_PORT="$port" "$@" \
    java -XX:+UseParallelGC -Xmx256m -jar "$name/target/quarkus-app/quarkus-run.jar" >"$work/$name.log" 2>&1 &
  pids+=($!)
  [ "$(await_ready "$!" "$port" 120)" = UP ] || { tail -30 "$work/$name.log" >&2; die "$name is not ready"; }
}
say "starting mcp-bridge-service and agent-service"
start mcp-bridge-service $bridge_port MCP_SERVERS_FILE="$work/mcp-servers.json"
for _ in $(seq 1 300); do
  curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$bridge_port/api/v1/mcp/servers/everything" \
    | grep -q '"state":"ready"' && break
  sleep 0.1
done
start agent-service $agent_port POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=5432 POSTGRES_DB=$db POSTGRES_USER=$db \
  POSTGRES_PASSWORD=$db REDIS_HOST=127.0.0.1 REDIS_PORT=6379 OLLAMA_BASE_URL=http://127.0.0.1:$stub_port \
  MCP_BRIDGE_SERVICE_ADDRESSES=127.0.0.1:$bridge_port AGENT_CHAT_AGENT_CACHE_TTL=60s

agents="http://127.0.0.1:$agent_port/api/v1/agents"
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$agents/langchain")" = 200 ] && break
  sleep 0.5
done
for agent in bench-plain bench-tools; do
  curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $admin" "$agents/$agent"
  tools='[]'; [ $agent = bench-tools ] && tools='["everything__echo"]'
  curl -sf -o /dev/null -H "Authorization: Bearer $admin" -H "Content-Type: application/json" \
    -d "{\"id\":\"$agent\",\"name\":\"$agent\",\"kind\":\"llm\",\"model\":\"$agent\",\"maxConcurrency\":8,\"tools\":$tools}" \
    "$agents" || die "could not create agent $agent"
done

say "timing $requests requests per path, one at a time, after $warmup each to warm up"
results="$work/results"
row() { # row LABEL URL BODY [EXPECT]
  printf '%s|%s\n' "$1" "$(node deploy/bench/tools/time.mjs "$2" "$3" "$requests" "$warmup" "$token" "${4:-}")" >>"$results"
}
completion() { printf '{"model":"%s","messages":[{"role":"user","content":"Echo bench"}]}' "$1"; }
row "stub model call" "http://127.0.0.1:$stub_port/api/chat" '{"model":"bench-plain","messages":[{"role":"user","content":"Hi"}]}'
row "bridge: everything__echo" "http://127.0.0.1:$bridge_port/api/v1/mcp/servers/everything/tools/echo/call" \
  '{"message":"bench"}' "Echo: bench"
row "agent turn, no tools" "http://127.0.0.1:$agent_port/api/v1/openai/chat/completions" "$(completion bench-plain)" done
row "agent turn, 1 tool step" "http://127.0.0.1:$agent_port/api/v1/openai/chat/completions" "$(completion bench-tools)" done

awk -F'|' '
  { split($2, v, " "); label[NR] = $1; p50[NR] = v[1]; p99[NR] = v[2] }
  END {
    printf "%-32s %9s %9s\n", "PATH", "P50_MS", "P99_MS"
    for (i = 1; i <= NR; i++) printf "%-32s %9.2f %9.2f\n", label[i], p50[i], p99[i]
    printf "%-32s %9.2f %9.2f\n", "added per tool step", p50[4] - p50[3] - p50[2] - p50[1], p99[4] - p99[3] - p99[2] - p99[1]
    print "(added = turn with a tool step - turn without - bridge call - one stub model call; aim: <= 3 ms at p50;"
    print " the p99 row is a difference of percentiles, a rough figure)"
  }' "$results"
