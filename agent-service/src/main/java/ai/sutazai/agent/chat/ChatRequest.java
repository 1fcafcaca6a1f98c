package ai.sutazai.agent.chat;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import ai.sutazai.agent.registry.AgentDefinition;
import ai.sutazai.agent.registry.GenerationOptions;

/**
 * {@code POST /api/v1/chat}: a {@code message} (or the turn's {@code messages}, the last one the
 * user's) for an agent, in a conversation ({@code conversationId}; left out, a new one is started),
 * streamed as server-sent events when {@code stream} is true. {@code options} override the agent's.
 */
public record ChatRequest(
        @Pattern(regexp = AgentDefinition.ID, message = "must be the id of an agent (see GET /api/v1/agents)") String agentId,
        String message,
        List<@NotNull @Valid Message> messages,
        @Pattern(regexp = CONVERSATION_ID, message = "must be 1-128 letters, digits, '.', '_', ':' or '-'") String conversationId,
        Boolean stream,
        @Valid GenerationOptions options,
        // Tool steps this turn may take; above the operator's ceiling (agent.tools.max-steps-ceiling) it gets the ceiling.
        @Min(0) @Max(1000) Integer maxSteps) {

    /** Conversation ids as memory-service takes them. */
    static final String CONVERSATION_ID = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";

    /** One message of the turn. */
    public record Message(
            @NotNull @Pattern(regexp = "system|user|assistant", message = "must be system, user or assistant") String role,
            @NotNull String content) {
    }
}
