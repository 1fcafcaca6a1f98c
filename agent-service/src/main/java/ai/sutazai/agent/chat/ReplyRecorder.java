package ai.sutazai.agent.chat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.smallrye.mutiny.Uni;

import ai.sutazai.agent.memory.Caller;

/**
 * One turn's reply as it streams, and how the turn ended, decided once: complete, failed or
 * interrupted. The reply is stored once, marked with that ending (even when empty, so the history
 * never shows a user message without its answer), and the store goes on when the client has left.
 */
final class ReplyRecorder {

    private final TurnMemory memory;
    private final Caller caller;
    private final String conversationId;
    private final String agentId;
    private final String model;
    private final Uni<Boolean> turnStored;
    private final StringBuilder text = new StringBuilder();
    private final AtomicBoolean ended = new AtomicBoolean();

    /** {@code turnStored} says whether the turn's own messages went in; null when the turn keeps no history. */
    ReplyRecorder(TurnMemory memory, Caller caller, String conversationId, String agentId, String model,
            Uni<Boolean> turnStored) {
        this.memory = memory;
        this.caller = caller;
        this.conversationId = conversationId;
        this.agentId = agentId;
        this.model = model;
        this.turnStored = turnStored;
    }

    /** Whether the turn reads and writes history at all. */
    boolean keepsHistory() {
        return turnStored != null;
    }

    /** Adds a token; answers whether it is the first. */
    synchronized boolean append(String token) {
        boolean first = text.isEmpty();
        text.append(token);
        return first;
    }

    /**
     * Ends the turn with {@code status} unless it has ended already (then null). Answers whether the
     * reply was stored; the store does not depend on anyone waiting for that answer.
     */
    Uni<Boolean> end(String status, String finishReason, String error) {
        if (!ended.compareAndSet(false, true)) {
            return null;
        }
        if (turnStored == null) {
            return Uni.createFrom().item(false);
        }
        String reply;
        synchronized (this) {
            reply = text.toString();
        }
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("status", status);
        metadata.put("model", model);
        if (finishReason != null) {
            metadata.put("finishReason", finishReason);
        }
        if (error != null) {
            metadata.put("error", error);
        }
        Uni<Boolean> stored = turnStored.flatMap(ok -> ok
                ? memory.storeReply(caller, conversationId, agentId, reply, metadata)
                : Uni.createFrom().item(false)).memoize().indefinitely();
        stored.subscribe().with(done -> { });
        return stored;
    }
}
