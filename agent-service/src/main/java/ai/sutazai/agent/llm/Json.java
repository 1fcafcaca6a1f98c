package ai.sutazai.agent.llm;

import java.util.List;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reading a backend's JSON, where anything else is the backend's fault and said so. */
final class Json {

    private static final int QUOTED = 200;

    private Json() {
    }

    /** Messages as every backend's JSON has them: {@code [{role, content}]}. */
    static JsonArray messages(List<ChatMessage> messages) {
        JsonArray array = new JsonArray();
        messages.forEach(m -> array.add(new JsonObject().put("role", m.role()).put("content", m.content())));
        return array;
    }

    /** Messages in Ollama's native shape: tool calls with their arguments as objects, tool results with the tool's name. */
    static JsonArray ollamaMessages(List<ChatMessage> messages) {
        JsonArray array = new JsonArray();
        for (ChatMessage m : messages) {
            JsonObject message = new JsonObject().put("role", m.role()).put("content", m.content());
            if (!m.toolCalls().isEmpty()) {
                JsonArray calls = new JsonArray();
                m.toolCalls().forEach(call -> calls.add(new JsonObject().put("function", new JsonObject()
                        .put("name", call.name()).put("arguments", argumentsObject(call.arguments())))));
                message.put("tool_calls", calls);
            }
            putIfSet(message, "tool_name", m.toolName());
            array.add(message);
        }
        return array;
    }

    /** Messages in OpenAI's shape: tool calls with ids and their arguments as JSON text, tool results by call id. */
    static JsonArray openAiMessages(List<ChatMessage> messages) {
        JsonArray array = new JsonArray();
        for (ChatMessage m : messages) {
            JsonObject message = new JsonObject().put("role", m.role()).put("content", m.content());
            if (!m.toolCalls().isEmpty()) {
                JsonArray calls = new JsonArray();
                m.toolCalls().forEach(call -> calls.add(new JsonObject().put("id", call.id()).put("type", "function")
                        .put("function", new JsonObject().put("name", call.name()).put("arguments", call.arguments()))));
                message.put("tool_calls", calls);
            }
            putIfSet(message, "tool_call_id", m.toolCallId());
            array.add(message);
        }
        return array;
    }

    /** The {@code tools} field of a call, or null when it offers none (then no field is sent). */
    static JsonArray tools(List<ToolDefinition> tools) {
        if (tools == null || tools.isEmpty()) {
            return null;
        }
        JsonArray array = new JsonArray();
        tools.forEach(tool -> array.add(tool.asFunction()));
        return array;
    }

    // What the model wrote as arguments, as an object (Ollama wants one); text that is none is sent as {}.
    private static JsonObject argumentsObject(String arguments) {
        try {
            return arguments == null || arguments.isBlank() ? new JsonObject() : new JsonObject(arguments);
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    /** A JSON value (an object, most often) as text. */
    static String encode(Object value) {
        return value instanceof JsonObject object ? object.encode()
                : value instanceof JsonArray array ? array.encode() : io.vertx.core.json.Json.encode(value);
    }

    /** Puts {@code value} under {@code key} unless it is null: backends take a missing field as their default. */
    static JsonObject putIfSet(JsonObject json, String key, Object value) {
        return value == null ? json : json.put(key, value);
    }

    /** The error message in a refused request's body ({@code {"error": "..."}} or {@code {"error": {"message"}}}), else the body. */
    static String errorMessage(String body) {
        try {
            Object error = new JsonObject(body).getValue("error");
            if (error instanceof JsonObject object && object.getString("message") != null) {
                return object.getString("message");
            }
            return error == null ? body : error.toString();
        } catch (RuntimeException e) {
            return body;
        }
    }

    /** The JSON object {@code payload} holds, or a bad-gateway failure quoting its start. */
    static JsonObject object(String payload, Endpoint endpoint) {
        try {
            return new JsonObject(payload);
        } catch (DecodeException | ClassCastException e) {
            String quoted = payload.length() > QUOTED ? payload.substring(0, QUOTED) + "..." : payload;
            throw LlmFailure.broken(endpoint, "sent something that is not a JSON object: " + quoted);
        }
    }
}
