package ai.sutazai.agent.llm;

import java.util.List;

import ai.sutazai.agent.registry.GenerationOptions;

/**
 * What one call to an agent's backend asks for: the model, the whole prompt, how to generate, and
 * the tools the model may call (empty: none, and no {@code tools} field is sent).
 */
public record ChatCall(String model, List<ChatMessage> messages, GenerationOptions options, List<ToolDefinition> tools) {

    /** A call without tools. */
    public ChatCall(String model, List<ChatMessage> messages, GenerationOptions options) {
        this(model, messages, options, List.of());
    }

    /** The same call with other messages (the next step of a tool loop). */
    public ChatCall withMessages(List<ChatMessage> next) {
        return new ChatCall(model, next, options, tools);
    }
}
