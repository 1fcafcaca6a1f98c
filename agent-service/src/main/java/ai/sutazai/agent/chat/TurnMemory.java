package ai.sutazai.agent.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.llm.ChatMessage;
import ai.sutazai.agent.memory.Caller;
import ai.sutazai.agent.memory.ConversationMessage;
import ai.sutazai.agent.memory.MemoryClient;
import ai.sutazai.agent.memory.MemoryRefusedException;
import ai.sutazai.agent.memory.RecalledMemory;
import ai.sutazai.agent.registry.Agent;

/**
 * A turn's use of memory-service: the conversation's history and (for agents that recall) the
 * caller's relevant memories before the answer, the turn's messages after it. memory-service being
 * down never fails a turn; it is reported instead, so nothing is lost without the client knowing.
 */
@ApplicationScoped
public class TurnMemory {

    // Memories less similar than this are noise in a prompt.
    private static final double RECALL_MIN_SCORE = 0.2;

    private final MemoryClient memory;
    private final int historyMessages;

    public TurnMemory(MemoryClient memory, AgentConfig config) {
        this.memory = memory;
        this.historyMessages = config.chat().historyMessages();
    }

    /** What a turn starts from: the history and recalled memories, and what could not be read. */
    public record Context(List<ChatMessage> history, boolean historyAvailable, List<RecalledMemory> recalled,
            List<String> warnings) {

        /** A turn that keeps no history (the OpenAI-compatible API is stateless). */
        public static final Context NONE = new Context(List.of(), false, List.of(), List.of());
    }

    /**
     * Reads the conversation's history (none for a new conversation, {@code conversationId} null) and,
     * if the agent recalls, the caller's memories about {@code query}.
     */
    public Uni<Context> load(Caller caller, Agent agent, String conversationId, String query) {
        AtomicBoolean refused = new AtomicBoolean();
        // A new conversation has no history: the first token does not wait for memory-service to say so.
        Uni<List<ConversationMessage>> history = conversationId == null ? Uni.createFrom().item(List.of())
                : memory.history(caller, conversationId, historyMessages)
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("History of conversation %s is not available: %s", conversationId, failure.getMessage());
                    refused.set(failure instanceof MemoryRefusedException);
                    return null;
                });
        Uni<List<RecalledMemory>> recalled = agent.recallMemories() == 0 ? Uni.createFrom().item(List.of())
                : memory.recall(caller, query, agent.recallMemories(), RECALL_MIN_SCORE)
                        .onFailure().recoverWithItem(failure -> {
                            Log.warnf("Memories for agent %s could not be recalled: %s", agent.id(), failure.getMessage());
                            return null;
                        });
        return Uni.combine().all().unis(history, recalled).with((messages, memories) -> {
            List<String> warnings = new ArrayList<>();
            if (messages == null) {
                warnings.add(refused.get()
                        ? "memory-service refused to read this conversation, so its earlier messages were not used "
                                + "and this turn is not stored in its history."
                        : "memory-service is unavailable: the conversation's earlier messages were not read, "
                                + "and this turn is not stored in its history.");
            }
            if (memories == null) {
                warnings.add("memory-service could not recall your memories for this answer.");
            }
            return new Context(messages == null ? List.of() : prompt(messages), messages != null,
                    memories == null ? List.of() : memories, List.copyOf(warnings));
        });
    }

    /** Appends the turn's new messages in order; whether all were stored. */
    public Uni<Boolean> storeTurn(Caller caller, String conversationId, String agentId, List<ChatMessage> messages) {
        return Multi.createFrom().iterable(messages)
                .onItem().transformToUniAndConcatenate(message -> memory.append(caller, conversationId, message.role(),
                        message.content(), agentId, Map.of()))
                .collect().last().map(stored -> true)
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("The turn of conversation %s was not stored: %s", conversationId, failure.getMessage());
                    return false;
                });
    }

    /** Appends the agent's reply, with how the turn ended; whether it was stored. */
    public Uni<Boolean> storeReply(Caller caller, String conversationId, String agentId, String reply,
            Map<String, Object> metadata) {
        return memory.append(caller, conversationId, "assistant", reply, agentId, metadata).map(stored -> true)
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("The reply in conversation %s was not stored: %s", conversationId, failure.getMessage());
                    return false;
                });
    }

    // Tool messages belong to tool use, which is not part of these turns' prompts.
    private static List<ChatMessage> prompt(List<ConversationMessage> messages) {
        return messages.stream().filter(m -> !"tool".equals(m.role()))
                .map(m -> new ChatMessage(m.role(), m.content())).toList();
    }
}
