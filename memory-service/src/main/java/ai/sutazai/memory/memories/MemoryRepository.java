package ai.sutazai.memory.memories;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL for {@code memory.memories}. Every read hides expired memories. */
@ApplicationScoped
public class MemoryRepository {

    static final String LIVE = "(expires_at IS NULL OR expires_at > now())";

    /** A stored memory and whether this write created it (false: it updated the memory with that key). */
    public record Written(Memory memory, boolean created) {
    }

    private final Pool pool;

    public MemoryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Creates a memory, or updates the owner's memory with the same namespace and key. */
    public Uni<Written> upsert(String ownerId, String namespace, String key, String content, String agentId,
            String sessionId, List<String> tags, Map<String, Object> metadata, Double importance, Instant expiresAt) {
        return pool.preparedQuery("INSERT INTO memory.memories (id, owner_id, namespace, key, content, agent_id, "
                + "session_id, tags, metadata, importance, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                + "ON CONFLICT (owner_id, namespace, key) WHERE key IS NOT NULL DO UPDATE SET content = EXCLUDED.content, "
                + "agent_id = EXCLUDED.agent_id, session_id = EXCLUDED.session_id, tags = EXCLUDED.tags, "
                + "metadata = EXCLUDED.metadata, importance = EXCLUDED.importance, expires_at = EXCLUDED.expires_at, "
                + "updated_at = now(), version = memories.version + 1 "
                + "RETURNING " + Memory.COLUMNS + ", (xmax = 0) AS created")
                .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), ownerId, namespace, key, content, agentId,
                        sessionId, tags.toArray(String[]::new), new JsonObject(metadata),
                        importance == null ? null : importance.floatValue(), timestamp(expiresAt))))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Written(Memory.from(row), row.getBoolean("created"));
                });
    }

    /** The owner's live memory with this id. */
    public Uni<Optional<Memory>> find(String ownerId, UUID id) {
        return pool.preparedQuery("SELECT " + Memory.COLUMNS + " FROM memory.memories WHERE id = $1 AND owner_id = $2 AND "
                + LIVE).execute(Tuple.of(id, ownerId)).map(MemoryRepository::first);
    }

    /** Changes the fields given (null: unchanged); {@code setExpiry} says whether {@code expiresAt} applies. */
    public Uni<Optional<Memory>> update(String ownerId, UUID id, String content, List<String> tags,
            Map<String, Object> metadata, Double importance, boolean setExpiry, Instant expiresAt) {
        return pool.preparedQuery("UPDATE memory.memories SET content = COALESCE($3, content), "
                + "tags = COALESCE($4, tags), metadata = COALESCE($5, metadata), importance = COALESCE($6, importance), "
                + "expires_at = CASE WHEN $7 THEN $8 ELSE expires_at END, updated_at = now(), version = version + 1 "
                + "WHERE id = $1 AND owner_id = $2 AND " + LIVE + " RETURNING " + Memory.COLUMNS)
                .execute(Tuple.from(Arrays.asList(id, ownerId, content,
                        tags == null ? null : tags.toArray(String[]::new),
                        metadata == null ? null : new JsonObject(metadata),
                        importance == null ? null : importance.floatValue(), setExpiry, timestamp(expiresAt))))
                .map(MemoryRepository::first);
    }

    /** Deletes the owner's memory; answers the version it had, empty when there was none. */
    public Uni<Optional<Long>> delete(String ownerId, UUID id) {
        return pool.preparedQuery("DELETE FROM memory.memories WHERE id = $1 AND owner_id = $2 AND " + LIVE
                + " RETURNING version").execute(Tuple.of(id, ownerId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getLong("version"))
                        : Optional.empty());
    }

    /** Up to {@code limit} of the owner's live memories matching {@code filter}, in creation order after a position. */
    public Uni<List<Memory>> list(String ownerId, MemoryFilter filter, Instant afterCreatedAt, UUID afterId, int limit) {
        List<Object> params = new ArrayList<>();
        params.add(ownerId);
        // Only fixed SQL fragments are joined here; every value is a parameter.
        StringBuilder sql = new StringBuilder("SELECT " + Memory.COLUMNS + " FROM memory.memories WHERE owner_id = $1 AND "
                + LIVE);
        if (filter.namespace() != null) {
            params.add(filter.namespace());
            sql.append(" AND namespace = $").append(params.size());
        }
        if (filter.agentId() != null) {
            params.add(filter.agentId());
            sql.append(" AND agent_id = $").append(params.size());
        }
        if (filter.sessionId() != null) {
            params.add(filter.sessionId());
            sql.append(" AND session_id = $").append(params.size());
        }
        if (!filter.tags().isEmpty()) {
            params.add(filter.tags().toArray(String[]::new));
            sql.append(" AND tags @> $").append(params.size());
        }
        if (!filter.metadata().isEmpty()) {
            params.add(new JsonObject(Map.copyOf(filter.metadata())));
            sql.append(" AND metadata @> $").append(params.size());
        }
        if (afterCreatedAt != null) {
            params.add(timestamp(afterCreatedAt));
            params.add(afterId);
            sql.append(" AND (created_at, id) > ($").append(params.size() - 1).append(", $").append(params.size())
                    .append(")");
        }
        params.add(limit);
        sql.append(" ORDER BY created_at, id LIMIT $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(MemoryRepository::all);
    }

    /** Deletes everything of an owner in one transaction; answers the ids of the deleted memories. */
    public Uni<List<String>> deleteOwner(SqlClient tx, String ownerId) {
        return tx.preparedQuery("DELETE FROM memory.memories WHERE owner_id = $1 RETURNING id")
                .execute(Tuple.of(ownerId)).map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id").toString()));
                    return ids;
                });
    }

    /** Deletes up to {@code batch} expired memories; answers how many. */
    public Uni<Integer> purgeExpired(int batch) {
        return pool.preparedQuery("DELETE FROM memory.memories WHERE id IN (SELECT id FROM memory.memories "
                + "WHERE expires_at <= now() LIMIT $1)").execute(Tuple.of(batch)).map(RowSet::rowCount);
    }

    /** The pool, for transactions spanning repositories. */
    public Pool pool() {
        return pool;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Optional<Memory> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(Memory.from(iterator.next())) : Optional.empty();
    }

    private static List<Memory> all(RowSet<Row> rows) {
        List<Memory> memories = new ArrayList<>();
        rows.forEach(row -> memories.add(Memory.from(row)));
        return memories;
    }
}
