#!/usr/bin/env bash
# The gateway's forwarding cost. The same wrk load hits a trivially fast upstream (nginx answering
# "ok") three ways in one run: directly, through an nginx proxy_pass hop, and through the gateway
# with JWT verification and a Redis rate-limit script on every request (limits raised for the
# bench user). Prints req/s, p50 and p99 of each, the gateway/nginx ratios, and the same at a
# light load (fewer connections; wrk cannot fix a request rate) for the added p99, and the gateway's
# CPU time per request: unlike the rates, it hardly moves when other work shares the machine.
# Usage: deploy/bench/gateway.sh [seconds per run] [connections] [extra gateway JVM flags, e.g. a JFR recording]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/deploy/bench/lib/bench.sh"
cd "$root"

seconds=${1:-15}
connections=${2:-64}
extra_java_opts=${3:-}
light_connections=4
upstream_port=18081
nginx_port=18082
gateway_port=18083
work=$(mktemp -d)

bench_prepare
command -v nginx >/dev/null 2>&1 || apt_install nginx-light || die "nginx is needed"

gateway_pid=
cleanup() {
  if [ -n "$gateway_pid" ]; then kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; fi
  if [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream backend { server 127.0.0.1:$upstream_port; keepalive 64; }
  server { listen 127.0.0.1:$upstream_port; location / { return 200 "ok\n"; } }
  server {
    listen 127.0.0.1:$nginx_port;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
EOF
nginx -c "$work/nginx.conf" -p "$work" || die "nginx did not start (ports $upstream_port/$nginx_port busy?)"

secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
token=$(hs256_token "$secret" 00000000-0000-4000-8000-00000000be4c)

env -i PATH="$PATH" HOME="$HOME" JWT_SECRET="$secret" \
  POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=5432 POSTGRES_DB=sutazai_bench POSTGRES_USER=sutazai_bench \
  POSTGRES_PASSWORD=sutazai_bench REDIS_HOST=127.0.0.1 REDIS_PORT=6379 \
  AGENT_SERVICE_ADDRESSES=127.0.0.1:$upstream_port QUARKUS_HTTP_PORT=$gateway_port \
  GATEWAY_RATE_LIMIT_API_CAPACITY=1000000000 GATEWAY_RATE_LIMIT_API_REFILL_PER_SECOND=100000000 \
  java -XX:+UseParallelGC -Xmx256m $extra_java_opts -jar gateway-service/target/quarkus-app/quarkus-run.jar >"$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$gateway_port/api/v1/agents")" = 200 ] && break
  kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/gateway.log" >&2; die "the gateway exited"; }
  sleep 0.1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$gateway_port/api/v1/agents")" = 200 ] || die "the gateway does not forward to the upstream"

# One wrk run: prints "req/s p50_ms p99_ms".
measure() {
  local url=$1 conns=$2
  wrk -t2 -c"$conns" -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$url" | wrk_summary
}

say "warming up the gateway's JIT"
wrk -t2 -c"$connections" -d10s -H "Authorization: Bearer $token" "http://127.0.0.1:$gateway_port/api/v1/agents" >/dev/null

printf '%-34s %10s %9s %9s\n' "PATH ($connections connections)" REQ/S P50_MS P99_MS
read -r d_rps d_p50 d_p99 < <(measure "http://127.0.0.1:$upstream_port/api/v1/agents" "$connections")
printf '%-34s %10s %9s %9s\n' "direct to upstream" "$d_rps" "$d_p50" "$d_p99"
read -r n_rps n_p50 n_p99 < <(measure "http://127.0.0.1:$nginx_port/api/v1/agents" "$connections")
printf '%-34s %10s %9s %9s\n' "nginx proxy_pass" "$n_rps" "$n_p50" "$n_p99"
cpu_before=$(cpu_seconds "$gateway_pid")
read -r g_rps g_p50 g_p99 < <(measure "http://127.0.0.1:$gateway_port/api/v1/agents" "$connections")
cpu_after=$(cpu_seconds "$gateway_pid")
printf '%-34s %10s %9s %9s\n' "gateway (JWT + Redis limit)" "$g_rps" "$g_p50" "$g_p99"
awk -v g="$g_rps" -v n="$n_rps" 'BEGIN { printf "gateway/nginx throughput: %.2f (aim >= 0.5)\n", g / n }'
awk -v b="$cpu_before" -v a="$cpu_after" -v r="$g_rps" -v s="$seconds" \
  'BEGIN { printf "gateway CPU per request: %.0f us\n", (a - b) * 1e6 / (r * s) }'

printf '\n%-34s %10s %9s %9s\n' "PATH ($light_connections connections)" REQ/S P50_MS P99_MS
read -r nl_rps nl_p50 nl_p99 < <(measure "http://127.0.0.1:$nginx_port/api/v1/agents" "$light_connections")
printf '%-34s %10s %9s %9s\n' "nginx proxy_pass" "$nl_rps" "$nl_p50" "$nl_p99"
read -r gl_rps gl_p50 gl_p99 < <(measure "http://127.0.0.1:$gateway_port/api/v1/agents" "$light_connections")
printf '%-34s %10s %9s %9s\n' "gateway (JWT + Redis limit)" "$gl_rps" "$gl_p50" "$gl_p99"
awk -v g="$gl_p99" -v n="$nl_p99" 'BEGIN { printf "gateway p99 - nginx p99 at light load: %.2f ms (aim <= 2)\n", g - n }'
