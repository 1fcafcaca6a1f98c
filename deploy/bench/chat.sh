#!/usr/bin/env bash
# What agent-service and the gateway add to a streamed chat. A stub Ollama (deploy/bench/chat/stub-llm.mjs)
# streams N chunks a fixed gap apart; the same chat is timed, one request at a time after a warm-up,
# three ways in one run: straight to the stub (Ollama's /api/chat), through agent-service
# (POST /api/v1/chat with "stream": true: JWT, agent lookup, conversation history read from and the
# turn written to a real memory-service), and through the gateway in front of agent-service.
# Prints time to first token and to the whole answer, p50 and p99, and what each hop adds.
# Usage: deploy/bench/chat.sh [requests per path (200)] [chunks (20)] [gap between chunks, ms (20)]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/deploy/bench/lib/bench.sh"
cd "$root"

requests=${1:-200}
chunks=${2:-20}
gap_ms=${3:-20}
warmup=50
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
chat_body="{\"agentId\":\"langchain\",\"conversationId\":\"$conversation\",\"message\":\"Hello\",\"stream\":true}"
measure() { node deploy/bench/chat/ttft.mjs "$@"; }

say "timing $requests streamed answers of $chunks chunks ${gap_ms} ms apart per path"
read -r d_t50 d_t99 d_a50 d_a99 < <(measure "http://127.0.0.1:$stub_port/api/chat" ndjson "$requests" "$warmup" "$direct_body")
read -r a_t50 a_t99 a_a50 a_a99 < <(measure "http://127.0.0.1:$agent_port/api/v1/chat" sse "$requests" "$warmup" "$chat_body" "$token")
read -r g_t50 g_t99 g_a50 g_a99 < <(measure "http://127.0.0.1:$gateway_port/api/v1/chat" sse "$requests" "$warmup" "$chat_body" "$token")
stored=$(curl -s -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$memory_port/api/v1/memory/conversations/$conversation/messages?last=1" | grep -o '"seq":[0-9]*' | tail -1)

printf '%-36s %12s %12s %12s %12s\n' PATH TTFT_P50_MS TTFT_P99_MS TOTAL_P50_MS TOTAL_P99_MS
printf '%-36s %12s %12s %12s %12s\n' "straight to the stub" "$d_t50" "$d_t99" "$d_a50" "$d_a99"
printf '%-36s %12s %12s %12s %12s\n' "agent-service (+ memory-service)" "$a_t50" "$a_t99" "$a_a50" "$a_a99"
printf '%-36s %12s %12s %12s %12s\n' "gateway + agent-service" "$g_t50" "$g_t99" "$g_a50" "$g_a99"
awk -v d50="$d_t50" -v d99="$d_t99" -v a50="$a_t50" -v a99="$a_t99" -v g50="$g_t50" -v g99="$g_t99" \
  -v da="$d_a50" -v aa="$a_a50" -v ga="$g_a50" 'BEGIN {
  printf "added time to first token, agent-service:        p50 %.2f ms, p99 %.2f ms\n", a50 - d50, a99 - d99
  printf "added time to first token, gateway + agent:      p50 %.2f ms, p99 %.2f ms (aim: p50 <= 5)\n", g50 - d50, g99 - d99
  printf "added time to the whole answer, gateway + agent: p50 %.2f ms (agent alone %.2f ms)\n", ga - da, aa - da
}'
echo "history kept in memory-service for the bench conversation: last message ${stored:-none}"
