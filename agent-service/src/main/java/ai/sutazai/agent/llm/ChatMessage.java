package ai.sutazai.agent.llm;

import java.util.List;

/**
 * One message of a chat as every backend takes it: {@code system}, {@code user}, {@code assistant},
 * or {@code tool}. An assistant message may carry the tool calls the model asked for; a tool
 * message answers one of them ({@code toolCallId}, {@code toolName}).
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId,
        String toolName) {

    /** A message without tool calls. */
    public ChatMessage(String role, String content) {
        this(role, content, List.of(), null, null);
    }

    /** A system message. */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    /** The model's message that asked for {@code calls} (with what it said beside them). */
    public static ChatMessage assistantCalls(String content, List<ToolCall> calls) {
        return new ChatMessage("assistant", content == null ? "" : content, List.copyOf(calls), null, null);
    }

    /** The answer to tool call {@code call}. */
    public static ChatMessage toolResult(ToolCall call, String content) {
        return new ChatMessage("tool", content, List.of(), call.id(), call.name());
    }
}
