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
