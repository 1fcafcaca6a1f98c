package ai.sutazai.agent.chat;

import java.util.List;

import io.smallrye.mutiny.Multi;

import ai.sutazai.agent.memory.RecalledMemory;

/**
 * A started turn: the agent and model answering, the conversation, what history and memories went
 * into the prompt, and the reply as a stream ({@link TurnEvent}s; a backend failure fails it with
 * the problem to show). Cancelling the stream aborts the backend call.
 */
public record Turn(String agentId, String model, String conversationId, boolean historyAvailable,
        List<RecalledMemory> recalled, List<String> warnings, Multi<TurnEvent> events) {
}
