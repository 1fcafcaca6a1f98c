package ai.sutazai.agent.chat;

import java.util.List;

import ai.sutazai.agent.llm.ToolCall;
import ai.sutazai.agent.llm.Usage;

/**
 * What a turn's stream carries: tokens as the backend sends them, each tool step (the calls the
 * model asked for, then their results as they come), then the end once the reply is stored.
 */
public sealed interface TurnEvent {

    /** A piece of the reply. */
    record Token(String content) implements TurnEvent {
    }

    /** The model asked for a tool call in step {@code step} (1, 2...); it runs now. */
    record ToolCallStarted(int step, String id, String name, String arguments) implements TurnEvent {
    }

    /** A tool call's result, as the model gets it ({@code error}: refused, invalid, failed or timed out). */
    record ToolResult(int step, String id, String name, boolean error, String content, long durationMs)
            implements TurnEvent {
    }

    /**
     * The model asked for tools the client supplied (the OpenAI-compatible API): the client runs
     * them, so the turn ends here with these calls.
     */
    record ClientToolCalls(List<ToolCall> calls) implements TurnEvent {
    }

    /**
     * The reply is complete: why it stopped, what it cost, whether the turn is in memory-service, and
     * what the client should know (e.g. that the turn was not stored).
     */
    record Finished(String finishReason, Usage usage, boolean historyStored, List<String> warnings)
            implements TurnEvent {
    }
}
