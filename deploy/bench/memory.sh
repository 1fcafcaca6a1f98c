#!/usr/bin/env bash
# memory-service's ingest and search costs, in one run on this machine:
#  1. ingest: N generated texts written through the API (8 in flight) until all are embedded,
#     next to the raw rate of the same model on the same texts at the same batch size, with the
#     service's own inference code and nothing around it (deploy/bench/memory/EmbeddingRate.java);
#  2. search: p50/p99 per mode (keyword, semantic, hybrid), one request at a time, over one owner's 10k and 100k memories
#     on the exact vector backend (the local PostgreSQL has no pgvector), next to a floor measured
#     alone: keyword, the bare SQL the service runs (pgbench on the same rows); semantic, embedding
#     the query and one pass over as many vectors in a plain float[] (deploy/bench/memory/ScoreRate.java).
# The search rows get random vectors through SQL: embedding 110k texts here would take half an hour,
# and the search cost does not depend on what the vectors mean.
# Usage: deploy/bench/memory.sh [texts to ingest (1000)] [seconds per search run (10)]
# MEMORY_BENCH_PORT sets the service's port (18220) when another bench holds it.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/deploy/bench/lib/bench.sh"
cd "$root"

ingest_count=${1:-1000}
seconds=${2:-10}
port=${MEMORY_BENCH_PORT:-18220}
# Memories embedded together, by the service and by the raw run alike.
batch=32
db=sutazai_bench
work=$(mktemp -d)
export PGPASSWORD=$db

# Only memory-service is measured, so only it (and what it depends on) is built.
command -v wrk >/dev/null 2>&1 || apt_install wrk || die "wrk is needed"
ensure_postgres 127.0.0.1 5432
ensure_redis 127.0.0.1 6379
ensure_role_and_database sutazai_bench sutazai_bench sutazai_bench
jar=memory-service/target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ] || [ -n "$(find memory-service/src/main memory-service/pom.xml service-commons/src/main service-commons/pom.xml pom.xml -newer "$jar" -print -quit)" ]; then
  say "building memory-service (./mvnw package)"
  ./mvnw -B -q -pl memory-service -am package -DskipTests -DskipITs
fi
command -v pgbench >/dev/null 2>&1 || apt_install postgresql-contrib || die "pgbench is needed"
command -v node >/dev/null 2>&1 || die "node is needed (Node 20)"

service_pid=
cleanup() {
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

psql_bench() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U "$db" -d "$db" "$@"; }

# Texts of 20-60 words drawn from a fixed vocabulary with a fixed seed: the same on every run.
vocabulary="river boat sunset budget quarter recipe basil garden dog training meeting launch mountain hike
server memory birthday gift friend piano castle history flight coast vegetable spring winter book tap
kitchen team offsite weather weekend coffee morning train station ticket city museum painting music
concert guitar lesson school teacher student exam holiday beach island forest lake camping tent fire
dinner pasta bread cheese wine market price report customer invoice contract lawyer doctor health
running swimming cycling football match goal player coach season rain snow storm bridge road car
engine repair phone battery laptop screen keyboard cloud network password account email letter
family child parent grandmother house window door roof paint colour blue green red light lamp"
awk -v n="$ingest_count" -v words="$vocabulary" 'BEGIN {
  srand(42); count = split(words, w, /[ \n]+/)
  for (i = 1; i <= n; i++) {
    len = 20 + int(rand() * 41); line = ""
    for (j = 1; j <= len; j++) line = line (j > 1 ? " " : "") w[1 + int(rand() * count)]
    print line
  }
}' >"$work/texts.txt"

secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
# Heap and vector cache sized for the 100k scope (150 MB of vectors).
start_service() {
  say "starting memory-service on database $db"
  env -i PATH="$PATH" HOME="$HOME" JWT_SECRET="$secret" \
    POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=5432 POSTGRES_DB=$db POSTGRES_USER=$db POSTGRES_PASSWORD=$db \
    REDIS_HOST=127.0.0.1 REDIS_PORT=6379 QUARKUS_HTTP_PORT=$port \
    java -Xmx512m -Dmemory.search.vector-cache-size=200000 -Dmemory.embedding.batch-size=$batch \
    -jar memory-service/target/quarkus-app/quarkus-run.jar >"$work/service.log" 2>&1 &
  service_pid=$!
  [ "$(await_ready "$service_pid" "$port" 120)" = UP ] || { cat "$work/service.log" >&2; die "memory-service is not ready"; }
}
start_service

# 1. Ingest (after a warm-up of 100 texts, as the raw run warms up too), and the raw model on the
#    same texts with the model files the service extracted, one thread per core as the service's
#    embedder uses, right before and right after the ingest (the service idle, then stopped): the
#    machine is shared, so the ingest is compared with the mean of the two. Then one thread alone.
ingest() {
  local owner=$1 texts=$2
  node deploy/bench/memory/ingest.mjs "http://127.0.0.1:$port" "$(hs256_token "$secret" "$owner")" "$texts" 8
  psql_bench -c "DELETE FROM memory.memories WHERE owner_id = '$owner'"
}
cores=$(nproc)
# Where the service copied the model: java.io.tmpdir, /tmp unless -Djava.io.tmpdir says otherwise.
model_dir=/tmp/sutazai-memory-model
service_cp="memory-service/target/quarkus-app/app/*:memory-service/target/quarkus-app/lib/main/*"
raw_rate() {
  java -Xmx512m -cp "$service_cp" deploy/bench/memory/EmbeddingRate.java \
    "$model_dir/all-minilm-l6-v2.onnx" "$model_dir/all-minilm-l6-v2-tokenizer.json" "$work/texts.txt" "$1" "$batch" \
    2>/dev/null
}
head -100 "$work/texts.txt" >"$work/warm-up.txt"
ingest "bench-warm-up-$(date +%s)" "$work/warm-up.txt" >/dev/null
say "embedding the same texts directly with the model ($cores threads), before the ingest"
raw_before=$(raw_rate "$cores")
say "ingesting $ingest_count texts through the API"
read -r written_s embedded_s < <(ingest "bench-ingest-$(date +%s)" "$work/texts.txt")
kill "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=
say "embedding the same texts directly with the model ($cores threads, then 1), after the ingest"
raw_after=$(raw_rate "$cores")
raw_one=$(raw_rate 1)
raw_rate=$(awk -v a="$raw_before" -v b="$raw_after" 'BEGIN { printf "%.1f", (a + b) / 2 }')

# The floor under a semantic search of each scope, measured alone (the service is stopped): prints "p50_ms p99_ms".
say "timing query embedding and one pass over 10k and 100k vectors in-process"
score_floor() {
  java -Xmx512m -cp "$service_cp" deploy/bench/memory/ScoreRate.java \
    "$model_dir/all-minilm-l6-v2.onnx" "$model_dir/all-minilm-l6-v2-tokenizer.json" "$1" 5 2>/dev/null
}
read -r floor_10k_p50 floor_10k_p99 < <(score_floor 10000)
read -r floor_100k_p50 floor_100k_p99 < <(score_floor 100000)

# 2. Search. Rows for bench-10k and bench-100k are loaded once and kept between runs.
load_owner() {
  local owner=$1 rows=$2 have
  have=$(psql_bench -At -c "SELECT count(*) FROM memory.memories WHERE owner_id = '$owner'")
  [ "$have" = "$rows" ] && return
  say "loading $rows memories with random vectors for $owner"
  psql_bench -c "DELETE FROM memory.memories WHERE owner_id = '$owner'"
  psql_bench <<SQL
INSERT INTO memory.memories (id, owner_id, namespace, content, embedding, embedding_model, embedding_dimension,
                             embedding_status)
SELECT gen_random_uuid(), '$owner', 'default',
       (SELECT string_agg(w[1 + floor(random() * array_length(w, 1))::int], ' ')
          FROM generate_series(1, 20 + (g % 40)), (SELECT string_to_array('$(echo $vocabulary)', ' ') AS w) v),
       ARRAY(SELECT (random() - 0.5)::real FROM generate_series(1, 384) WHERE g > 0),
       'all-minilm-l6-v2', 384, 'ready'
  FROM generate_series(1, $rows) g;
SQL
  # Sets the visibility map, so the exact backend's scope scan reads its covering index alone.
  psql_bench -c "VACUUM ANALYZE memory.memories"
}
load_owner bench-10k 10000
load_owner bench-100k 100000

start_service

# First semantic search of a scope: every vector comes from PostgreSQL into the cache.
cold_ms() {
  curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d '{"query":"cold start","mode":"semantic"}' "http://127.0.0.1:$port/api/v1/memory/search" |
    awk '{ printf "%.0f", $1 * 1000 }'
}

# One wrk run, one request at a time (latency without queueing behind our own load; the
# embedding of a query and the scoring each take a core): prints "req/s p50_ms p99_ms".
# Fails on any answer that is not 2xx.
measure() {
  local token=$1 mode=$2 out
  out=$(MODE=$mode TOKEN=$token wrk -t1 -c1 -d"${seconds}s" --latency -s deploy/bench/memory/search.lua \
    "http://127.0.0.1:$port/api/v1/memory/search")
  ! grep -q 'Non-2xx' <<<"$out" || { echo "$out" >&2; die "search answered errors"; }
  wrk_summary <<<"$out"
}

# The SQL the service runs for one owner, timed by pgbench alone: prints "p50_ms p99_ms".
bare_sql() {
  local name=$1 sql=$2
  printf '%s\n' "$sql" >"$work/$name.sql"
  (cd "$work" && pgbench -n -h 127.0.0.1 -U "$db" -c 1 -T 5 -l --log-prefix="$name" -f "$name.sql" "$db" >/dev/null 2>&1)
  cat "$work/$name".* | awk '{ print $3 / 1000 }' | sort -n | awk '
    { v[NR] = $1 } END { printf "%.2f %.2f\n", v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1] }'
  rm -f "$work/$name".*
}

live="(m.expires_at IS NULL OR m.expires_at > now())"
printf '\n%-12s %-9s %8s %8s %8s   %-14s %7s   %s\n' SCOPE MODE REQ/S P50_MS P99_MS "FLOOR P50/P99" "P99 x" "FLOOR"
for scope in 10k 100k; do
  owner="bench-$scope"
  token=$(hs256_token "$secret" "$owner")
  cold=$(cold_ms "$token")
  read -r kw_p50 kw_p99 < <(bare_sql "kw$scope" "SELECT m.id, ts_rank_cd(m.search_text, q, 32) AS score FROM memory.memories m, websearch_to_tsquery('english'::regconfig, 'river boats at sunset') q WHERE m.owner_id = '$owner' AND m.search_text @@ q AND $live ORDER BY score DESC, m.id LIMIT 20;")
  floor_p50=floor_${scope}_p50 floor_p99=floor_${scope}_p99
  sc_p50=${!floor_p50} sc_p99=${!floor_p99}
  for mode in keyword semantic hybrid; do
    MODE=$mode TOKEN=$token wrk -t1 -c1 -d5s -s deploy/bench/memory/search.lua \
      "http://127.0.0.1:$port/api/v1/memory/search" >/dev/null # warm-up
    read -r rps p50 p99 < <(measure "$token" "$mode")
    # Hybrid runs both lists at once, so its floor is the slower of the two.
    case $mode in
      keyword) f50=$kw_p50 f99=$kw_p99 what="bare full-text SQL (pgbench)" ;;
      semantic) f50=$sc_p50 f99=$sc_p99 what="query embedding + one pass over the vectors, in-process" ;;
      hybrid) what="the slower of the two"
        read -r f50 f99 < <(awk -v a="$kw_p50" -v b="$kw_p99" -v c="$sc_p50" -v d="$sc_p99" \
          'BEGIN { printf "%.2f %.2f\n", (a > c ? a : c), (b > d ? b : d) }') ;;
    esac
    printf '%-12s %-9s %8s %8s %8s   %-14s %7s   %s\n' "$scope" "$mode" "$rps" "$p50" "$p99" "$f50 / $f99" \
      "$(awk -v a="$p99" -v b="$f99" 'BEGIN { printf "%.1f", a / b }')" "$what"
    [ "$scope/$mode" = 10k/hybrid ] && hybrid_10k_p99=$p99
    [ "$scope/$mode" = 100k/semantic ] && semantic_100k_p99=$p99 && semantic_100k_floor=$f99
  done
  printf '%-12s first semantic search (vectors read into memory): %s ms\n' "$scope" "$cold"
done
rss_mb=$(( $(ps -o rss= -p "$service_pid") / 1024 ))

printf '\nINGEST (%d texts, 8 writes in flight, batches of %d)\n' "$ingest_count" "$batch"
awk -v n="$ingest_count" -v w="$written_s" -v e="$embedded_s" -v raw="$raw_rate" -v one="$raw_one" -v cores="$cores" \
  -v before="$raw_before" -v after="$raw_after" 'BEGIN {
  printf "writes answered in %.2f s (%.0f/s); all embedded after %.2f s\n", w, n / w, e
  printf "raw model rate at the same batch size: %.1f texts/s on %d threads (%.1f before the ingest, %.1f after), %.1f on 1 thread\n", raw, cores, before, after, one
  printf "ingest rate with embeddings: %.1f texts/s; ratio to the raw rate on %d threads %.2f (aim >= 0.8)\n", n / e, cores, (n / e) / raw
}'
printf 'exact semantic p99 at 100k: %s ms (aim <= 50), its floor alone %s ms\n' "$semantic_100k_p99" "$semantic_100k_floor"
printf 'hybrid p99 at 10k (exact): %s ms (aim <= 50)\n' "$hybrid_10k_p99"
printf 'memory-service RSS after the run: %d MB (heap limit 512 MB, vector cache 200k)\n' "$rss_mb"
