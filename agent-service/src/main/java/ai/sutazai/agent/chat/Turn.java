package ai.sutazai.agent.chat;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import ai.sutazai.agent.llm.ToolCall;
import ai.sutazai.agent.memory.RecalledMemory;

/**
 * A started turn: the agent and model answering, the conversation, what history and memories went
 * into the prompt, and the reply as a stream ({@link TurnEvent}s; a backend failure fails it with
 * the problem to show). Cancelling the stream aborts the backend call.
 */
public record Turn(String agentId, String model, String conversationId, boolean historyAvailable,
        List<RecalledMemory> recalled, List<String> warnings, Multi<TurnEvent> events) {

    /**
     * The whole reply, for answers that are not streamed: its text, how it ended, and the calls of
     * client-supplied tools the model asked for (the OpenAI-compatible API).
     */
    public record Whole(String text, TurnEvent.Finished end, List<ToolCall> clientToolCalls) {
    }

    /** Waits for the reply to complete. */
    public Uni<Whole> whole() {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        return events.collect().in(() -> new TurnEvent.Finished[1], (end, event) -> {
            if (event instanceof TurnEvent.Token token) {
                text.append(token.content());
            } else if (event instanceof TurnEvent.ClientToolCalls asked) {
                calls.addAll(asked.calls());
            } else if (event instanceof TurnEvent.Finished finished) {
                end[0] = finished;
            }
        }).map(end -> new Whole(text.toString(), end[0], List.copyOf(calls)));
    }
}
