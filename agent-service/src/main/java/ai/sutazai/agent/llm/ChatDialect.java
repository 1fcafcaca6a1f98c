package ai.sutazai.agent.llm;

import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/** How one kind of backend is asked for an answer and how its answer reads. */
interface ChatDialect {

    /** How the answer's body is cut into payloads. */
    enum Framing {
        /** One JSON object per line (Ollama). */
        NDJSON,
        /** Server-sent events; each {@code data:} is a payload (OpenAI). */
        SSE,
        /** The whole body is one payload (agents that do not stream). */
        WHOLE,
        /** Server-sent events, or the whole body as one payload when it is {@code application/json} (A2A). */
        SSE_OR_WHOLE
    }

    /** The path of the chat call below the backend's base URL. */
    String chatPath();

    /** The request body for {@code call}. */
    JsonObject body(ChatCall call);

    /** How the answer is framed. */
    Framing framing();

    /** Request headers the dialect needs besides content type, accept and authorization. */
    default Map<String, String> headers() {
        return Map.of();
    }

    /** A parser for one answer: it may keep state between payloads. */
    Parser parser(Endpoint endpoint);

    /** Turns payloads into events; throws {@link LlmFailure} for an error the backend reports in the stream. */
    interface Parser {
        /** The events in one payload (often one token, sometimes none). */
        List<ChatEvent> accept(String payload);

        /** The body ended: the closing event, or a failure when the answer was cut short. */
        List<ChatEvent> end();
    }
}
