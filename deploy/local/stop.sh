#!/usr/bin/env bash
# Stops the services deploy/local/run.sh started: SIGTERM (graceful: readiness goes DOWN and
# in-flight requests finish), then SIGKILL for any still running after 30 seconds.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
run_dir="$here/run"
. "$here/lib/infra.sh"
. "$here/lib/services.sh"

for entry in "${services[@]}"; do
  read -r name port <<<"$entry"
  pid_file="$run_dir/$name.pid"
  [ -f "$pid_file" ] || continue
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name did not stop in 30 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    say "stopped $name (pid $pid)"
  fi
  rm -f "$pid_file"
done
