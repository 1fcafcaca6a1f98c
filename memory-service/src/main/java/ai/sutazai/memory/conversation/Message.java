package ai.sutazai.memory.conversation;

import java.time.Instant;
import java.util.Map;

import io.vertx.mutiny.sqlclient.Row;

/** One message of a conversation, numbered by {@code seq} from 1 without gaps. */
public record Message(String conversationId, long seq, String role, String content, String agentId,
        Map<String, Object> metadata, Instant createdAt) {

    static final String COLUMNS = "conversation_id, seq, role, content, agent_id, metadata, created_at";

    static Message from(Row row) {
        return new Message(row.getString("conversation_id"), row.getLong("seq"), row.getString("role"),
                row.getString("content"), row.getString("agent_id"), row.getJsonObject("metadata").getMap(),
                row.getOffsetDateTime("created_at").toInstant());
    }
}
