#!/usr/bin/env bash
# What probing costs. health-service runs 500 HTTP probes at a 1 s interval against a local nginx;
# then prometheus-blackbox-exporter (Debian) does the same checks, 500 /probe?module=http_2xx requests
# a second driven by wrk, against the same nginx. Each runs alone (2 cores), after a warm-up, for
# the same measured time. Prints checks per second, CPU share (100 % = one core) and RSS of each, the
# scheduling lag p50/p99 of health-service (how late checks start; from /q/metrics), and the ratios.
# Aims: lag p99 <= 100 ms, and health-service's CPU no more than blackbox_exporter's for the same checks.
# Usage: deploy/bench/probes.sh [seconds] [probes] [extra health-service JVM flags, e.g. a JFR recording]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/deploy/bench/lib/bench.sh"
cd "$root"

seconds=${1:-60}
probes=${2:-500}
extra_java_opts=${3:-}
warmup=20
nginx_port=18501
health_port=18502
blackbox_port=18503
work=$(mktemp -d)

bench_prepare
command -v nginx >/dev/null 2>&1 || apt_install nginx-light || die "nginx is needed"
command -v prometheus-blackbox-exporter >/dev/null 2>&1 || apt_install prometheus-blackbox-exporter \
  || die "prometheus-blackbox-exporter is needed"

health_pid= blackbox_pid=
cleanup() {
  for pid in $health_pid $blackbox_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  server { listen 127.0.0.1:$nginx_port; location / { return 200 "ok\n"; } }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" || die "nginx did not start (port $nginx_port busy?)"
# The worker does the answering; the master only supervises.
nginx_pid=$(pgrep -P "$(cat "$work/nginx.pid")" | head -1)

# One probe per path, so each check is its own request, as 500 monitored endpoints would be.
{
  echo "probes:"
  for i in $(seq 1 "$probes"); do
    printf '  - {name: p%d, type: http, url: "http://127.0.0.1:%d/p%d", interval: PT1S, timeout: PT0.5S}\n' \
      "$i" "$nginx_port" "$i"
  done
} >"$work/probes.yaml"

# The results of earlier runs would only make the uptime gauges' queries slower.
PGPASSWORD=sutazai_bench psql -q -h 127.0.0.1 -U sutazai_bench -d sutazai_bench \
  -c 'TRUNCATE health.results, health.results_minute, health.results_hour, health.incidents' >/dev/null 2>&1 || true

secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
env -i PATH="$PATH" HOME="$HOME" JWT_SECRET="$secret" \
  POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=5432 POSTGRES_DB=sutazai_bench POSTGRES_USER=sutazai_bench \
  POSTGRES_PASSWORD=sutazai_bench REDIS_HOST=127.0.0.1 REDIS_PORT=6379 QUARKUS_HTTP_PORT=$health_port \
  HEALTH_PROBES_FILE="$work/probes.yaml" \
  java -XX:+UseParallelGC -Xmx256m $extra_java_opts -jar health-service/target/quarkus-app/quarkus-run.jar \
  >"$work/health.log" 2>&1 &
health_pid=$!
[ "$(await_ready "$health_pid" "$health_port" 120)" = UP ] || { tail -30 "$work/health.log" >&2; die "health-service did not become ready"; }

metric() { curl -s "http://127.0.0.1:$health_port/q/metrics"; }
# checks_total: every probe's checks so far, summed.
checks_total() { metric | awk '/^probe_checks_total\{/ { sum += $2 } END { printf "%.0f\n", sum }'; }

say "warming up health-service for ${warmup}s"
sleep "$warmup"
c0=$(checks_total); t0=$(cpu_seconds "$health_pid"); n0=$(cpu_seconds "$nginx_pid")
sleep "$seconds"
c1=$(checks_total); t1=$(cpu_seconds "$health_pid"); n1=$(cpu_seconds "$nginx_pid")
scrape=$(metric)
h_rss=$(rss_mb "$health_pid")
lag_p50=$(awk '/^probe_scheduling_lag_seconds\{quantile="0.5"/ { printf "%.1f", $2 * 1000 }' <<<"$scrape")
lag_p99=$(awk '/^probe_scheduling_lag_seconds\{quantile="0.99"/ { printf "%.1f", $2 * 1000 }' <<<"$scrape")
lag_max=$(awk '/^probe_scheduling_lag_seconds_max/ { printf "%.1f", $2 * 1000 }' <<<"$scrape")
failing=$(awk '/^probe_success\{/ && $2 != 1 { n++ } END { print n + 0 }' <<<"$scrape")
h_rate=$(awk -v a="$c0" -v b="$c1" -v s="$seconds" 'BEGIN { printf "%.0f", (b - a) / s }')
h_cpu=$(awk -v a="$t0" -v b="$t1" -v s="$seconds" 'BEGIN { printf "%.1f", 100 * (b - a) / s }')
h_nginx=$(awk -v a="$n0" -v b="$n1" -v s="$seconds" 'BEGIN { printf "%.1f", 100 * (b - a) / s }')
kill "$health_pid"; wait "$health_pid" 2>/dev/null || true; health_pid=

cat >"$work/blackbox.yml" <<CONF
modules:
  http_2xx:
    prober: http
    timeout: 500ms
    http:
      preferred_ip_protocol: ip4
CONF
prometheus-blackbox-exporter --config.file="$work/blackbox.yml" --web.listen-address="127.0.0.1:$blackbox_port" \
  >"$work/blackbox.log" 2>&1 &
blackbox_pid=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$blackbox_port/metrics" && break
  sleep 0.1
done
curl -s "http://127.0.0.1:$blackbox_port/probe?target=http://127.0.0.1:$nginx_port/p1&module=http_2xx" \
  | grep -q '^probe_success 1' || { cat "$work/blackbox.log" >&2; die "blackbox_exporter does not probe nginx"; }

# The loop standing in for Prometheus: each of 50 connections asks for one probe, waits 90 ms and
# asks again (a probe takes about 10 ms), a different target each time: about 500 checks a second.
# wrk cannot hold a rate exactly, so the achieved rate is measured and CPU compared per check.
cat >"$work/blackbox.lua" <<LUA
local n = 0
failed = 0
local threads = {}
setup = function(thread) table.insert(threads, thread) end
request = function()
  n = n % $probes + 1
  return wrk.format("GET", "/probe?module=http_2xx&target=http://127.0.0.1:$nginx_port/p" .. n)
end
delay = function() return 90 end
response = function(status, headers, body)
  if not string.find(body, "\nprobe_success 1", 1, true) then failed = failed + 1 end
end
done = function()
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("failed") end
  io.write("failed probes: " .. total .. "\n")
end
LUA
say "warming up blackbox_exporter for ${warmup}s"
wrk -t1 -c50 -d"${warmup}s" -s "$work/blackbox.lua" "http://127.0.0.1:$blackbox_port" >/dev/null
b0=$(cpu_seconds "$blackbox_pid"); n0=$(cpu_seconds "$nginx_pid")
out=$(wrk -t1 -c50 -d"${seconds}s" -s "$work/blackbox.lua" "http://127.0.0.1:$blackbox_port")
b1=$(cpu_seconds "$blackbox_pid"); n1=$(cpu_seconds "$nginx_pid")
b_rss=$(rss_mb "$blackbox_pid")
b_rate=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
b_failed=$(awk '/^failed probes:/ { print $3 }' <<<"$out")
b_cpu=$(awk -v a="$b0" -v b="$b1" -v s="$seconds" 'BEGIN { printf "%.1f", 100 * (b - a) / s }')
b_nginx=$(awk -v a="$n0" -v b="$n1" -v s="$seconds" 'BEGIN { printf "%.1f", 100 * (b - a) / s }')

printf '\n%-36s %9s %7s %7s %11s %11s %11s %9s %8s\n' "PROBER ($probes targets, ${seconds}s)" CHECKS/S CPU_% RSS_MB \
  LAG_P50_MS LAG_P99_MS LAG_MAX_MS NGINX_% FAILING
printf '%-36s %9s %7s %7s %11s %11s %11s %9s %8s\n' "health-service (1 s interval)" "$h_rate" "$h_cpu" "$h_rss" \
  "$lag_p50" "$lag_p99" "$lag_max" "$h_nginx" "$failing"
printf '%-36s %9s %7s %7s %11s %11s %11s %9s %8s\n' "blackbox_exporter (wrk loop)" "$b_rate" "$b_cpu" "$b_rss" \
  "-" "-" "-" "$b_nginx" "$b_failed"
awk -v h="$h_cpu" -v b="$b_cpu" -v hr="$h_rate" -v br="$b_rate" -v p99="$lag_p99" 'BEGIN {
  printf "CPU per 1000 checks: health-service %.1f %%, blackbox_exporter %.1f %% (ratio %.2f, aim <= 1)\n",
    1000 * h / hr, 1000 * b / br, (h / hr) / (b / br)
  printf "scheduling lag p99: %s ms (aim <= 100)\n", p99 }'
echo "lag quantiles cover roughly the last minute (Micrometer's decaying window). Not counted: the wrk driver's"
echo "CPU (Prometheus's part for blackbox_exporter), nor PostgreSQL's for storing health-service's results."
