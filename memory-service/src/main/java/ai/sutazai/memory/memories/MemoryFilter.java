package ai.sutazai.memory.memories;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/** The filters of a memory listing or search; null or empty means "any". Metadata pairs must all match. */
public record MemoryFilter(String namespace, String agentId, String sessionId, List<String> tags,
        Map<String, Object> metadata) {

    /** Metadata keys filter by JSON containment; only plain names are accepted as keys. */
    public static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** No filter at all. */
    public static final MemoryFilter NONE = new MemoryFilter(null, null, null, List.of(), Map.of());

    /**
     * Appends {@code AND ...} conditions on the table {@code m} to {@code sql}, one parameter each.
     * Only fixed SQL fragments are appended; every value becomes a parameter.
     */
    public void appendTo(StringBuilder sql, List<Object> params) {
        if (namespace != null) {
            params.add(namespace);
            sql.append(" AND m.namespace = $").append(params.size());
        }
        if (agentId != null) {
            params.add(agentId);
            sql.append(" AND m.agent_id = $").append(params.size());
        }
        if (sessionId != null) {
            params.add(sessionId);
            sql.append(" AND m.session_id = $").append(params.size());
        }
        if (!tags.isEmpty()) {
            params.add(tags.toArray(String[]::new));
            sql.append(" AND m.tags @> $").append(params.size());
        }
        if (!metadata.isEmpty()) {
            params.add(new JsonObject(Map.copyOf(metadata)));
            sql.append(" AND m.metadata @> $").append(params.size());
        }
    }
}
