#!/usr/bin/env bash
# Start-up time (JVM launch to /q/health/ready = 200) and idle RSS of each service, started one at
# a time with the local runner's JVM flags against the local PostgreSQL and Redis. The reference
# in the same run is a bare JVM printing its version with the same flags.
# Needs the .env that deploy/local/run.sh creates, and the five services stopped.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/deploy/local/lib/infra.sh"
. "$root/deploy/local/lib/services.sh"
cd "$root"
[ -f .env ] || die "no .env: run deploy/local/run.sh once first"
set -a; . ./.env; set +a
rounds=${1:-3}
idle_seconds=10
java_opts=${SUTAZAI_JAVA_OPTS:-"-XX:+UseSerialGC -Xms32m -Xmx128m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"}

now_ms() { date +%s%3N; }

# shellcheck disable=SC2086
jvm_ms() { local t0; t0=$(now_ms); java $java_opts -version >/dev/null 2>&1; echo $(( $(now_ms) - t0 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

reference=$(for _ in $(seq 1 "$rounds"); do jvm_ms; done | median)
printf '%-20s %12s %14s %16s\n' SERVICE READY_MS IDLE_RSS_MB "READY/BARE_JVM"
for entry in "${services[@]}"; do
  read -r name port <<<"$entry"
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then die "port $port is busy: stop the suite first (deploy/local/stop.sh)"; fi
  times=()
  rss=0
  for _ in $(seq 1 "$rounds"); do
    t0=$(now_ms)
    # shellcheck disable=SC2086
    java $java_opts -jar "$name/target/quarkus-app/quarkus-run.jar" >/dev/null 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready")" = 200 ]; do
      kill -0 $pid 2>/dev/null || die "$name exited during start-up"
      sleep 0.02
    done
    times+=($(( $(now_ms) - t0 )))
    sleep $idle_seconds
    rss=$(( $(ps -o rss= -p $pid) / 1024 ))
    kill -TERM $pid; wait $pid 2>/dev/null || true
  done
  ready=$(printf '%s\n' "${times[@]}" | median)
  printf '%-20s %12s %14s %16s\n' "$name" "$ready" "$rss" "$(awk -v a="$ready" -v b="$reference" 'BEGIN {printf "%.1fx", a/b}')"
done
printf '%-20s %12s\n' "bare JVM (-version)" "$reference"
echo "median of $rounds starts each; RSS after $idle_seconds s idle (last start); flags: $java_opts"
