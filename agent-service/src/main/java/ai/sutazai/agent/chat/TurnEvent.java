package ai.sutazai.agent.chat;

import java.util.List;

import ai.sutazai.agent.llm.Usage;

/** What a turn's stream carries: tokens as the backend sends them, then the end once the reply is stored. */
public sealed interface TurnEvent {

    /** A piece of the reply. */
    record Token(String content) implements TurnEvent {
    }

    /**
     * The reply is complete: why it stopped, what it cost, whether the turn is in memory-service, and
     * what the client should know (e.g. that the turn was not stored).
     */
    record Finished(String finishReason, Usage usage, boolean historyStored, List<String> warnings)
            implements TurnEvent {
    }
}
