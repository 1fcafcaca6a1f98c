package ai.sutazai.memory.memories;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.vertx.mutiny.sqlclient.Row;

/** A stored memory, as the API shows it. */
public record Memory(String id, String ownerId, String namespace, String key, String content, String agentId,
        String sessionId, List<String> tags, Map<String, Object> metadata, Double importance, Instant expiresAt,
        Instant createdAt, Instant updatedAt, long version) {

    static final String COLUMNS = "id, owner_id, namespace, key, content, agent_id, session_id, tags, metadata, "
            + "importance, expires_at, created_at, updated_at, version";

    static Memory from(Row row) {
        Float importance = row.getFloat("importance");
        var expires = row.getOffsetDateTime("expires_at");
        return new Memory(row.getUUID("id").toString(), row.getString("owner_id"), row.getString("namespace"),
                row.getString("key"), row.getString("content"), row.getString("agent_id"), row.getString("session_id"),
                List.of(row.getArrayOfStrings("tags")), row.getJsonObject("metadata").getMap(),
                importance == null ? null : Math.round(importance.doubleValue() * 1e6) / 1e6,
                expires == null ? null : expires.toInstant(), row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant(), row.getLong("version"));
    }

    /** Whether the memory has expired at {@code now} (it is then invisible everywhere). */
    boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
