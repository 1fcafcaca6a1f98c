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
