package ai.sutazai.memory.conversation;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.memory.MemoryConfig;
import ai.sutazai.memory.cache.VersionedCache;

/** Conversation history of one owner: appended in order, paged by {@code seq}, its tail served from Redis. */
@ApplicationScoped
public class ConversationService {

    private static final Pattern CONVERSATION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {
    };

    private final ConversationRepository conversations;
    private final VersionedCache cache;
    private final MemoryConfig config;
    private final ObjectMapper json;

    public ConversationService(ConversationRepository conversations, VersionedCache cache, MemoryConfig config,
            ObjectMapper json) {
        this.conversations = conversations;
        this.cache = cache;
        this.config = config;
        this.json = json;
    }

    /** Appends a message; the cached tail is invalidated before the answer. */
    public Uni<Message> append(String ownerId, String conversationId, AppendMessage request) {
        checkId(conversationId);
        if (request.content().length() > config.maxContentLength()) {
            throw invalid("content", "must be at most " + config.maxContentLength() + " characters");
        }
        return conversations.append(ownerId, conversationId, request.role(), request.content(), request.agentId(),
                request.metadata() == null ? Map.of() : request.metadata())
                .call(message -> cache.invalidate(tailKey(ownerId, conversationId), message.seq()));
    }

    /**
     * A page of messages in {@code seq} order: after {@code after}, before {@code before}, or the
     * last {@code last}. {@code nextCursor} is the {@code after} of the next page forward, or, when
     * paging backward with {@code before} or {@code last}, the {@code before} of the page before it.
     */
    public Uni<Page<Message>> messages(String ownerId, String conversationId, Long after, Long before, Integer last,
            int limit) {
        checkId(conversationId);
        if (last != null && (after != null || before != null)) {
            throw invalid("last", "cannot be combined with after or before");
        }
        return conversations.lastSeq(ownerId, conversationId).flatMap(lastSeq -> {
            if (lastSeq.isEmpty()) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND,
                        "You have no conversation with the id " + conversationId + "."));
            }
            if (last != null) {
                return tail(ownerId, conversationId, lastSeq.get(), last).map(rows -> backwardPage(rows, last));
            }
            boolean backward = before != null && after == null;
            int fetch = limit + 1;
            return conversations.messages(ownerId, conversationId, after == null ? 0 : after,
                    before == null ? Long.MAX_VALUE : before, fetch, backward)
                    .map(rows -> backward ? backwardPage(rows, limit) : forwardPage(rows, limit));
        });
    }

    /** Deletes the conversation with its messages; 404 when there is none. */
    public Uni<Void> delete(String ownerId, String conversationId) {
        checkId(conversationId);
        return conversations.delete(ownerId, conversationId).flatMap(lastSeq -> lastSeq.isEmpty()
                ? Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND,
                        "You have no conversation with the id " + conversationId + "."))
                // A new conversation of that id starts again at seq 1: no fill may pass for a while.
                : cache.invalidate(tailKey(ownerId, conversationId), Long.MAX_VALUE));
    }

    /** The cache key of a conversation's tail. */
    public static String tailKey(String ownerId, String conversationId) {
        return "mem:c:" + ownerId + ":" + conversationId;
    }

    // The last {@code last + 1} messages (the extra one tells whether older ones exist), from the
    // cached tail when it is current: its newest message must be the conversation's last.
    private Uni<List<Message>> tail(String ownerId, String conversationId, long lastSeq, int last) {
        int tailSize = config.cache().tailSize();
        if (last >= tailSize) {
            return conversations.messages(ownerId, conversationId, 0, Long.MAX_VALUE, last + 1, true);
        }
        String key = tailKey(ownerId, conversationId);
        return cache.get(key).flatMap(cached -> {
            List<Message> hit = cached.map(this::decode).orElse(null);
            if (hit != null && !hit.isEmpty() && hit.get(hit.size() - 1).seq() == lastSeq) {
                return Uni.createFrom().item(lastOf(hit, last + 1));
            }
            return conversations.messages(ownerId, conversationId, 0, Long.MAX_VALUE, tailSize, true)
                    .call(messages -> messages.isEmpty() ? Uni.createFrom().voidItem()
                            : cache.fill(key, messages.get(messages.size() - 1).seq(), encode(messages),
                                    config.cache().ttl()))
                    .map(messages -> lastOf(messages, last + 1));
        });
    }

    // rows hold up to limit + 1 messages ending at the newest wanted; an extra one means older ones exist.
    private static Page<Message> backwardPage(List<Message> rows, int limit) {
        if (rows.size() <= limit) {
            return new Page<>(List.copyOf(rows), null);
        }
        List<Message> items = List.copyOf(rows.subList(rows.size() - limit, rows.size()));
        return new Page<>(items, String.valueOf(items.get(0).seq()));
    }

    private static Page<Message> forwardPage(List<Message> rows, int limit) {
        return Page.of(rows, limit, message -> String.valueOf(message.seq()));
    }

    private static List<Message> lastOf(List<Message> messages, int count) {
        return messages.size() <= count ? messages : messages.subList(messages.size() - count, messages.size());
    }

    private String encode(List<Message> messages) {
        try {
            return json.writeValueAsString(messages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("messages must serialise", e);
        }
    }

    private List<Message> decode(String payload) {
        try {
            return json.readValue(payload, MESSAGES);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void checkId(String conversationId) {
        if (!CONVERSATION_ID.matcher(conversationId).matches()) {
            throw invalid("conversationId", "must be 1-128 letters, digits, '.', '_', ':' or '-'");
        }
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + " " + message + ".",
                List.of(new Problem.FieldError(field, message)), Map.of());
    }
}
