#!/usr/bin/env bash
# Start-up time (JVM launch to /q/health/ready = 200) and idle RSS of each service, started one at
# a time with the local runner's JVM flags against the local PostgreSQL and Redis. The reference
# in the same run is a bare JVM printing its version with the same flags. Each service starts without
# and then with its AppCDS archive (recorded by a training start when missing), both rows in one run.
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

# starts NAME PORT FLAGS: median ready ms, median CPU ms until ready (all threads: JIT, GC, class
# loading; it hardly moves when other work shares the machine) and the idle RSS of the last start.
starts() {
  local name=$1 port=$2 flags=$3 times=() cpus=() rss=0 t0 pid
  for _ in $(seq 1 "$rounds"); do
    t0=$(now_ms)
    # shellcheck disable=SC2086
    java $java_opts $flags -jar "$name/target/quarkus-app/quarkus-run.jar" >/dev/null 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready")" = 200 ]; do
      kill -0 $pid 2>/dev/null || die "$name exited during start-up"
      sleep 0.02
    done
    times+=($(( $(now_ms) - t0 )))
    cpus+=($(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$pid/stat"))
    sleep $idle_seconds
    rss=$(( $(ps -o rss= -p $pid) / 1024 ))
    kill -TERM $pid; wait $pid 2>/dev/null || true
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $rss"
}

printf '%-20s %-9s %10s %10s %12s %15s\n' SERVICE CLASSES READY_MS CPU_MS IDLE_RSS_MB "READY/BARE_JVM"
for entry in "${services[@]}"; do
  read -r name port <<<"$entry"
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then die "port $port is busy: stop the suite first (deploy/local/stop.sh)"; fi
  ensure_cds_archive "$name" "$port" "$java_opts"
  for mode in loaded shared; do
    flags=
    [ $mode = shared ] && flags=$(cds_opts "$name")
    [ $mode = shared ] && [ -z "$flags" ] && { printf '%-20s %-9s %s\n' "$name" "$mode" "(no archive: training start failed)"; continue; }
    read -r ready cpu rss < <(starts "$name" "$port" "$flags")
    printf '%-20s %-9s %10s %10s %12s %15s\n' "$name" "$mode" "$ready" "$cpu" "$rss" \
      "$(awk -v a="$ready" -v b="$reference" 'BEGIN {printf "%.1fx", a/b}')"
  done
done
printf '%-20s %-9s %10s\n' "bare JVM (-version)" "" "$reference"
echo "median of $rounds starts each; loaded = classes loaded from the jars, shared = mapped from the AppCDS archive"
echo "(deploy/local/lib/services.sh); RSS after $idle_seconds s idle (last start); flags: $java_opts; load: $(cut -d' ' -f1-3 /proc/loadavg)"
