package ai.sutazai.agent.chat;

import java.util.List;
import java.util.UUID;

import ai.sutazai.agent.llm.ChatMessage;
import ai.sutazai.agent.llm.ToolDefinition;
import ai.sutazai.agent.registry.GenerationOptions;

/**
 * One chat turn as the API layers hand it over, already valid: which agent, the turn's new
 * messages (the last from the user), the conversation it continues (null: a new one), whether the
 * turn reads and writes history in memory-service, and options over the agent's own. For tools:
 * the task the turn runs for (null in a chat: {@code delegate} then makes tasks of their own), the
 * tool steps the request asks for (null: the default; never above the operator's ceiling), and
 * tools the client supplied and runs itself (the OpenAI-compatible API; they replace the agent's).
 */
public record TurnInput(String agentId, List<ChatMessage> messages, String conversationId, boolean remember,
        GenerationOptions options, UUID taskId, Integer maxSteps, List<ToolDefinition> clientTools) {

    /** A turn outside a task, with the default tool steps and the agent's own tools. */
    public TurnInput(String agentId, List<ChatMessage> messages, String conversationId, boolean remember,
            GenerationOptions options) {
        this(agentId, messages, conversationId, remember, options, null, null, List.of());
    }
}
