package ai.sutazai.agent.chat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Server-sent events of a streamed turn: {@code start}, {@code token}... (with {@code tool_call} and
 * {@code tool_result} events between them for each tool step), then {@code done} or {@code error}.
 */
public final class ChatEvents {

    private ChatEvents() {
    }

    public static Buffer event(ObjectMapper json, String name, Object data) {
        try {
            return Buffer.buffer(("event: " + name + "\ndata: " + json.writeValueAsString(data) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chat events always serialise", e);
        }
    }

    /** A {@code token}, {@code tool_call} or {@code tool_result} event. */
    static Buffer of(ObjectMapper json, TurnEvent event) {
        if (event instanceof TurnEvent.Token token) {
            return event(json, "token", new Token(token.content()));
        }
        if (event instanceof TurnEvent.ToolCallStarted call) {
            return event(json, "tool_call", new ToolCallData(call.step(), call.id(), call.name(), arguments(call.arguments())));
        }
        TurnEvent.ToolResult result = (TurnEvent.ToolResult) event;
        return event(json, "tool_result", new ToolResultData(result.step(), result.id(), result.name(), result.error(),
                result.content(), result.durationMs()));
    }

    /** The arguments the model wrote, as JSON when they are JSON, else as the text it wrote. */
    public static Object arguments(String text) {
        try {
            return text == null || text.isBlank() ? Map.of() : new JsonObject(text).getMap();
        } catch (RuntimeException e) {
            return text;
        }
    }

    /** A {@code tool_call} event: the model asked for this call in step {@code step}; it runs now. */
    record ToolCallData(int step, String id, String name, Object arguments) {
    }

    /** A {@code tool_result} event: what the model gets back for call {@code id}. */
    record ToolResultData(int step, String id, String name, boolean error, String content, long durationMs) {
    }

    /** The {@code start} event: who answers, with which model, in which conversation. */
    record Start(String agentId, String model, String conversationId, boolean historyAvailable) {
    }

    /** A {@code token} event. */
    record Token(String content) {
    }
}
