package ai.sutazai.agent.memory;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;

/**
 * memory-service for agent-service, every call guarded: a named circuit breaker and a timeout each,
 * a retry for the read only (the appends are not idempotent), and expected 4xx answers turned into
 * results or {@link MemoryRefusedException} inside the guard, so they never open a breaker.
 * Calls act for the {@link Caller}.
 */
@ApplicationScoped
public class MemoryClient {

    /** The breaker of history reads, for {@code CircuitBreakerMaintenance} and the metrics. */
    public static final String HISTORY = "memory.history";
    /** The breaker of appends. */
    public static final String APPEND = "memory.append";
    /** The breaker of recalls (search by meaning). */
    public static final String RECALL = "memory.recall";
    /** The breaker of stores (an agent's memory_store tool). */
    public static final String STORE = "memory.store";

    private static final Predicate<Throwable> NOT_FOUND = failure -> status(failure) == 404;
    private static final Predicate<Throwable> CLIENT_ERROR = failure -> status(failure) / 100 == 4;

    private final MemoryRestClient memory;

    public MemoryClient(@RestClient MemoryRestClient memory) {
        this.memory = memory;
    }

    /** The last {@code last} messages of a conversation, oldest first; empty for a new conversation. */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = MemoryRefusedException.class)
    @CircuitBreakerName(HISTORY)
    // On the way to the first token: a hung memory-service may cost a turn a second or two, no more.
    @Timeout(value = 1, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50, abortOn = MemoryRefusedException.class)
    public Uni<List<ConversationMessage>> history(Caller caller, String conversationId, int last) {
        return memory.lastMessages(caller.authorization(), conversationId, last, caller.ownerId())
                .map(MemoryRestClient.MessagePage::items)
                .onFailure(NOT_FOUND).recoverWithItem(List.of())
                .onFailure(CLIENT_ERROR).transform(MemoryClient::refused);
    }

    /** Appends a message to a conversation (creating it); answers the stored message with its {@code seq}. */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = MemoryRefusedException.class)
    @CircuitBreakerName(APPEND)
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    public Uni<ConversationMessage> append(Caller caller, String conversationId, String role, String content,
            String agentId, Map<String, Object> metadata) {
        return memory.append(caller.authorization(), conversationId,
                new MemoryRestClient.NewMessage(role, content, agentId, metadata, caller.ownerId()))
                .onFailure(CLIENT_ERROR).transform(MemoryClient::refused);
    }

    /** Up to {@code limit} of the caller's memories closest in meaning to {@code query}, best first. */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = MemoryRefusedException.class)
    @CircuitBreakerName(RECALL)
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    public Uni<List<RecalledMemory>> recall(Caller caller, String query, int limit, double minScore) {
        return memory.search(caller.authorization(),
                new MemoryRestClient.SearchQuery(query, "semantic", limit, minScore, caller.ownerId()))
                .map(answer -> answer.items().stream().map(hit -> new RecalledMemory(hit.memory().id(),
                        hit.memory().content(), hit.score(), hit.memory().createdAt())).toList())
                .onFailure(CLIENT_ERROR).transform(MemoryClient::refused);
    }

    /** Stores a memory for the caller, written by agent {@code agentId}; answers it with its id. */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = MemoryRefusedException.class)
    @CircuitBreakerName(STORE)
    // Embedding the new memory in-process takes memory-service a few ms, its write a few more.
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    public Uni<RecalledMemory> store(Caller caller, String agentId, String content, List<String> tags) {
        return memory.store(caller.authorization(), new MemoryRestClient.NewMemory(content, agentId,
                        tags == null || tags.isEmpty() ? null : tags, caller.ownerId()))
                .map(stored -> new RecalledMemory(stored.id(), stored.content(), 1.0, stored.createdAt()))
                .onFailure(CLIENT_ERROR).transform(MemoryClient::refused);
    }

    private static MemoryRefusedException refused(Throwable failure) {
        return new MemoryRefusedException(status(failure), failure.getMessage());
    }

    private static int status(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse() != null
                ? web.getResponse().getStatus() : -1;
    }
}
