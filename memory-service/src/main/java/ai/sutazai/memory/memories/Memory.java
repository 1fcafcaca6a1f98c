package ai.sutazai.memory.memories;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A stored memory, as the API shows it. {@code embeddingStatus} is {@code pending} until the
 * background embedder has computed its vector ({@code ready}), so it is found by meaning too.
 */
public record Memory(String id, String ownerId, String namespace, String key, String content, String agentId,
        String sessionId, List<String> tags, Map<String, Object> metadata, Double importance, Instant expiresAt,
        Instant createdAt, Instant updatedAt, long version, String embeddingStatus) {

    /** The columns {@link #from} reads, each qualified by the table's alias {@code m}. */
    static final String COLUMNS = "m.id, m.owner_id, m.namespace, m.key, m.content, m.agent_id, m.session_id, "
            + "m.tags, m.metadata, m.importance, m.expires_at, m.created_at, m.updated_at, m.version, m.embedding_status";

    static Memory from(Row row) {
        Float importance = row.getFloat("importance");
        var expires = row.getOffsetDateTime("expires_at");
        return new Memory(row.getUUID("id").toString(), row.getString("owner_id"), row.getString("namespace"),
                row.getString("key"), row.getString("content"), row.getString("agent_id"), row.getString("session_id"),
                List.of(row.getArrayOfStrings("tags")), row.getJsonObject("metadata").getMap(),
                importance == null ? null : Math.round(importance.doubleValue() * 1e6) / 1e6,
                expires == null ? null : expires.toInstant(), row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant(), row.getLong("version"),
                row.getString("embedding_status"));
    }

    /** Whether the memory has expired at {@code now} (it is then invisible everywhere). */
    boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
