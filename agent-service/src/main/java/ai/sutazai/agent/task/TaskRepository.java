package ai.sutazai.agent.task;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.commons.paging.Cursors;

/**
 * SQL for submitting, reading, listing and cancelling tasks, their events and idempotency keys.
 * What workers do to a task (claims, leases, endings) is in {@link QueueRepository}.
 */
@ApplicationScoped
public class TaskRepository {

    static final String COLUMNS = "id, owner_id, agent_id, parent_id, state, priority, run_at, input, result, error, "
            + "attempts, max_attempts, attempt_log, lease_token, cancel_requested, awaiting_children, created_at, "
            + "started_at, finished_at, updated_at, next_seq";
    static final String OPEN = "('submitted', 'working')";
    private static final String INSERT = "INSERT INTO agents.tasks (id, owner_id, agent_id, parent_id, state, priority, "
            + "run_at, input, max_attempts, next_seq) VALUES ($1, $2, $3, $4, 'submitted', $5, coalesce($6, now()), $7, $8, 1) "
            + "RETURNING " + COLUMNS;
    // An expired key is taken over by the new task; a live one is left alone (no row returned).
    private static final String CLAIM_KEY = "INSERT INTO agents.task_idempotency (owner_id, key, digest, task_id) "
            + "VALUES ($1, $2, $3, $4) ON CONFLICT (owner_id, key) DO UPDATE SET digest = EXCLUDED.digest, "
            + "task_id = EXCLUDED.task_id, created_at = now() "
            + "WHERE task_idempotency.created_at < now() - $5 * interval '1 second' RETURNING task_id";
    private static final String CANCEL_TREE = "WITH RECURSIVE tree AS (SELECT id FROM agents.tasks WHERE parent_id = $1 "
            + "UNION ALL SELECT t.id FROM agents.tasks t JOIN tree ON t.parent_id = tree.id), "
            + "stopped AS (UPDATE agents.tasks t SET state = 'canceled', awaiting_children = false, finished_at = now(), "
            + "updated_at = now(), next_seq = t.next_seq + 1 FROM tree WHERE t.id = tree.id "
            + "AND (t.state = 'submitted' OR (t.state = 'working' AND t.lease_token IS NULL)) RETURNING t.id, t.next_seq), "
            + "events AS (INSERT INTO agents.task_events (task_id, seq, kind, data, final) SELECT id, next_seq, 'state', "
            + "'{\"state\":\"canceled\",\"reason\":\"its parent was canceled\"}'::jsonb, true FROM stopped) "
            + "UPDATE agents.tasks t SET cancel_requested = true, updated_at = now() FROM tree WHERE t.id = tree.id "
            + "AND t.state = 'working' AND t.lease_token IS NOT NULL RETURNING t.id";
    private static final String SETTLE = "UPDATE agents.tasks p SET state = 'completed', awaiting_children = false, "
            + "finished_at = clock_timestamp(), updated_at = clock_timestamp(), next_seq = p.next_seq + 1, "
            + "result = coalesce(p.result, '{}'::jsonb) || jsonb_build_object('children', agents.task_children(p.id)) "
            + "WHERE p.id = $1 AND p.awaiting_children AND p.state = 'working' AND NOT EXISTS "
            + "(SELECT 1 FROM agents.tasks c WHERE c.parent_id = p.id AND c.state IN " + OPEN + ") "
            + "RETURNING p.next_seq, p.parent_id, p.result";

    private final Pool pool;

    public TaskRepository(Pool pool) {
        this.pool = pool;
    }

    /** A task to store: its agent, input and scheduling, as the service validated them. */
    public record NewTask(UUID id, String ownerId, String agentId, UUID parentId, int priority, Instant runAt,
            JsonObject input, int maxAttempts) {
    }

    /** What storing a task did. */
    public sealed interface Submission {
        /** Stored, with its first event. */
        record Created(Task task) implements Submission {
        }

        /** The idempotency key names an earlier task; whether the body was the same. */
        record Existing(UUID taskId, boolean sameBody) implements Submission {
        }

        /** The parent is not the owner's, or does not exist. */
        record NoParent() implements Submission {
        }

        /** The parent is finished: it takes no more children. */
        record ParentFinished(TaskState state) implements Submission {
        }
    }

    /** Raised inside the transaction so that it rolls back; never leaves this class. */
    private static final class Refused extends RuntimeException {
        final transient Submission outcome;

        Refused(Submission outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    /**
     * Stores a task and its {@code submitted} event in one transaction, under {@code key} (null:
     * none) for {@code keyWindow}. A parent is locked while its child is added, so it cannot
     * complete in between.
     */
    public Uni<Submission> insert(NewTask task, String key, String digest, Duration keyWindow) {
        return pool.withTransaction(tx -> checkParent(tx, task)
                .flatMap(ignored -> tx.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(task.id(), task.ownerId(),
                        task.agentId(), task.parentId(), task.priority(), time(task.runAt()), task.input(),
                        task.maxAttempts()))))
                .flatMap(rows -> event(tx, task.id(), 1, "state", new JsonObject().put("state", "submitted"), false)
                        .replaceWith(from(rows.iterator().next())))
                .flatMap(created -> key == null ? Uni.createFrom().item((Submission) new Submission.Created(created))
                        : tx.preparedQuery(CLAIM_KEY).execute(Tuple.from(Arrays.asList(task.ownerId(), key, digest,
                                task.id(), keyWindow.toSeconds()))).map(rows -> {
                                    if (rows.size() == 0) {
                                        throw new Refused(null);
                                    }
                                    return new Submission.Created(created);
                                })))
                .onFailure(Refused.class).recoverWithUni(failure -> {
                    Submission outcome = ((Refused) failure).outcome;
                    return outcome != null ? Uni.createFrom().item(outcome) : existing(task.ownerId(), key, digest);
                });
    }

    private static Uni<Void> checkParent(SqlClient tx, NewTask task) {
        if (task.parentId() == null) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("SELECT state FROM agents.tasks WHERE id = $1 AND owner_id = $2 FOR UPDATE")
                .execute(Tuple.of(task.parentId(), task.ownerId())).map(rows -> {
                    if (rows.size() == 0) {
                        throw new Refused(new Submission.NoParent());
                    }
                    TaskState state = TaskState.of(rows.iterator().next().getString("state"));
                    if (state.terminal()) {
                        throw new Refused(new Submission.ParentFinished(state));
                    }
                    return null;
                });
    }

    private Uni<Submission> existing(String ownerId, String key, String digest) {
        return pool.preparedQuery("SELECT digest, task_id FROM agents.task_idempotency WHERE owner_id = $1 AND key = $2")
                .execute(Tuple.of(ownerId, key)).map(rows -> {
                    Row row = rows.iterator().next();
                    return new Submission.Existing(row.getUUID("task_id"), row.getString("digest").equals(digest));
                });
    }

    /** The task with this id, if any. */
    public Uni<Optional<Task>> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM agents.tasks WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(from(rows.iterator().next())));
    }

    /** A task's children in the order they were submitted. */
    public Uni<List<TaskView.Child>> children(UUID id) {
        return pool.preparedQuery("SELECT id, agent_id, state FROM agents.tasks WHERE parent_id = $1 "
                + "ORDER BY created_at, id").execute(Tuple.of(id)).map(rows -> {
                    List<TaskView.Child> children = new ArrayList<>();
                    rows.forEach(row -> children.add(new TaskView.Child(row.getUUID("id"), row.getString("agent_id"),
                            TaskState.of(row.getString("state")))));
                    return children;
                });
    }

    /** Which tasks a listing shows: each filter applies when set ({@code ownerId} null: everyone's). */
    public record Filter(String ownerId, TaskState state, String agentId, UUID parentId, String contextId) {
    }

    /** Up to {@code limit} tasks, newest first, after the cursor's position (null: from the newest). */
    public Uni<List<Task>> list(Filter filter, Cursors.Position after, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM agents.tasks WHERE ($1::text IS NULL OR owner_id = $1) "
                + "AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR agent_id = $3) "
                + "AND ($4::uuid IS NULL OR parent_id = $4) "
                + "AND ($8::text IS NULL OR input->>'contextId' = $8) "
                + "AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6)) ORDER BY created_at DESC, id DESC LIMIT $7")
                .execute(Tuple.from(Arrays.asList(filter.ownerId(), filter.state() == null ? null : filter.state().toString(),
                        filter.agentId(), filter.parentId(), after == null ? null : time(after.createdAt()),
                        after == null ? null : after.id(), limit, filter.contextId())))
                .map(TaskRepository::all);
    }

    /** One stored event. */
    public record StoredEvent(long seq, String kind, JsonObject data, boolean last) {
    }

    /** Up to {@code limit} events of a task after {@code seq}, in order. */
    public Uni<List<StoredEvent>> events(UUID taskId, long after, int limit) {
        return pool.preparedQuery("SELECT seq, kind, data, final FROM agents.task_events WHERE task_id = $1 AND seq > $2 "
                + "ORDER BY seq LIMIT $3").execute(Tuple.of(taskId, after, limit)).map(rows -> {
                    List<StoredEvent> events = new ArrayList<>();
                    rows.forEach(row -> events.add(new StoredEvent(row.getLong("seq"), row.getString("kind"),
                            row.getJsonObject("data"), row.getBoolean("final"))));
                    return events;
                });
    }

    /** What a cancel request found and did. */
    public record Cancellation(TaskState found, boolean canceledNow, List<UUID> running) {
    }

    /**
     * Cancels a task: one that no worker holds ends {@code canceled} at once; a running one is
     * marked, and the ids in {@code running} (it and its running descendants) must be told to stop.
     * Open descendants are canceled alike. A finished task is left as it is.
     */
    public Uni<Cancellation> cancel(UUID id, UUID parentId) {
        return pool.withTransaction(tx -> lock(tx, parentId)
                .flatMap(ignored -> tx.preparedQuery("SELECT state, lease_token, next_seq FROM agents.tasks WHERE id = $1 "
                        + "FOR UPDATE").execute(Tuple.of(id)))
                .flatMap(rows -> {
                    Row row = rows.iterator().next();
                    TaskState state = TaskState.of(row.getString("state"));
                    if (state.terminal()) {
                        return Uni.createFrom().item(new Cancellation(state, false, List.of()));
                    }
                    boolean held = row.getUUID("lease_token") != null;
                    Uni<Boolean> self = held
                            ? tx.preparedQuery("UPDATE agents.tasks SET cancel_requested = true, updated_at = now() "
                                    + "WHERE id = $1").execute(Tuple.of(id)).replaceWith(false)
                            : tx.preparedQuery("UPDATE agents.tasks SET state = 'canceled', awaiting_children = false, "
                                    + "finished_at = now(), updated_at = now(), next_seq = next_seq + 1 WHERE id = $1")
                                    .execute(Tuple.of(id))
                                    .flatMap(done -> event(tx, id, row.getLong("next_seq") + 1, "state",
                                            new JsonObject().put("state", "canceled"), true))
                                    .flatMap(done -> settle(tx, parentId)).replaceWith(true);
                    return self.flatMap(now -> tx.preparedQuery(CANCEL_TREE).execute(Tuple.of(id)).map(descendants -> {
                        List<UUID> running = new ArrayList<>();
                        if (held) {
                            running.add(id);
                        }
                        descendants.forEach(descendant -> running.add(descendant.getUUID("id")));
                        return new Cancellation(state, now, running);
                    }));
                }));
    }

    /** Deletes the events of tasks finished before {@code eventRetention} and expired idempotency keys. */
    public Uni<Integer> prune(Duration eventRetention, Duration keyWindow) {
        return pool.preparedQuery("DELETE FROM agents.task_idempotency WHERE created_at < now() - $1 * interval '1 second'")
                .execute(Tuple.of(keyWindow.toSeconds()))
                .flatMap(keys -> pool.preparedQuery("DELETE FROM agents.task_events e USING agents.tasks t "
                        + "WHERE e.task_id = t.id AND t.finished_at < now() - $1 * interval '1 second'")
                        .execute(Tuple.of(eventRetention.toSeconds())))
                .map(RowSet::rowCount);
    }

    /** Sends a wake-up hint to every replica listening on {@code channel}. */
    public Uni<Void> notify(String channel, String payload) {
        return pool.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(channel, payload)).replaceWithVoid();
    }

    // ---- shared with QueueRepository: locks, events and settling parents inside a transaction

    /** Locks a task's row (nothing when {@code id} is null): parents before children, always. */
    static Uni<Void> lock(SqlClient tx, UUID id) {
        if (id == null) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("SELECT 1 FROM agents.tasks WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Stores one event with its seq (the task's row is locked or was just advanced by the caller). */
    static Uni<Void> event(SqlClient tx, UUID taskId, long seq, String kind, JsonObject data, boolean last) {
        return tx.preparedQuery("INSERT INTO agents.task_events (task_id, seq, kind, data, final) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(taskId, seq, kind, data, last)).replaceWithVoid();
    }

    /**
     * Completes {@code parentId} when its own work is done and its last open child has just
     * finished, collecting the children's results; then its own parent, up the tree.
     */
    static Uni<Void> settle(SqlClient tx, UUID parentId) {
        if (parentId == null) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(SETTLE).execute(Tuple.of(parentId)).flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().voidItem();
            }
            Row row = rows.iterator().next();
            UUID grandparent = row.getUUID("parent_id");
            return event(tx, parentId, row.getLong("next_seq"), "state", new JsonObject().put("state", "completed")
                    .put("result", row.getJsonObject("result")), true)
                    .flatMap(done -> lock(tx, grandparent)).flatMap(done -> settle(tx, grandparent));
        });
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static Task from(Row row) {
        return new Task(row.getUUID("id"), row.getString("owner_id"), row.getString("agent_id"),
                row.getUUID("parent_id"), TaskState.of(row.getString("state")), row.getInteger("priority"),
                instant(row, "run_at"), row.getJsonObject("input"), row.getJsonObject("result"), row.getString("error"),
                row.getInteger("attempts"), row.getInteger("max_attempts"), (JsonArray) row.getJson("attempt_log"),
                row.getUUID("lease_token"), row.getBoolean("cancel_requested"), row.getBoolean("awaiting_children"),
                instant(row, "created_at"), instant(row, "started_at"), instant(row, "finished_at"),
                instant(row, "updated_at"), row.getLong("next_seq"));
    }

    static List<Task> all(RowSet<Row> rows) {
        List<Task> tasks = new ArrayList<>();
        rows.forEach(row -> tasks.add(from(row)));
        return tasks;
    }
}
