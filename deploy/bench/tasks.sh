#!/usr/bin/env bash
# The durable task queue's rates, in one run on this machine:
#  1. submitted: POST /api/v1/tasks straight to agent-service (JWT, validation, task row, its first
#     event), driven by wrk (deploy/bench/tasks/submit.lua) with several connections, on a process
#     whose workers are off (AGENT_TASKS_WORKERS_ENABLED=false), so nothing else runs there;
#  2. claimed+completed with a no-op agent, for 1 and 2 agent-service processes sharing the queue:
#     an `http` agent whose POST /chat (and GET /health, its status check) a local nginx answers at
#     once with {"response":"ok"}; N tasks are stored in one transaction as POST stores them (the task
#     and its `submitted` event) with the NOTIFY a submit sends, and the rate is N over the time from
#     that commit to the last task's finished_at (each run after a warm-up of its own);
#  3. next to them, the bare SQL claim/complete rate from pgbench on a scratch copy of agents.tasks
#     (same columns and indexes), with as many clients as the submit run has connections: one
#     UPDATE claiming 32 with FOR UPDATE SKIP LOCKED, then one UPDATE per row completing it; then the
#     same work with the service's own statements (advisory lock, per-agent slots, events, one
#     transaction per ending), which tells the cost of its SQL apart from that of the Java around it,
#     and once more with the claim's per-agent LIMIT capped at the batch (a candidate fix);
#  4. pick-up latency on an idle queue: one task at a time, from the POST's answer to the task's
#     startedAt, submitted to the worker's own process (it wakes at once) and to another process
#     (the worker hears of it by LISTEN/NOTIFY) (deploy/bench/tasks/pickup.mjs).
# Prints tasks/s, the ratio to the bare pgbench rate, CPU per task of the JVM(s) and of their
# PostgreSQL backends, p50/p99 of the pick-up, and the machine's load (the figures are CPU-bound: on a
# shared machine, compare runs at a similar load). Aims: >= 1,000 tasks/s completed with one process
# (stretch 2,000), pick-up p50 <= 50 ms.
# Usage: deploy/bench/tasks.sh [tasks per completion run (20000)] [seconds of the submit run (10)]
#                              [connections and pgbench clients (16)] [pick-up samples (200)]
#                              [extra JVM flags of the worker processes, e.g. a JFR recording]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/deploy/bench/lib/bench.sh"
cd "$root"

tasks=${1:-20000}
seconds=${2:-10}
connections=${3:-16}
samples=${4:-200}
extra_java_opts=${5:-}
warmup_tasks=5000
pgbench_rows=200000
batch=32
api_port=18240
worker_ports=(18241 18242)
nginx_port=18245
# Nothing listens here: tasks keep no conversation history, so agent-service needs no memory-service.
memory_port=18249
agent=bench-noop
db=sutazai_bench
work=$(mktemp -d)
export PGPASSWORD=$db

bench_prepare
ensure_package nginx nginx-light
ensure_package pgbench postgresql-contrib
command -v node >/dev/null 2>&1 || die "node is needed (Node 20)"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

psql_bench() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U "$db" -d "$db" "$@"; }

# The no-op agent: the old platform's contract (LegacyAgentDialect), answered at once.
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  server {
    listen 127.0.0.1:$nginx_port;
    default_type application/json;
    location = /chat { return 200 '{"response":"ok","usage":{"prompt_tokens":3,"completion_tokens":1}}'; }
    location = /health { return 200 '{"status":"ok"}'; }
  }
}
EOF
nginx -c "$work/nginx.conf" -p "$work" || die "nginx did not start (port $nginx_port busy?)"

secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
token=$(hs256_token "$secret" 00000000-0000-4000-8000-0000007a5c5e)
admin=$(hs256_token "$secret" 00000000-0000-4000-8000-00000000ad31 '["user","admin"]')
common=(PATH="$PATH" HOME="$HOME" JWT_SECRET="$secret" POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=5432
  POSTGRES_DB=$db POSTGRES_USER=$db POSTGRES_PASSWORD=$db REDIS_HOST=127.0.0.1 REDIS_PORT=6379
  MEMORY_SERVICE_ADDRESSES=127.0.0.1:$memory_port)

# start_agent_service LABEL PORT JAVA_FLAGS ENV...: returns once it is ready, its process id in $started.
started=
start_agent_service() {
  local label=$1 port=$2 flags=$3 pid; shift 3
  # shellcheck disable=SC2086
  env -i "${common[@]}" QUARKUS_HTTP_PORT="$port" "$@" \
    java -XX:+UseParallelGC -Xmx256m $flags -jar agent-service/target/quarkus-app/quarkus-run.jar \
    >"$work/$label.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  [ "$(await_ready "$pid" "$port" 120)" = UP ] || { cat "$work/$label.log" >&2; die "agent-service ($label) is not ready"; }
  started=$pid
}

say "starting agent-service for the API, its workers off"
start_agent_service api $api_port "" AGENT_TASKS_WORKERS_ENABLED=false
api_pid=$started

# The no-op agent, created or put back to this run's nginx; maxConcurrency at its maximum, above
# the slots of two processes (64 each), so that the agent's limit never sets the pace.
definition="{\"id\":\"$agent\",\"name\":\"Bench no-op\",\"kind\":\"http\",\"maxConcurrency\":256,
  \"connection\":{\"baseUrl\":\"http://127.0.0.1:$nginx_port\"}}"
status=$(curl -s -o "$work/agent.json" -w '%{http_code}' -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' -d "$definition" "http://127.0.0.1:$api_port/api/v1/agents")
if [ "$status" = 409 ]; then
  status=$(curl -s -o "$work/agent.json" -w '%{http_code}' -X PUT -H "Authorization: Bearer $admin" \
    -H 'Content-Type: application/json' -d "$definition" "http://127.0.0.1:$api_port/api/v1/agents/$agent")
fi
case $status in 200|201) ;; *) cat "$work/agent.json" >&2; die "registering the agent $agent answered $status" ;; esac

empty_queue() { psql_bench -c "TRUNCATE agents.tasks, agents.task_events, agents.task_idempotency"; }

# pg_backend_cpu: "pid cpu_seconds" of each PostgreSQL backend serving the bench database now.
pg_backend_cpu() {
  local pid
  for pid in $(psql_bench -At -c "SELECT pid FROM pg_stat_activity WHERE datname = current_database()
                                  AND pid <> pg_backend_pid()"); do
    awk -v pid="$pid" -v hz="$(getconf CLK_TCK)" '{ printf "%s %.2f\n", pid, ($14 + $15) / hz }' "/proc/$pid/stat" \
      2>/dev/null || true
  done
}

# pg_cpu_between BEFORE AFTER: CPU seconds the backends used between two pg_backend_cpu lists
# (a backend that ended in between is missed: the services' pooled connections live on).
pg_cpu_between() {
  awk 'NR == FNR { before[$1] = $2; next } { total += $2 - ($1 in before ? before[$1] : 0) }
       END { printf "%.2f\n", total }' <(printf '%s\n' "$1") <(printf '%s\n' "$2")
}

# ---- 3. pgbench on a scratch copy of the queue's tables (first, while no worker runs)

say "pgbench: claim/complete on a scratch copy of agents.tasks, $connections clients"
psql_bench <<SQL
DROP SCHEMA IF EXISTS tasks_bench CASCADE;
CREATE SCHEMA tasks_bench;
CREATE TABLE tasks_bench.tasks (LIKE agents.tasks INCLUDING ALL);
CREATE TABLE tasks_bench.task_events (LIKE agents.task_events INCLUDING ALL);
CREATE TABLE tasks_bench.agents (LIKE agents.agents INCLUDING ALL);
-- Room for every client's batch, so that no claim comes back empty because of the agent's limit.
INSERT INTO tasks_bench.agents SELECT * FROM agents.agents;
UPDATE tasks_bench.agents SET max_concurrency = $((connections * batch)) WHERE id = '$agent';
SQL

# The claim both scripts start with, ending in a count and the claimed ids and leases for \gset.
claimed_row="SELECT count(*) AS n, coalesce(array_agg(id)::text, '{}') AS ids,
  coalesce(array_agg(lease_token)::text, '{}') AS tokens FROM"
{
  cat <<SQL
WITH claimed AS (UPDATE tasks_bench.tasks t SET state = 'working', attempts = t.attempts + 1,
  lease_token = gen_random_uuid(), locked_until = now() + interval '30 seconds', attempt_started_at = now(),
  started_at = coalesce(t.started_at, now()), updated_at = now()
  WHERE t.id IN (SELECT id FROM tasks_bench.tasks WHERE agent_id = '$agent' AND state = 'submitted' AND run_at <= now()
                 ORDER BY priority DESC, run_at, id LIMIT $batch FOR UPDATE SKIP LOCKED)
  RETURNING t.id, t.lease_token)
$claimed_row claimed \gset
SQL
  for k in $(seq 1 $batch); do
    cat <<SQL
\if :n >= $k
UPDATE tasks_bench.tasks SET state = 'completed', result = '{"text":"ok"}', lease_token = NULL, locked_until = NULL,
  finished_at = now(), updated_at = now() WHERE id = (:ids::uuid[])[$k] AND lease_token = (:tokens::uuid[])[$k];
\endif
SQL
  done
} >"$work/bare.sql"

# service_script PER_AGENT_LIMIT: the service's statements (QueueRepository.claim and .end for a
# task with no parent and one answer chunk, as of this script) on the scratch tables, under an
# advisory lock key of their own. PER_AGENT_LIMIT is the claim's LIMIT per agent: the service's
# own, or one capped at the batch (what the claim would lock if its LATERAL took no more than it needs).
columns="id, owner_id, agent_id, parent_id, state, priority, run_at, input, result, error, attempts, max_attempts,
  attempt_log, lease_token, cancel_requested, awaiting_children, created_at, started_at, finished_at, updated_at"
service_script() {
  cat <<SQL
BEGIN;
SELECT pg_advisory_xact_lock(7305099);
WITH busy AS (SELECT agent_id, count(*) AS n FROM tasks_bench.tasks WHERE state = 'working' AND lease_token IS NOT NULL
  GROUP BY agent_id),
picked AS (SELECT c.id, c.priority, c.run_at FROM tasks_bench.agents a LEFT JOIN busy b ON b.agent_id = a.id
  CROSS JOIN LATERAL (SELECT t.id, t.priority, t.run_at FROM tasks_bench.tasks t WHERE t.agent_id = a.id
  AND t.state = 'submitted' AND t.run_at <= now() ORDER BY t.priority DESC, t.run_at, t.id
  LIMIT $1 FOR UPDATE OF t SKIP LOCKED) c
  WHERE a.enabled ORDER BY c.priority DESC, c.run_at, c.id LIMIT $batch),
claimed AS (UPDATE tasks_bench.tasks t SET state = 'working', attempts = t.attempts + 1,
  lease_token = gen_random_uuid(), locked_until = now() + 30000 * interval '1 millisecond',
  attempt_started_at = now(), started_at = coalesce(t.started_at, now()), next_seq = t.next_seq + 1,
  updated_at = now() FROM picked WHERE t.id = picked.id RETURNING t.*),
events AS (INSERT INTO tasks_bench.task_events (task_id, seq, kind, data) SELECT id, next_seq, 'state',
  jsonb_build_object('state', 'working', 'attempt', attempts) FROM claimed)
$claimed_row (SELECT $columns FROM claimed ORDER BY priority DESC, run_at, id) rows \gset
COMMIT;
SQL
  for k in $(seq 1 $batch); do
    cat <<SQL
\if :n >= $k
BEGIN;
SELECT next_seq AS seq, (SELECT count(*) FROM tasks_bench.tasks c WHERE c.parent_id = (:ids::uuid[])[$k]
  AND c.state IN ('submitted', 'working')) AS open_children FROM tasks_bench.tasks
  WHERE id = (:ids::uuid[])[$k] AND lease_token = (:tokens::uuid[])[$k] AND state = 'working' FOR UPDATE \gset
INSERT INTO tasks_bench.task_events (task_id, seq, kind, data, final)
  VALUES ((:ids::uuid[])[$k], :seq::bigint + 1, 'chunk', '{"text":"ok"}', false);
UPDATE tasks_bench.tasks SET state = 'completed', error = NULL,
  result = CASE WHEN EXISTS (SELECT 1 FROM tasks_bench.tasks c WHERE c.parent_id = (:ids::uuid[])[$k])
    THEN '{"text":"ok"}'::jsonb ELSE '{"text":"ok","finishReason":"stop"}'::jsonb END,
  attempts = attempts - 0, attempt_log = attempt_log || jsonb_build_array(jsonb_build_object('attempt', attempts,
    'startedAt', attempt_started_at, 'endedAt', now(), 'outcome', 'completed', 'error', NULL::text)),
  lease_token = NULL, locked_until = NULL, awaiting_children = false, finished_at = now(),
  next_seq = :seq::bigint + 2, updated_at = now() WHERE id = (:ids::uuid[])[$k] RETURNING result, run_at;
INSERT INTO tasks_bench.task_events (task_id, seq, kind, data, final)
  VALUES ((:ids::uuid[])[$k], :seq::bigint + 2, 'state', '{"state":"completed","attempt":1,"result":{"text":"ok"}}', true);
COMMIT;
\endif
SQL
  done
}
service_script "greatest(a.max_concurrency - coalesce(b.n, 0), 0)" >"$work/service.sql"
service_script "least($batch, greatest(a.max_concurrency - coalesce(b.n, 0), 0))" >"$work/service-capped.sql"

# pgbench_rate SCRIPT: tasks completed per second by $connections clients running SCRIPT for
# $seconds over $pgbench_rows queued rows; stops the bench if the queue ran dry (the rate would be low).
pgbench_rate() {
  local script=$1 completed
  psql_bench <<SQL
TRUNCATE tasks_bench.tasks, tasks_bench.task_events;
INSERT INTO tasks_bench.tasks (id, owner_id, agent_id, state, priority, run_at, input, max_attempts, next_seq)
SELECT gen_random_uuid(), 'bench-pgbench', '$agent', 'submitted', 0, now(),
       '{"messages":[{"role":"user","content":"Say ok."}]}', 5, 1 FROM generate_series(1, $pgbench_rows);
INSERT INTO tasks_bench.task_events (task_id, seq, kind, data) SELECT id, 1, 'state', '{"state":"submitted"}' FROM tasks_bench.tasks;
SQL
  psql_bench -c "VACUUM ANALYZE tasks_bench.tasks" -c "VACUUM ANALYZE tasks_bench.task_events"
  pgbench -n -M prepared -h 127.0.0.1 -U "$db" -c "$connections" -j 2 -T "$seconds" -f "$script" "$db" \
    >"$work/pgbench.out" 2>&1 || { cat "$work/pgbench.out" >&2; die "pgbench failed"; }
  completed=$(psql_bench -At -c "SELECT count(*) FROM tasks_bench.tasks WHERE state = 'completed'")
  [ "$completed" -lt "$pgbench_rows" ] || die "pgbench emptied the scratch queue: raise pgbench_rows"
  awk -v n="$completed" -v s="$seconds" 'BEGIN { printf "%.0f\n", n / s }'
}
bare_rate=$(pgbench_rate "$work/bare.sql")
service_rate=$(pgbench_rate "$work/service.sql")
capped_rate=$(pgbench_rate "$work/service-capped.sql")
psql_bench -c "DROP SCHEMA tasks_bench CASCADE"

# ---- 1. Submit rate

empty_queue
say "submitting tasks through the API for $seconds s with $connections connections (after a warm-up)"
submit_url="http://127.0.0.1:$api_port/api/v1/tasks"
AGENT=$agent TOKEN=$token wrk -t2 -c"$connections" -d10s -s deploy/bench/tasks/submit.lua "$submit_url" >/dev/null
empty_queue
api_cpu_before=$(cpu_seconds "$api_pid")
out=$(AGENT=$agent TOKEN=$token wrk -t2 -c"$connections" -d"${seconds}s" --latency -s deploy/bench/tasks/submit.lua "$submit_url")
api_cpu_after=$(cpu_seconds "$api_pid")
! grep -qE 'Non-2xx|Socket errors' <<<"$out" || { echo "$out" >&2; die "submitting answered errors"; }
read -r submit_rps submit_p50 submit_p99 < <(wrk_summary <<<"$out")
answered=$(awk '/requests in/ { print $1 }' <<<"$out")
stored=$(psql_bench -At -c "SELECT count(*) FROM agents.tasks")
submit_cpu=$(awk -v a="$api_cpu_before" -v b="$api_cpu_after" -v n="$answered" 'BEGIN { printf "%.2f", (b - a) * 1000 / n }')

# ---- 2. Completion rate

# load_tasks OWNER COUNT: COUNT tasks stored at once as POST stores them, with the NOTIFY a submit
# sends; prints the epoch seconds just after their commit.
load_tasks() {
  psql_bench -At <<SQL
BEGIN;
INSERT INTO agents.tasks (id, owner_id, agent_id, state, priority, run_at, input, max_attempts, next_seq)
SELECT gen_random_uuid(), '$1', '$agent', 'submitted', 0, now(),
       '{"messages":[{"role":"user","content":"Say ok."}]}', 5, 1 FROM generate_series(1, $2);
INSERT INTO agents.task_events (task_id, seq, kind, data, final)
SELECT id, 1, 'state', '{"state":"submitted"}', false FROM agents.tasks WHERE owner_id = '$1';
-- So that claims are planned for the table as it now is, as autovacuum would see to after a while.
ANALYZE agents.tasks;
NOTIFY agents_tasks;
COMMIT;
SELECT extract(epoch FROM clock_timestamp());
SQL
}

# await_done OWNER COUNT: waits until none of OWNER's tasks is open; stops the bench unless all
# COUNT completed, or when nothing moves for 30 s.
await_done() {
  local owner=$1 count=$2 open completed last=-1 still=0
  while :; do
    read -r open completed < <(psql_bench -At -F ' ' -c "SELECT count(*) FILTER (WHERE state IN ('submitted', 'working')),
      count(*) FILTER (WHERE state = 'completed') FROM agents.tasks WHERE owner_id = '$owner'")
    [ "$open" -eq 0 ] && break
    if [ "$open" -eq "$last" ]; then still=$((still + 1)); else still=0; last=$open; fi
    [ "$still" -lt 150 ] || die "$open tasks of $owner stay open for 30 s"
    sleep 0.2
  done
  [ "$completed" -eq "$count" ] || {
    psql_bench -c "SELECT state, count(*), min(error) FROM agents.tasks WHERE owner_id = '$owner' GROUP BY state" >&2
    die "only $completed of $count tasks of $owner completed"
  }
}

# completion_run LABEL PIDS...: a warm-up, then $tasks tasks; prints "tasks/s jvm_cpu_ms pg_cpu_ms" per task.
completion_run() {
  local label=$1 owner t0 t_end jvm_before=0 jvm_after=0 pg_before pg_used pid; shift
  load_tasks "bench-warm-up-$label" $warmup_tasks >/dev/null
  await_done "bench-warm-up-$label" $warmup_tasks
  empty_queue
  owner="bench-$label"
  for pid in "$@"; do jvm_before=$(awk -v a="$jvm_before" -v b="$(cpu_seconds "$pid")" 'BEGIN { print a + b }'); done
  pg_before=$(pg_backend_cpu)
  t0=$(load_tasks "$owner" "$tasks")
  await_done "$owner" "$tasks"
  pg_used=$(pg_cpu_between "$pg_before" "$(pg_backend_cpu)")
  for pid in "$@"; do jvm_after=$(awk -v a="$jvm_after" -v b="$(cpu_seconds "$pid")" 'BEGIN { print a + b }'); done
  t_end=$(psql_bench -At -c "SELECT extract(epoch FROM max(finished_at)) FROM agents.tasks WHERE owner_id = '$owner'")
  awk -v n="$tasks" -v t0="$t0" -v t1="$t_end" -v j0="$jvm_before" -v j1="$jvm_after" -v pg="$pg_used" \
    'BEGIN { printf "%.0f %.2f %.2f\n", n / (t1 - t0), (j1 - j0) * 1000 / n, pg * 1000 / n }'
}

empty_queue
say "starting one worker process"
start_agent_service worker-1 "${worker_ports[0]}" "$extra_java_opts"
worker1_pid=$started
say "claiming and completing $tasks tasks with one process (after $warmup_tasks to warm up)"
result=$(completion_run 1p "$worker1_pid"); read -r one_rate one_jvm one_pg <<<"$result"

# ---- 4. Pick-up latency on the idle queue (one worker process)

empty_queue
say "pick-up latency: $samples tasks one at a time, submitted to the worker's process and to the API process"
result=$(node deploy/bench/tasks/pickup.mjs "http://127.0.0.1:${worker_ports[0]}" "$token" "$agent" "$samples" 20)
read -r local_p50 local_p99 <<<"$result"
result=$(node deploy/bench/tasks/pickup.mjs "http://127.0.0.1:$api_port" "$token" "$agent" "$samples" 20)
read -r notify_p50 notify_p99 <<<"$result"

# The API process is done: its connections go back to the server (shared, 100 at most) before the
# second worker process takes its own.
kill "$api_pid"; wait "$api_pid" 2>/dev/null || true
empty_queue
say "starting a second worker process"
start_agent_service worker-2 "${worker_ports[1]}" "$extra_java_opts"
worker2_pid=$started
say "claiming and completing $tasks tasks with two processes (after $warmup_tasks to warm up)"
result=$(completion_run 2p "$worker1_pid" "$worker2_pid"); read -r two_rate two_jvm two_pg <<<"$result"
load=$(uptime | sed 's/.*load average: //')
empty_queue

printf '\nTASK QUEUE on %d cores: agent %s (nginx answers /chat at once), %d tasks per completion run\n' \
  "$(nproc)" "$agent" "$tasks"
row() { # row WHAT TASKS/S REFERENCE CLIENT_CPU PG_CPU: the ratio is TASKS/S over REFERENCE
  awk -v w="$1" -v r="$2" -v ref="$3" -v c="$4" -v p="$5" 'BEGIN {
    printf "%-58s %8s %9s %7s %13s %11s\n", w, r, ref, ref == "-" ? "-" : sprintf("%.2f", r / ref), c, p }'
}
printf '%-58s %8s %9s %7s %13s %11s\n' WHAT TASKS/S REFERENCE RATIO CLIENT_CPU_MS/T PG_CPU_MS/T
row "submitted: POST /api/v1/tasks, $connections connections" "$submit_rps" - "$submit_cpu" -
row "claimed+completed, 1 process (64 slots)" "$one_rate" "$bare_rate" "$one_jvm" "$one_pg"
row "claimed+completed, 2 processes (64 slots each)" "$two_rate" "$bare_rate" "$two_jvm" "$two_pg"
row "pgbench: bare claim of $batch + per-row complete, $connections clients" "$bare_rate" - - -
row "pgbench: the service's statements, $connections clients" "$service_rate" "$bare_rate" - -
row "pgbench: the same, the claim's per-agent LIMIT capped at $batch" "$capped_rate" "$bare_rate" - -
echo "(REFERENCE: the bare pgbench rate. CPU in ms per task: CLIENT = agent-service's JVMs, PG = the PostgreSQL"
echo " backends of their pooled connections)"
printf 'submit latency at %d connections: p50 %s ms, p99 %s ms; %s tasks stored for %s answers\n' "$connections" \
  "$submit_p50" "$submit_p99" "$stored" "$answered"

printf '\n%-54s %8s %8s\n' "PICK-UP ON AN IDLE QUEUE ($samples tasks, one at a time)" P50_MS P99_MS
printf '%-54s %8s %8s\n' "submitted to the worker's process (wakes it at once)" "$local_p50" "$local_p99"
printf '%-54s %8s %8s\n' "submitted to another process (LISTEN/NOTIFY)" "$notify_p50" "$notify_p99"
echo "(from the POST's answer to the task's startedAt; negative: claimed before the answer arrived)"
awk -v r="$one_rate" -v l="$notify_p50" 'BEGIN {
  printf "aims: >= 1,000 tasks/s with one process (stretch 2,000): %s; pick-up p50 <= 50 ms: %s\n",
    r >= 2000 ? "met, stretch too" : r >= 1000 ? "met" : "missed", l <= 50 ? "met" : "missed" }'
echo "load average (1, 5, 15 min) at the end: $load"
