package ai.sutazai.agent.chat;

import java.util.List;

import ai.sutazai.agent.llm.ChatMessage;
import ai.sutazai.agent.registry.GenerationOptions;

/**
 * One chat turn as the API layers hand it over, already valid: which agent, the turn's new
 * messages (the last from the user), the conversation it continues (null: a new one), whether the
 * turn reads and writes history in memory-service, and options over the agent's own.
 */
public record TurnInput(String agentId, List<ChatMessage> messages, String conversationId, boolean remember,
        GenerationOptions options) {
}
