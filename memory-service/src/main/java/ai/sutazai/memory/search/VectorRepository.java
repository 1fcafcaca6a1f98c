package ai.sutazai.memory.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.memory.embedding.Vectors;
import ai.sutazai.memory.memories.MemoryFilter;
import ai.sutazai.memory.memories.MemoryRepository;

/** SQL of the exact vector backend: owners' revisions, what changed since one, and scopes. */
@ApplicationScoped
public class VectorRepository {

    /** Where an owner's memories stand: their revision and deletion count, and PostgreSQL's clock. */
    public record Revision(long revision, long deletions, long nowMillis) {
    }

    /** A memory as the index holds it; {@code unit} is null when it has no usable vector now. */
    public record Change(UUID id, long revision, long expiresAtMillis, float[] unit) {
    }

    /** One page of changes, and where the owner stood in the same snapshot. */
    public record Changes(Revision at, List<Change> rows) {
    }

    /** Expiry of a memory that never expires. */
    public static final long NEVER = Long.MAX_VALUE;

    // One row per owner that has ever written; an owner without one is at revision 0.
    private static final String REVISION = "SELECT COALESCE(r.revision, 0) AS revision, "
            + "COALESCE(r.deletions, 0) AS deletions, "
            + "(extract(epoch FROM now()) * 1000)::bigint AS now_ms FROM (SELECT 1) one "
            + "LEFT JOIN memory.owner_revisions r ON r.owner_id = $1";

    private final Pool pool;

    public VectorRepository(Pool pool) {
        this.pool = pool;
    }

    /** The owner's revision now. */
    public Uni<Revision> revision(String ownerId) {
        return pool.preparedQuery(REVISION).execute(Tuple.of(ownerId)).map(rows -> revision(rows.iterator().next()));
    }

    /**
     * Up to {@code limit} of the owner's memories changed after ({@code afterRevision}, {@code afterId})
     * in (revision, id) order, each with its vector when it is ready from {@code model}; and the
     * owner's revision in the same snapshot. The first row carries the revision even when none changed.
     */
    public Uni<Changes> changes(String ownerId, String model, long afterRevision, UUID afterId, int limit) {
        // The revision's one-row select drives a left join, so "nothing changed" is one row too.
        String sql = "SELECT s.revision, s.deletions, s.now_ms, m.id, m.revision AS row_revision, "
                + "(extract(epoch FROM m.expires_at) * 1000)::bigint AS expires_ms, "
                + "CASE WHEN m.embedding_status = 'ready' AND m.embedding_model = $2 THEN m.embedding END AS embedding "
                + "FROM (" + REVISION + ") s LEFT JOIN LATERAL (SELECT * FROM memory.memories m "
                + "WHERE m.owner_id = $1 AND (m.revision, m.id) > ($3, $4) ORDER BY m.revision, m.id LIMIT $5) m "
                + "ON true ORDER BY m.revision, m.id";
        UUID after = afterId == null ? new UUID(0, 0) : afterId;
        return pool.preparedQuery(sql).execute(Tuple.of(ownerId, model, afterRevision, after, limit)).map(rows -> {
            Revision at = null;
            List<Change> changes = new ArrayList<>(rows.size());
            for (Row row : rows) {
                at = at == null ? revision(row) : at;
                UUID id = row.getUUID("id");
                if (id != null) {
                    Long expires = row.getLong("expires_ms");
                    Float[] embedding = row.getArrayOfFloats("embedding");
                    changes.add(new Change(id, row.getLong("row_revision"),
                            expires == null ? NEVER : expires, embedding == null ? null : Vectors.unit(embedding)));
                }
            }
            return new Changes(at, changes);
        });
    }

    /** The ids of all the owner's memories, live or expired. */
    public Uni<Set<UUID>> ids(String ownerId) {
        return pool.preparedQuery("SELECT m.id FROM memory.memories m WHERE m.owner_id = $1")
                .execute(Tuple.of(ownerId)).map(rows -> {
                    Set<UUID> ids = new HashSet<>(rows.size() * 2);
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    /** The ids of the owner's live memories embedded by {@code model} that match {@code filter}, now. */
    public Uni<List<UUID>> scope(String ownerId, String model, MemoryFilter filter) {
        List<Object> params = new ArrayList<>(List.of(ownerId, model));
        StringBuilder sql = new StringBuilder("SELECT m.id FROM memory.memories m WHERE m.owner_id = $1 "
                + "AND m.embedding_status = 'ready' AND m.embedding_model = $2 AND " + MemoryRepository.LIVE);
        filter.appendTo(sql, params);
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(rows -> {
            List<UUID> ids = new ArrayList<>(rows.size());
            rows.forEach(row -> ids.add(row.getUUID("id")));
            return ids;
        });
    }

    private static Revision revision(Row row) {
        return new Revision(row.getLong("revision"), row.getLong("deletions"), row.getLong("now_ms"));
    }

}
