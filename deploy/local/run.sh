#!/usr/bin/env bash
# Runs the whole suite on this machine without Docker: makes sure PostgreSQL and Redis are up,
# creates .env on first run (with a fresh JWT_SECRET, database password and first-admin password,
# kept for later runs),
# builds what is out of date, starts the five services in the background and waits until each is
# ready. Logs: deploy/local/run/logs/. Stop with deploy/local/stop.sh.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/deploy/local"
run_dir="$here/run"
. "$here/lib/infra.sh"
. "$here/lib/services.sh"
. "$here/lib/env.sh"
cd "$root"

if [ ! -f .env ]; then
  say "creating .env from .env.example with a new JWT_SECRET, POSTGRES_PASSWORD, first admin and webhook token"
  write_env .env.example .env
  say "the first admin signs in as admin@sutazai.local with the SUTAZAI_ADMIN_PASSWORD in .env"
fi
set -a
. ./.env
set +a

ensure_postgres "${POSTGRES_HOST:-localhost}" "${POSTGRES_PORT:-5432}"
ensure_redis "${REDIS_HOST:-localhost}" "${REDIS_PORT:-6379}"
case "${POSTGRES_HOST:-localhost}" in
  localhost|127.*) ensure_role_and_database "${POSTGRES_USER:-sutazai}" "$POSTGRES_PASSWORD" "${POSTGRES_DB:-sutazai}" ;;
esac

if needs_build; then
  say "building the services (./mvnw package)"
  ./mvnw -B -q package -DskipTests -DskipITs
fi

# The MCP servers of deploy/mcp/mcp-servers.json (the default MCP_SERVERS_FILE) run from deploy/mcp,
# installed from its lockfile here, never fetched at run time by npx -y.
mcp_dir="$root/deploy/mcp"
if [ ! -d "$mcp_dir/node_modules" ] || [ "$mcp_dir/package-lock.json" -nt "$mcp_dir/node_modules" ]; then
  if command -v npm >/dev/null 2>&1; then
    say "installing the MCP servers of deploy/mcp (npm ci)"
    (cd "$mcp_dir" && npm ci --no-audit --no-fund --loglevel=error >&2) \
      || say "warning: npm ci failed in deploy/mcp; mcp-bridge-service will list those servers as failed"
  else
    say "warning: npm is not installed, so mcp-bridge-service will list the servers of deploy/mcp as failed" \
      "(Debian/Ubuntu: sudo apt-get install nodejs npm)"
  fi
fi
export PATH="$mcp_dir/node_modules/.bin:$PATH"
# The servers resolve a relative path each their own way: give them an absolute one.
case "${MCP_DATA_DIR:=deploy/mcp/data}" in /*) ;; *) MCP_DATA_DIR="$root/$MCP_DATA_DIR" ;; esac
export MCP_DATA_DIR
mkdir -p "$MCP_DATA_DIR/files"

mkdir -p "$run_dir/logs"
# Small, fast-starting JVMs: five of them share this machine with PostgreSQL and Redis.
java_opts=${SUTAZAI_JAVA_OPTS:-"-XX:+UseSerialGC -Xms32m -Xmx128m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"}

for entry in "${services[@]}"; do
  read -r name port <<<"$entry"
  pid_file="$run_dir/$name.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    say "$name is already running (pid $(cat "$pid_file"))"
    continue
  fi
  if [ -z "$(cds_opts "$name")" ] && [ "${SUTAZAI_APPCDS:-true}" = true ]; then
    say "recording $name's class-data archive (a training start, once per build)"
    ensure_cds_archive "$name" "$port" "$java_opts"
  fi
  # The working directory is the repository root, so the service reads the same .env.
  # shellcheck disable=SC2086
  nohup java $java_opts $(cds_opts "$name") -jar "$name/target/quarkus-app/quarkus-run.jar" >"$run_dir/logs/$name.log" 2>&1 &
  echo $! >"$pid_file"
done

failed=0
printf '\n%-20s %-6s %-8s %-10s %s\n' SERVICE PORT PID READY URL
for entry in "${services[@]}"; do
  read -r name port <<<"$entry"
  pid=$(cat "$run_dir/$name.pid")
  state=$(await_ready "$pid" "$port" 90)
  [ "$state" = UP ] || failed=1
  printf '%-20s %-6s %-8s %-10s %s\n' "$name" "$port" "$pid" "$state" "http://localhost:$port/q/swagger-ui"
done
echo
if [ $failed -ne 0 ]; then
  say "not every service is ready; see $run_dir/logs/ (a service that exited names its configuration problems there)"
  exit 1
fi
say "all services are ready. Logs: $run_dir/logs/  Stop: deploy/local/stop.sh"
