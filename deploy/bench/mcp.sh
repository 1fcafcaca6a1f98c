#!/usr/bin/env bash
# What the MCP bridge adds to a tool call. One run drives the same `echo` call of
# @modelcontextprotocol/server-everything (Streamable HTTP, from deploy/test-peers) three ways:
# straight to the server as an MCP client would, through the bridge's REST API, and through the
# bridge's aggregated /mcp endpoint (as everything__echo). Each path is measured one call at a time
# (latency) and with several connections (throughput). Prints req/s, p50 and p99 of each, and the
# p50 the bridge adds (aim: at most 1 ms). The server's concurrency cap is raised to 64 so that the
# cap, not the bridge, does not set the pace at the higher connection count.
# Usage: deploy/bench/mcp.sh [seconds per run] [connections] [extra bridge JVM flags, e.g. a JFR recording]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/deploy/bench/lib/bench.sh"
cd "$root"

seconds=${1:-15}
connections=${2:-16}
extra_java_opts=${3:-}
upstream_port=18091
bridge_port=18092
work=$(mktemp -d)

command -v wrk >/dev/null 2>&1 || apt_install wrk || die "wrk is needed"
everything="$root/deploy/test-peers/node_modules/.bin/mcp-server-everything"
[ -x "$everything" ] || (cd "$root/deploy/test-peers" && npm ci --no-audit --no-fund >/dev/null) \
  || die "npm ci in deploy/test-peers failed"
bench_build

upstream_pid= bridge_pid=
cleanup() {
  for pid in $bridge_pid $upstream_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

PORT=$upstream_port "$everything" streamableHttp >"$work/everything.log" 2>&1 &
upstream_pid=$!

cat >"$work/mcp-servers.json" <<EOF
{ "mcpServers": { "everything": { "type": "http", "url": "http://127.0.0.1:$upstream_port/mcp",
                                  "x-sutazai": { "maxConcurrentCalls": 64 } } } }
EOF
secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
token=$(hs256_token "$secret" bench-mcp-client)
env -i PATH="$PATH" HOME="$HOME" JWT_SECRET="$secret" QUARKUS_HTTP_PORT=$bridge_port \
  MCP_SERVERS_FILE="$work/mcp-servers.json" \
  java -XX:+UseParallelGC -Xmx256m $extra_java_opts -jar mcp-bridge-service/target/quarkus-app/quarkus-run.jar >"$work/bridge.log" 2>&1 &
bridge_pid=$!

for _ in $(seq 1 300); do
  curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$bridge_port/api/v1/mcp/servers/everything" \
    | grep -q '"state":"ready"' && break
  kill -0 "$bridge_pid" 2>/dev/null || { cat "$work/bridge.log" >&2; die "the bridge exited"; }
  sleep 0.1
done
curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$bridge_port/api/v1/mcp/servers/everything" \
  | grep -q '"state":"ready"' || { tail -20 "$work/bridge.log" >&2; die "the bridge did not connect to server-everything"; }

accept='application/json, text/event-stream'
# mcp_session URL [TOKEN]: initialises an MCP session and prints its id.
mcp_session() {
  local url=$1 auth=() session
  [ -n "${2:-}" ] && auth=(-H "Authorization: Bearer $2")
  session=$(curl -s -D - -o /dev/null "${auth[@]}" -H "Content-Type: application/json" -H "Accept: $accept" \
    -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' \
    "$url" | awk 'tolower($1) == "mcp-session-id:" { print $2 }' | tr -d '\r')
  [ -n "$session" ] || die "no MCP session from $url"
  curl -s -o /dev/null "${auth[@]}" -H "Content-Type: application/json" -H "Accept: $accept" \
    -H "Mcp-Session-Id: $session" -H "MCP-Protocol-Version: 2025-11-25" \
    -d '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$url"
  printf '%s' "$session"
}

# wrk_script FILE TOOL SESSION [TOKEN]: a wrk script posting tools/call with a fresh id each time.
wrk_script() {
  local file=$1 tool=$2 session=$3 auth=${4:-}
  cat >"$file" <<EOF
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "$accept"
wrk.headers["Mcp-Session-Id"] = "$session"
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
EOF
  if [ -n "$auth" ]; then
    printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$auth" >>"$file"
  fi
  cat >>"$file" <<EOF
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"jsonrpc":"2.0","id":' .. n ..
    ',"method":"tools/call","params":{"name":"$tool","arguments":{"message":"hello"}}}')
end
EOF
}

wrk_script "$work/direct.lua" echo "$(mcp_session "http://127.0.0.1:$upstream_port/mcp")"
wrk_script "$work/bridge-mcp.lua" everything__echo "$(mcp_session "http://127.0.0.1:$bridge_port/mcp" "$token")" "$token"
cat >"$work/rest.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"message":"hello"}'
EOF

direct_url="http://127.0.0.1:$upstream_port/mcp"
rest_url="http://127.0.0.1:$bridge_port/api/v1/mcp/servers/everything/tools/echo/call"
mcp_url="http://127.0.0.1:$bridge_port/mcp"

# A call each way must succeed before anything is timed.
curl -sf -H "Authorization: Bearer $token" -H "Content-Type: application/json" -d '{"message":"check"}' "$rest_url" \
  | grep -q '"text":"Echo: check"' || die "the REST call does not answer"

# check_script FILE: appends to a wrk script a count of answers without the echo, printed at the end
# ("wrong answers: N"), since an MCP error still comes back as HTTP 200.
check_script() {
  cat >>"$1" <<'EOF'
local threads = {}
wrong = 0
setup = function(thread) table.insert(threads, thread) end
response = function(status, headers, body)
  if not string.find(body, "Echo: hello", 1, true) then
    wrong = wrong + 1
    if wrong == 1 then io.stderr:write("first wrong answer: " .. body .. "\n") end
  end
end
done = function()
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("wrong") end
  io.write("wrong answers: " .. total .. "\n")
end
EOF
}
check_script "$work/direct.lua"
check_script "$work/bridge-mcp.lua"
check_script "$work/rest.lua"

# measure SCRIPT URL CONNECTIONS: prints "req/s p50_ms p99_ms"; stops the bench if any call failed.
measure() {
  local script=$1 url=$2 conns=$3 out
  out=$(wrk -t1 -c"$conns" -d"${seconds}s" --latency -s "$script" "$url")
  if grep -qE "Non-2xx|Socket errors" <<<"$out" || ! grep -q "^wrong answers: 0$" <<<"$out"; then
    printf '%s\n' "$out" >&2
    die "calls to $url failed"
  fi
  wrk_summary <<<"$out"
}

say "warming up the bridge's JIT"
wrk -t1 -c"$connections" -d10s -s "$work/rest.lua" "$rest_url" >/dev/null
wrk -t1 -c"$connections" -d10s -s "$work/bridge-mcp.lua" "$mcp_url" >/dev/null

for conns in 1 "$connections"; do
  printf '\n%-36s %9s %9s %9s\n' "echo, $conns connection(s)" REQ/S P50_MS P99_MS
  read -r d_rps d_p50 d_p99 < <(measure "$work/direct.lua" "$direct_url" "$conns")
  printf '%-36s %9s %9s %9s\n' "direct MCP client -> server" "$d_rps" "$d_p50" "$d_p99"
  read -r r_rps r_p50 r_p99 < <(measure "$work/rest.lua" "$rest_url" "$conns")
  printf '%-36s %9s %9s %9s\n' "REST -> bridge -> server" "$r_rps" "$r_p50" "$r_p99"
  read -r m_rps m_p50 m_p99 < <(measure "$work/bridge-mcp.lua" "$mcp_url" "$conns")
  printf '%-36s %9s %9s %9s\n' "/mcp -> bridge -> server" "$m_rps" "$m_p50" "$m_p99"
  awk -v d="$d_p50" -v r="$r_p50" -v m="$m_p50" -v dr="$d_rps" -v rr="$r_rps" -v mr="$m_rps" 'BEGIN {
    printf "added p50: REST %.2f ms, /mcp %.2f ms (aim <= 1)   throughput vs direct: REST %.2f, /mcp %.2f\n",
      r - d, m - d, rr / dr, mr / dr }'
done
