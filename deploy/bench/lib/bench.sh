# Shared by the benchmark scripts. Expects $root (the repository root) to be set.
. "$root/deploy/local/lib/infra.sh"
. "$root/deploy/local/lib/services.sh"

# bench_prepare: wrk, PostgreSQL, Redis, the sutazai_bench database and fresh service jars.
bench_prepare() {
  command -v wrk >/dev/null 2>&1 || apt_install wrk || die "wrk is needed"
  ensure_postgres 127.0.0.1 5432
  ensure_redis 127.0.0.1 6379
  ensure_role_and_database sutazai_bench sutazai_bench sutazai_bench
  bench_build
}

# bench_build: fresh service jars, built only when a source or pom is newer than a jar.
bench_build() {
  if needs_build; then
    say "building the services (./mvnw package)"
    (cd "$root" && ./mvnw -B -q package -DskipTests -DskipITs)
  fi
}

# wrk_summary: reads the output of `wrk --latency` and prints "req/s p50_ms p99_ms".
wrk_summary() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }'
}

# hs256_token SECRET SUBJECT [GROUPS_JSON]: prints a one-hour access token signed as the gateway
# signs them (HS256 over JWT_SECRET's raw bytes, issuer sutazai), for benchmarks only.
hs256_token() {
  local secret=$1 subject=$2 groups=${3:-'["user"]'} now header payload signature
  b64url() { base64 | tr -d '\n=' | tr '/+' '_-'; }
  now=$(date +%s)
  header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"sutazai","sub":"%s","groups":%s,"iat":%d,"exp":%d}' \
    "$subject" "$groups" "$now" $((now + 3600)) | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}

# cpu_seconds PID: CPU time (user + system, all threads) the process has used so far, in seconds.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$1/stat"
}

# rss_mb PID: the process's resident memory now, in MB.
rss_mb() {
  awk '/^VmRSS:/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status"
}
