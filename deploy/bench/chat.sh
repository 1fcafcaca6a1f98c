#!/usr/bin/env bash
# What agent-service and the gateway add to a streamed chat. A stub Ollama (deploy/bench/chat/stub-llm.mjs)
# streams N chunks a fixed gap apart; the same chat is timed, one request at a time after a warm-up,
# three ways in one run: straight to the stub (Ollama's /api/chat), through agent-service
# (POST /api/v1/chat with "stream": true: JWT, agent lookup, conversation history read from and the
# turn written to a real memory-service), and through the gateway in front of agent-service.
# Prints time to first token and to the whole answer, p50 and p99, what each hop adds, and the ratio to the stub.
# Usage: deploy/bench/chat.sh [requests per path (200)] [chunks (10)] [gap between chunks, ms (20)]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/deploy/bench/lib/bench.sh"
cd "$root"

requests=${1:-200}
chunks=${2:-10}
gap_ms=${3:-20}
# The JITs of three JVMs need a few hundred requests before their numbers settle.
warmup=300
stub_port=18211
agent_port=18210
memory_port=18220
gateway_port=18200
db=sutazai_bench
work=$(mktemp -d)

bench_prepare
command -v node >/dev/null 2>&1 || die "node is needed (Node 20)"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
token=$(hs256_token "$secret" 00000000-0000-4000-8000-0000000c4a75)
common=(PATH="$PATH" HOME="$HOME" JWT_SECRET="$secret" POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=5432
  POSTGRES_DB=$db POSTGRES_USER=$db POSTGRES_PASSWORD=$db REDIS_HOST=127.0.0.1 REDIS_PORT=6379)

node deploy/bench/chat/stub-llm.mjs "$stub_port" "$chunks" "$gap_ms" tinyllama:latest &
pids+=($!)

start() { # start NAME PORT JAR_FLAGS ENV...
  local name=$1 port=$2 flags=$3; shift 3
  env -i "${common[@]}" QUARKUS_HTTP_PORT="$port" "$@" \
    java -XX:+UseParallelGC -Xmx256m $flags -jar "$name/target/quarkus-app/quarkus-run.jar" >"$work/$name.log" 2>&1 &
  pids+=($!)
  [ "$(await_ready "$!" "$port" 120)" = UP ] || { cat "$work/$name.log" >&2; die "$name is not ready"; }
}
say "starting memory-service, agent-service and the gateway"
start memory-service $memory_port ""
start agent-service $agent_port "" OLLAMA_BASE_URL=http://127.0.0.1:$stub_port \
  MEMORY_SERVICE_ADDRESSES=127.0.0.1:$memory_port
start gateway-service $gateway_port "" AGENT_SERVICE_ADDRESSES=127.0.0.1:$agent_port \
  GATEWAY_RATE_LIMIT_API_CAPACITY=1000000000 GATEWAY_RATE_LIMIT_API_REFILL_PER_SECOND=100000000
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$agent_port/api/v1/agents/langchain")" = 200 ] && break
  sleep 0.5
done

conversation="bench-$(date +%s)"
direct_body="{\"model\":\"tinyllama\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"
# A conversation that goes on (its history read from memory-service before each answer) and new ones (none to read).
continued_body="{\"agentId\":\"langchain\",\"conversationId\":\"$conversation\",\"message\":\"Hello\",\"stream\":true}"
new_body="{\"agentId\":\"langchain\",\"message\":\"Hello\",\"stream\":true}"
agent_url="http://127.0.0.1:$agent_port/api/v1/chat"
gateway_url="http://127.0.0.1:$gateway_port/api/v1/chat"

say "timing $requests streamed answers of $chunks chunks ${gap_ms} ms apart per path, after $warmup each to warm up"
results="$work/results"
row() { # row LABEL URL FORMAT BODY [TOKEN]
  local label=$1; shift
  printf '%s|%s\n' "$label" "$(node deploy/bench/chat/ttft.mjs "$1" "$2" "$requests" "$warmup" "$3" "${4:-}")" >>"$results"
}
row "straight to the stub" "http://127.0.0.1:$stub_port/api/chat" ndjson "$direct_body"
row "agent-service, conversation goes on" "$agent_url" sse "$continued_body" "$token"
row "agent-service, new conversation" "$agent_url" sse "$new_body" "$token"
row "gateway + agent, conversation goes on" "$gateway_url" sse "$continued_body" "$token"
row "gateway + agent, new conversation" "$gateway_url" sse "$new_body" "$token"
stored=$(curl -s -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$memory_port/api/v1/memory/conversations/$conversation/messages?last=1" | grep -o '"seq":[0-9]*' | tail -1)

# Each row next to the stub's: added ms at p50 and p99 (differences of the percentiles), and the ratio at p50.
awk -F'|' '
  { split($2, v, " "); label[NR] = $1; t50[NR] = v[1]; t99[NR] = v[2]; a50[NR] = v[3]; a99[NR] = v[4] }
  END {
    printf "%-40s %9s %9s %9s %9s %9s %9s %7s\n", "PATH", "TTFT_P50", "TTFT_P99", "ADD_P50", "ADD_P99", "RATIO", "TOTAL_P50", "TOTAL_P99"
    for (i = 1; i <= NR; i++)
      printf "%-40s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %7.2f\n", label[i], t50[i], t99[i], t50[i] - t50[1],
        t99[i] - t99[1], t50[i] / t50[1], a50[i], a99[i]
    print "(ms; ADD = time to first token added to the stub'"'"'s, aim: ADD_P50 <= 5 through gateway + agent)"
  }' "$results"
echo "history kept in memory-service for the bench conversation: last message ${stored:-none}"
