package ai.sutazai.memory.conversation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL for {@code memory.conversations} and {@code memory.messages}. */
@ApplicationScoped
public class ConversationRepository {

    private final Pool pool;

    public ConversationRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Appends a message with the conversation's next {@code seq}. The conversation row is locked
     * while its counter moves, and counter and message commit together, so concurrent appends get
     * 1, 2, 3... with neither gaps nor repeats.
     */
    public Uni<Message> append(String ownerId, String conversationId, String role, String content, String agentId,
            Map<String, Object> metadata) {
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO memory.conversations (owner_id, id, last_seq) "
                + "VALUES ($1, $2, 1) ON CONFLICT (owner_id, id) DO UPDATE SET last_seq = conversations.last_seq + 1, "
                + "updated_at = now() RETURNING last_seq")
                .execute(Tuple.of(ownerId, conversationId))
                .map(rows -> rows.iterator().next().getLong("last_seq"))
                .flatMap(seq -> tx.preparedQuery("INSERT INTO memory.messages (owner_id, conversation_id, seq, role, "
                        + "content, agent_id, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + Message.COLUMNS)
                        .execute(Tuple.from(Arrays.asList(ownerId, conversationId, seq, role, content, agentId,
                                new JsonObject(metadata))))
                        .map(rows -> Message.from(rows.iterator().next()))));
    }

    /** The conversation's last {@code seq}, empty when the owner has no such conversation. */
    public Uni<Optional<Long>> lastSeq(String ownerId, String conversationId) {
        return pool.preparedQuery("SELECT last_seq FROM memory.conversations WHERE owner_id = $1 AND id = $2")
                .execute(Tuple.of(ownerId, conversationId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getLong("last_seq"))
                        : Optional.empty());
    }

    /** Up to {@code limit} messages with {@code after < seq < before}, ascending; from the end when {@code fromEnd}. */
    public Uni<List<Message>> messages(String ownerId, String conversationId, long after, long before, int limit,
            boolean fromEnd) {
        return pool.preparedQuery("SELECT " + Message.COLUMNS + " FROM memory.messages WHERE owner_id = $1 "
                + "AND conversation_id = $2 AND seq > $3 AND seq < $4 ORDER BY seq " + (fromEnd ? "DESC" : "ASC")
                + " LIMIT $5")
                .execute(Tuple.of(ownerId, conversationId, after, before, limit))
                .map(rows -> {
                    List<Message> messages = all(rows);
                    if (fromEnd) {
                        Collections.reverse(messages);
                    }
                    return messages;
                });
    }

    /** Deletes a conversation and its messages; answers its last {@code seq}, empty when there was none. */
    public Uni<Optional<Long>> delete(String ownerId, String conversationId) {
        return pool.preparedQuery("DELETE FROM memory.conversations WHERE owner_id = $1 AND id = $2 RETURNING last_seq")
                .execute(Tuple.of(ownerId, conversationId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getLong("last_seq"))
                        : Optional.empty());
    }

    /** Deletes every conversation of an owner; answers the conversation ids and the number of messages. */
    public Uni<Erased> deleteOwner(SqlClient tx, String ownerId) {
        return tx.preparedQuery("DELETE FROM memory.messages WHERE owner_id = $1").execute(Tuple.of(ownerId))
                .flatMap(messages -> tx.preparedQuery("DELETE FROM memory.conversations WHERE owner_id = $1 RETURNING id")
                        .execute(Tuple.of(ownerId)).map(rows -> {
                            List<String> ids = new ArrayList<>();
                            rows.forEach(row -> ids.add(row.getString("id")));
                            return new Erased(ids, messages.rowCount());
                        }));
    }

    /** What erasing an owner's conversations removed. */
    public record Erased(List<String> conversationIds, int messages) {
    }

    private static List<Message> all(RowSet<Row> rows) {
        List<Message> messages = new ArrayList<>();
        rows.forEach(row -> messages.add(Message.from(row)));
        return messages;
    }
}
