package ai.sutazai.agent.chat;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;

/** Server-sent events of a streamed turn: {@code start}, {@code token}..., then {@code done} or {@code error}. */
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

    /** The {@code start} event: who answers, with which model, in which conversation. */
    record Start(String agentId, String model, String conversationId, boolean historyAvailable) {
    }

    /** A {@code token} event. */
    record Token(String content) {
    }
}
