package ai.sutazai.memory.memories;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

    /** Rows that have not expired, in queries that call the table {@code m}. */
    public static final String LIVE = "(m.expires_at IS NULL OR m.expires_at > now())";

    // SET items that drop the embedding when the content becomes %s (a different text).
    private static final String RESET_EMBEDDING_IF = "embedding_status = CASE WHEN m.content = %1$s THEN m.embedding_status "
            + "ELSE 'pending' END, embedding = CASE WHEN m.content = %1$s THEN m.embedding END, "
            + "embedding_claimed_until = CASE WHEN m.content = %1$s THEN m.embedding_claimed_until END";

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
        // A changed content needs a new embedding; the same content keeps the one it has.
        return pool.preparedQuery("INSERT INTO memory.memories AS m (id, owner_id, namespace, key, content, agent_id, "
                + "session_id, tags, metadata, importance, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                + "ON CONFLICT (owner_id, namespace, key) WHERE key IS NOT NULL DO UPDATE SET content = EXCLUDED.content, "
                + "agent_id = EXCLUDED.agent_id, session_id = EXCLUDED.session_id, tags = EXCLUDED.tags, "
                + "metadata = EXCLUDED.metadata, importance = EXCLUDED.importance, expires_at = EXCLUDED.expires_at, "
                + "updated_at = now(), version = m.version + 1, " + RESET_EMBEDDING_IF.formatted("EXCLUDED.content")
                + " RETURNING " + Memory.COLUMNS + ", (m.xmax = 0) AS created")
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
        return pool.preparedQuery("SELECT " + Memory.COLUMNS + " FROM memory.memories m WHERE m.id = $1 AND m.owner_id = $2 "
                + "AND " + LIVE).execute(Tuple.of(id, ownerId)).map(MemoryRepository::first);
    }

    /** The owner's live memories among {@code ids}, by id; deleted or expired ones are absent. */
    public Uni<Map<UUID, Memory>> findAll(String ownerId, UUID[] ids) {
        return pool.preparedQuery("SELECT " + Memory.COLUMNS + " FROM memory.memories m WHERE m.owner_id = $1 "
                + "AND m.id = ANY($2) AND " + LIVE).execute(Tuple.of(ownerId, ids)).map(rows -> {
                    Map<UUID, Memory> found = new HashMap<>();
                    rows.forEach(row -> found.put(row.getUUID("id"), Memory.from(row)));
                    return found;
                });
    }

    /** Changes the fields given (null: unchanged); {@code setExpiry} says whether {@code expiresAt} applies. */
    public Uni<Optional<Memory>> update(String ownerId, UUID id, String content, List<String> tags,
            Map<String, Object> metadata, Double importance, boolean setExpiry, Instant expiresAt) {
        return pool.preparedQuery("UPDATE memory.memories m SET content = COALESCE($3, m.content), "
                + "tags = COALESCE($4, m.tags), metadata = COALESCE($5, m.metadata), importance = COALESCE($6, m.importance), "
                + "expires_at = CASE WHEN $7 THEN $8 ELSE m.expires_at END, updated_at = now(), version = m.version + 1, "
                + RESET_EMBEDDING_IF.formatted("COALESCE($3, m.content)")
                + " WHERE m.id = $1 AND m.owner_id = $2 AND " + LIVE + " RETURNING " + Memory.COLUMNS)
                .execute(Tuple.from(Arrays.asList(id, ownerId, content,
                        tags == null ? null : tags.toArray(String[]::new),
                        metadata == null ? null : new JsonObject(metadata),
                        importance == null ? null : importance.floatValue(), setExpiry, timestamp(expiresAt))))
                .map(MemoryRepository::first);
    }

    /** Deletes the owner's memory; answers the version it had, empty when there was none. */
    public Uni<Optional<Long>> delete(String ownerId, UUID id) {
        return pool.preparedQuery("DELETE FROM memory.memories m WHERE m.id = $1 AND m.owner_id = $2 AND " + LIVE
                + " RETURNING version").execute(Tuple.of(id, ownerId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getLong("version"))
                        : Optional.empty());
    }

    /** Up to {@code limit} of the owner's live memories matching {@code filter}, in creation order after a position. */
    public Uni<List<Memory>> list(String ownerId, MemoryFilter filter, Instant afterCreatedAt, UUID afterId, int limit) {
        List<Object> params = new ArrayList<>();
        params.add(ownerId);
        StringBuilder sql = new StringBuilder("SELECT " + Memory.COLUMNS + " FROM memory.memories m WHERE m.owner_id = $1 "
                + "AND " + LIVE);
        filter.appendTo(sql, params);
        if (afterCreatedAt != null) {
            params.add(timestamp(afterCreatedAt));
            params.add(afterId);
            sql.append(" AND (m.created_at, m.id) > ($").append(params.size() - 1).append(", $").append(params.size())
                    .append(")");
        }
        params.add(limit);
        sql.append(" ORDER BY m.created_at, m.id LIMIT $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(MemoryRepository::all);
    }

    /** Deletes everything of an owner in one transaction; answers the ids of the deleted memories. */
    /** The store's embedding backlog: memories waiting for their vector, and how long the oldest has waited. */
    public record EmbeddingBacklog(long pending, double oldestSeconds) {
    }

    /** The embedding backlog of the whole store, read from the partial index on pending memories. */
    public Uni<EmbeddingBacklog> embeddingBacklog() {
        return pool.query("SELECT count(*) AS pending, "
                + "coalesce(extract(epoch FROM now() - min(updated_at)), 0)::float8 AS oldest "
                + "FROM memory.memories WHERE embedding_status = 'pending'").execute().map(rows -> {
                    Row row = rows.iterator().next();
                    return new EmbeddingBacklog(row.getLong("pending"), row.getDouble("oldest"));
                });
    }

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
