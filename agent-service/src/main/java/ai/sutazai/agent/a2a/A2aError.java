package ai.sutazai.agent.a2a;

import io.vertx.core.json.JsonObject;

/** A JSON-RPC error as A2A defines them: the code, a message, and optional data (our problem's details). */
public class A2aError extends RuntimeException {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL = -32603;
    static final int TASK_NOT_FOUND = -32001;
    static final int TASK_NOT_CANCELABLE = -32002;
    static final int PUSH_NOTIFICATION_NOT_SUPPORTED = -32003;
    static final int UNSUPPORTED_OPERATION = -32004;
    static final int EXTENDED_CARD_NOT_CONFIGURED = -32007;

    private final int code;
    private final transient JsonObject data;

    A2aError(int code, String message, JsonObject data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    A2aError(int code, String message) {
        this(code, message, null);
    }

    /** The error member of a JSON-RPC response. */
    JsonObject toJson() {
        JsonObject error = new JsonObject().put("code", code).put("message", getMessage());
        return data == null ? error : error.put("data", data);
    }
}
