package ai.sutazai.agent.llm;

import java.util.List;

/** What a backend's answer is made of, as it arrives: tokens, tool calls, then one end. Failures end the stream instead. */
public sealed interface ChatEvent {

    /** A piece of the answer, passed on as soon as the backend sends it. */
    record Token(String content) implements ChatEvent {
    }

    /** The model asks for these tool calls (sent before {@code Done}, once it has them whole). */
    record ToolCalls(List<ToolCall> calls) implements ChatEvent {
    }

    /** The answer is complete: why it stopped ({@code stop}, {@code length}, {@code tool_calls}...) and what it cost. */
    record Done(String finishReason, Usage usage) implements ChatEvent {
    }
}
