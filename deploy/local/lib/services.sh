# The five services and their local ports (ARCHITECTURE §2), and helpers shared by the scripts.
services=(
  "gateway-service 10200"
  "agent-service 10210"
  "memory-service 10220"
  "health-service 10230"
  "mcp-bridge-service 11100"
)

# needs_build: true when a service jar is missing or older than any source or pom.
needs_build() {
  local entry name port jar
  for entry in "${services[@]}"; do
    read -r name port <<<"$entry"
    jar="$name/target/quarkus-app/quarkus-run.jar"
    [ -f "$jar" ] || return 0
    [ -z "$(find "$name/src/main" service-commons/src/main "$name/pom.xml" service-commons/pom.xml pom.xml -newer "$jar" -print -quit)" ] || return 0
  done
  return 1
}

# await_ready PID PORT SECONDS: prints UP once /q/health/ready answers 200, EXITED if the process
# ended, or NOT_READY after SECONDS.
await_ready() {
  local pid=$1 port=$2 seconds=$3 deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$pid" 2>/dev/null; then echo EXITED; return; fi
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready")" = 200 ]; then
      echo UP; return
    fi
    sleep 0.5
  done
  echo NOT_READY
}

# Class-data sharing (AppCDS): a training start of a service records every class it loads up to
# readiness (or to liveness without its dependencies) into target/quarkus-app/app-cds.jsa, and later
# starts map them instead of loading, verifying and linking each again (about a quarter less CPU to
# ready). Quarkus' own quarkus.package.jar.appcds.enabled archives only what static init loads, a
# few hundred classes. An archive belongs to one JDK build and one jar path: a stale or foreign one
# is refused by the JVM (-Xshare:auto), which then starts as without it. SUTAZAI_APPCDS=false turns it off.

# cds_archive NAME: where the service's archive lives.
cds_archive() { echo "$1/target/quarkus-app/app-cds.jsa"; }

# cds_opts NAME: the JVM flags that use the service's archive, when there is a current one.
cds_opts() {
  local archive; archive=$(cds_archive "$1")
  if [ "${SUTAZAI_APPCDS:-true}" = true ] && [ -f "$archive" ] && [ "$archive" -nt "$1/target/quarkus-app/quarkus-run.jar" ]; then
    echo "-XX:SharedArchiveFile=$archive -Xshare:auto"
  fi
}

# ensure_cds_archive NAME PORT JAVA_OPTS: records the archive with a training start, unless a current
# one exists. Run from the repository root, with the environment the service will run with.
ensure_cds_archive() {
  local name=$1 port=$2 java_opts=$3 archive pid
  [ "${SUTAZAI_APPCDS:-true}" = true ] || return 0
  [ -z "$(cds_opts "$name")" ] || return 0
  archive=$(cds_archive "$name")
  rm -f "$archive"
  # shellcheck disable=SC2086
  QUARKUS_HTTP_PORT=$port java $java_opts -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -jar "$name/target/quarkus-app/quarkus-run.jar" >/dev/null 2>&1 &
  pid=$!
  # Up to a minute for readiness; a start that never gets there still loaded most of its classes.
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$archive"; return 0; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready")" = 200 ] && break
    sleep 0.2
  done
  # The archive is written as the JVM exits.
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
