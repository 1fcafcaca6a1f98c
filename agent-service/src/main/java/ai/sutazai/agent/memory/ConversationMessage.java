package ai.sutazai.agent.memory;

/** A message of a conversation in memory-service, numbered by {@code seq}. */
public record ConversationMessage(long seq, String role, String content, String agentId) {
}
