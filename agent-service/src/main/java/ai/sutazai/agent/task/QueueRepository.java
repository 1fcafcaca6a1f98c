package ai.sutazai.agent.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL of the workers: claiming runnable tasks under a lease, renewing leases, storing chunks and
 * ending attempts. Every write of a running task names its lease token, so a worker whose lease
 * expired (and whose task another worker now holds) has its late writes refused.
 */
@ApplicationScoped
public class QueueRepository {

    // Claims are serialised across replicas by one transaction-scoped advisory lock, so that two
    // claimers never both fill an agent's last free slot; SKIP LOCKED passes rows that an API call
    // (a cancel) holds. Per agent, at most its free slots (and never more than the batch) are locked and
    // taken, in priority then run_at order.
    private static final String CLAIM = "WITH busy AS (SELECT agent_id, count(*) AS n FROM agents.tasks "
            + "WHERE state = 'working' AND lease_token IS NOT NULL GROUP BY agent_id), "
            + "picked AS (SELECT c.id, c.priority, c.run_at FROM agents.agents a LEFT JOIN busy b ON b.agent_id = a.id "
            + "CROSS JOIN LATERAL (SELECT t.id, t.priority, t.run_at FROM agents.tasks t WHERE t.agent_id = a.id "
            + "AND t.state = 'submitted' AND t.run_at <= now() ORDER BY t.priority DESC, t.run_at, t.id "
            + "LIMIT least($1, greatest(a.max_concurrency - coalesce(b.n, 0), 0)) FOR UPDATE OF t SKIP LOCKED) c "
            + "WHERE a.enabled ORDER BY c.priority DESC, c.run_at, c.id LIMIT $1), "
            + "claimed AS (UPDATE agents.tasks t SET state = 'working', attempts = t.attempts + 1, "
            + "lease_token = gen_random_uuid(), locked_until = now() + $2 * interval '1 millisecond', "
            + "attempt_started_at = now(), started_at = coalesce(t.started_at, now()), next_seq = t.next_seq + 1, "
            + "updated_at = now() FROM picked WHERE t.id = picked.id RETURNING t.*), "
            + "events AS (INSERT INTO agents.task_events (task_id, seq, kind, data) SELECT id, next_seq, 'state', "
            + "jsonb_build_object('state', 'working', 'attempt', attempts) FROM claimed) "
            + "SELECT " + TaskRepository.COLUMNS + " FROM claimed ORDER BY priority DESC, run_at, id";
    private static final long CLAIM_LOCK = 7_305_001L;
    private static final String EVENT = "WITH t AS (UPDATE agents.tasks SET next_seq = next_seq + 1, updated_at = now() "
            + "WHERE id = $1 AND lease_token = $2 AND state = 'working' RETURNING id, next_seq) "
            + "INSERT INTO agents.task_events (task_id, seq, kind, data) SELECT id, next_seq, $4, $3 FROM t RETURNING seq";
    // One statement: the task's new state, the answer's last chunk (when $11 is set) and the state event,
    // whose seq is $10 (the row is locked by the caller, which read next_seq). The clock, not the
    // transaction's start: a transaction may have waited for a child's, and must not end before it.
    private static final String END = "WITH upd AS (UPDATE agents.tasks SET state = $2, error = $4, "
            + "result = CASE WHEN $3::jsonb IS NULL THEN NULL WHEN EXISTS "
            + "(SELECT 1 FROM agents.tasks c WHERE c.parent_id = $1) "
            + "THEN $3::jsonb || jsonb_build_object('children', agents.task_children($1)) ELSE $3::jsonb END, "
            + "run_at = CASE WHEN $5::bigint IS NULL THEN run_at ELSE clock_timestamp() + $5 * interval '1 millisecond' END, "
            + "attempts = attempts - $6, attempt_log = CASE WHEN $7::text IS NULL THEN attempt_log ELSE attempt_log || "
            + "jsonb_build_array(jsonb_build_object('attempt', attempts, 'startedAt', attempt_started_at, "
            + "'endedAt', clock_timestamp(), 'outcome', $7::text, 'error', $4::text)) END, lease_token = NULL, "
            + "locked_until = NULL, awaiting_children = $8, finished_at = CASE WHEN $9 THEN clock_timestamp() END, "
            + "next_seq = $10, updated_at = clock_timestamp() WHERE id = $1 RETURNING id, result, run_at), "
            + "chunk AS (INSERT INTO agents.task_events (task_id, seq, kind, data) "
            + "SELECT id, $10 - 1, 'chunk', jsonb_build_object('text', $11::text) FROM upd WHERE $11::text IS NOT NULL) "
            + "INSERT INTO agents.task_events (task_id, seq, kind, data, final) SELECT id, $10, 'state', "
            + "jsonb_build_object('state', $2::text, 'attempt', $12::int) || jsonb_strip_nulls(jsonb_build_object("
            + "'waitingForChildren', CASE WHEN $8 THEN true END, 'retryAt', CASE WHEN $2 = 'submitted' THEN run_at END, "
            + "'error', $4::text)) || CASE WHEN $2 = 'completed' THEN jsonb_build_object('result', result) "
            + "ELSE '{}'::jsonb END, $9 FROM upd";
    private static final String RESCUE = "WITH expired AS (SELECT id FROM agents.tasks WHERE state = 'working' "
            + "AND lease_token IS NOT NULL AND locked_until < now() FOR UPDATE SKIP LOCKED), "
            + "moved AS (UPDATE agents.tasks t SET state = CASE WHEN t.cancel_requested THEN 'canceled' "
            + "WHEN t.attempts >= t.max_attempts THEN 'dead' ELSE 'submitted' END, "
            + "error = CASE WHEN NOT t.cancel_requested AND t.attempts >= t.max_attempts THEN $1 ELSE t.error END, "
            + "attempt_log = t.attempt_log || jsonb_build_array(jsonb_build_object('attempt', t.attempts, 'startedAt', "
            + "t.attempt_started_at, 'endedAt', now(), 'outcome', 'lease-expired', 'error', $1::text)), "
            + "lease_token = NULL, locked_until = NULL, run_at = now(), next_seq = t.next_seq + 1, updated_at = now(), "
            + "finished_at = CASE WHEN t.cancel_requested OR t.attempts >= t.max_attempts THEN now() END "
            + "FROM expired WHERE t.id = expired.id RETURNING t.id, t.agent_id, t.state, t.next_seq, t.parent_id), "
            + "events AS (INSERT INTO agents.task_events (task_id, seq, kind, data, final) SELECT id, next_seq, 'state', "
            + "jsonb_build_object('state', state, 'error', $1::text), state <> 'submitted' FROM moved) "
            + "SELECT id, agent_id, state, parent_id FROM moved";
    private static final String ORPHANS = "WITH gone AS (UPDATE agents.tasks t SET state = 'failed', "
            + "error = 'Agent ' || t.agent_id || ' was removed before the task ran', finished_at = now(), updated_at = now(), "
            + "next_seq = t.next_seq + 1 WHERE t.state = 'submitted' AND NOT EXISTS "
            + "(SELECT 1 FROM agents.agents a WHERE a.id = t.agent_id) RETURNING t.id, t.agent_id, t.next_seq, t.error, t.parent_id), "
            + "events AS (INSERT INTO agents.task_events (task_id, seq, kind, data, final) SELECT id, next_seq, 'state', "
            + "jsonb_build_object('state', 'failed', 'error', error), true FROM gone) SELECT id, agent_id, 'failed' AS state, parent_id FROM gone";

    private final Pool pool;

    public QueueRepository(Pool pool) {
        this.pool = pool;
    }

    /** Claims up to {@code limit} runnable tasks, each under a fresh lease of {@code lease}. */
    public Uni<List<Task>> claim(int limit, Duration lease) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(CLAIM_LOCK))
                .flatMap(locked -> tx.preparedQuery(CLAIM).execute(Tuple.of(limit, lease.toMillis())))
                .map(TaskRepository::all));
    }

    /**
     * Renews the leases of {@code tokens}; answers, per token still held, whether a cancel was
     * requested. A token missing from the answer has lost its task.
     */
    public Uni<Map<UUID, Boolean>> renew(List<UUID> tokens, Duration lease) {
        return pool.preparedQuery("UPDATE agents.tasks SET locked_until = now() + $2 * interval '1 millisecond' "
                + "WHERE lease_token = ANY($1) AND state = 'working' RETURNING lease_token, cancel_requested")
                .execute(Tuple.of(tokens.toArray(UUID[]::new), lease.toMillis())).map(rows -> {
                    Map<UUID, Boolean> held = new HashMap<>();
                    rows.forEach(row -> held.put(row.getUUID("lease_token"), row.getBoolean("cancel_requested")));
                    return held;
                });
    }

    /** Stores a chunk of a running task's answer; false when the lease is no longer this worker's. */
    public Uni<Boolean> chunk(UUID taskId, UUID leaseToken, String text) {
        return event(taskId, leaseToken, "chunk", new JsonObject().put("text", text));
    }

    /**
     * Stores an event of a running task ({@code chunk}, {@code tool_call}, {@code tool_result}); false
     * when the lease is no longer this worker's.
     */
    public Uni<Boolean> event(UUID taskId, UUID leaseToken, String kind, JsonObject data) {
        return pool.preparedQuery(EVENT).execute(Tuple.of(taskId, leaseToken, data, kind)).map(rows -> rows.size() > 0);
    }

    /**
     * How an attempt ends. {@code state} is where the task goes; {@code retryDelay} (retries and
     * releases) when it may run again; {@code outcome} the attempt's entry in the log (null: the
     * attempt does not count, as when the task is handed back unstarted); {@code lastChunk} answer
     * text not yet stored.
     */
    public record Ending(TaskState state, JsonObject result, String error, Duration retryDelay, String outcome,
            String lastChunk) {
    }

    /** What became of an ending. */
    public enum Ended {
        /** Stored as asked. */
        STORED,
        /** Its own work is done; it completes when its open children have finished. */
        AWAITING_CHILDREN,
        /** The lease was no longer this worker's: nothing was written. */
        REFUSED
    }

    /** Ends the attempt holding {@code leaseToken}, with its events, and settles the task's parent. */
    public Uni<Ended> end(Task task, UUID leaseToken, Ending ending) {
        return pool.withTransaction(tx -> TaskRepository.lock(tx, task.parentId())
                .flatMap(ignored -> tx.preparedQuery("SELECT next_seq, (SELECT count(*) FROM agents.tasks c "
                        + "WHERE c.parent_id = $1 AND c.state IN " + TaskRepository.OPEN + ") AS open_children "
                        + "FROM agents.tasks WHERE id = $1 AND lease_token = $2 AND state = 'working' FOR UPDATE")
                        .execute(Tuple.of(task.id(), leaseToken)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Ended.REFUSED);
                    }
                    Row row = rows.iterator().next();
                    boolean awaiting = ending.state() == TaskState.COMPLETED && row.getLong("open_children") > 0;
                    return write(tx, task, ending, row.getLong("next_seq"), awaiting)
                            .replaceWith(awaiting ? Ended.AWAITING_CHILDREN : Ended.STORED);
                }));
    }

    private static Uni<Void> write(SqlClient tx, Task task, QueueRepository.Ending ending, long seq, boolean awaiting) {
        TaskState state = awaiting ? TaskState.WORKING : ending.state();
        return tx.preparedQuery(END).execute(endValues(task, ending, seq, awaiting))
                .flatMap(ignored -> state.terminal() ? TaskRepository.settle(tx, task.parentId())
                        : Uni.createFrom().voidItem());
    }

    private static Tuple endValues(Task task, Ending ending, long seq, boolean awaiting) {
        TaskState state = awaiting ? TaskState.WORKING : ending.state();
        long stateSeq = ending.lastChunk() == null ? seq + 1 : seq + 2;
        return Tuple.from(Arrays.asList(task.id(), state.toString(), ending.result(), ending.error(),
                ending.retryDelay() == null ? null : ending.retryDelay().toMillis(), ending.outcome() == null ? 1 : 0,
                ending.outcome(), awaiting, state.terminal(), stateSeq, ending.lastChunk(), task.attempts()));
    }

    /** One attempt to end, for {@link #endAll}. */
    public record Pending(Task task, UUID leaseToken, Ending ending) {
    }

    /**
     * Ends several attempts of tasks without a parent in one transaction (rows locked in id order),
     * each as {@link #end} would; answers what became of each, in order.
     */
    public Uni<List<Ended>> endAll(List<Pending> endings) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT t.id, t.next_seq, (SELECT count(*) FROM "
                + "agents.tasks c WHERE c.parent_id = t.id AND c.state IN " + TaskRepository.OPEN + ") AS open_children "
                + "FROM agents.tasks t WHERE t.id = ANY($1) AND t.lease_token = ANY($2) AND t.state = 'working' "
                + "ORDER BY t.id FOR UPDATE")
                .execute(Tuple.of(endings.stream().map(pending -> pending.task().id()).toArray(UUID[]::new),
                        endings.stream().map(Pending::leaseToken).toArray(UUID[]::new)))
                .flatMap(rows -> {
                    Map<UUID, Row> held = new HashMap<>();
                    rows.forEach(row -> held.put(row.getUUID("id"), row));
                    List<Ended> outcomes = new ArrayList<>();
                    List<Tuple> writes = new ArrayList<>();
                    for (Pending pending : endings) {
                        Row row = held.get(pending.task().id());
                        if (row == null) {
                            outcomes.add(Ended.REFUSED);
                            continue;
                        }
                        boolean awaiting = pending.ending().state() == TaskState.COMPLETED
                                && row.getLong("open_children") > 0;
                        outcomes.add(awaiting ? Ended.AWAITING_CHILDREN : Ended.STORED);
                        writes.add(endValues(pending.task(), pending.ending(), row.getLong("next_seq"), awaiting));
                    }
                    return writes.isEmpty() ? Uni.createFrom().item(outcomes)
                            : tx.preparedQuery(END).executeBatch(writes).replaceWith(outcomes);
                }));
    }

    /** A task a maintenance round moved: its agent, where it went, and its parent. */
    public record Moved(UUID id, String agentId, TaskState state, UUID parentId) {
    }

    /**
     * Hands tasks whose lease expired (their worker died or hung) back to the queue, or ends them
     * {@code dead} (or {@code canceled}, when asked) when that was their last attempt; fails queued
     * tasks whose agent was removed.
     */
    public Uni<List<Moved>> rescue() {
        return pool.withTransaction(tx -> tx.preparedQuery(RESCUE)
                .execute(Tuple.of("The worker holding the task stopped renewing its lease"))
                .flatMap(rescued -> tx.preparedQuery(ORPHANS).execute().map(orphans -> {
                    List<Moved> moved = new ArrayList<>();
                    rescued.forEach(row -> moved.add(moved(row)));
                    orphans.forEach(row -> moved.add(moved(row)));
                    return moved;
                })));
    }

    /** Open tasks in the whole queue: submitted and due, submitted for later, and working. */
    public record Depth(long due, long scheduled, long working) {
    }

    /** How deep the queue is now, for the metrics. */
    public Uni<Depth> depth() {
        return pool.query("SELECT count(*) FILTER (WHERE state = 'submitted' AND run_at <= now()) AS due, "
                + "count(*) FILTER (WHERE state = 'submitted' AND run_at > now()) AS scheduled, "
                + "count(*) FILTER (WHERE state = 'working') AS working FROM agents.tasks "
                + "WHERE state IN " + TaskRepository.OPEN).execute().map(rows -> {
                    Row row = rows.iterator().next();
                    return new Depth(row.getLong("due"), row.getLong("scheduled"), row.getLong("working"));
                });
    }

    /** Settles a parent after one of its children ended outside a worker's transaction. */
    public Uni<Void> settle(UUID parentId) {
        return pool.withTransaction(tx -> TaskRepository.lock(tx, parentId).flatMap(ignored ->
                TaskRepository.settle(tx, parentId)));
    }

    private static Moved moved(Row row) {
        return new Moved(row.getUUID("id"), row.getString("agent_id"), TaskState.of(row.getString("state")), row.getUUID("parent_id"));
    }
}
