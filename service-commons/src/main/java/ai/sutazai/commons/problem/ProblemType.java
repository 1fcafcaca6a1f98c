package ai.sutazai.commons.problem;

import java.util.Map;

/** The problem types the suite answers with, each with its stable {@code type} URI and title. */
public enum ProblemType {
    BAD_REQUEST(400, "bad-request", "Bad request"),
    VALIDATION(400, "validation", "Request validation failed"),
    UNAUTHORIZED(401, "unauthorized", "Authentication required"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    CONFLICT(409, "conflict", "Conflict"),
    CONTENT_TOO_LARGE(413, "content-too-large", "Content too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    UNPROCESSABLE(422, "unprocessable", "Unprocessable content"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    INTERNAL(500, "internal", "Internal error"),
    BAD_GATEWAY(502, "bad-gateway", "Bad gateway"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable"),
    GATEWAY_TIMEOUT(504, "gateway-timeout", "Gateway timeout"),
    // The phases of a streamed answer from an upstream, each its own problem so clients can tell them apart.
    CONNECT_TIMEOUT(504, "connect-timeout", "Upstream connect timeout"),
    FIRST_TOKEN_TIMEOUT(504, "first-token-timeout", "No first token in time"),
    IDLE_TIMEOUT(504, "idle-timeout", "Upstream stalled mid-answer"),
    TOTAL_TIMEOUT(504, "total-timeout", "Answer took too long");

    private static final String TYPE_PREFIX = "urn:sutazai:problem:";
    private static final Map<Integer, ProblemType> BY_STATUS = Map.ofEntries(
            Map.entry(400, BAD_REQUEST), Map.entry(401, UNAUTHORIZED), Map.entry(403, FORBIDDEN),
            Map.entry(404, NOT_FOUND), Map.entry(405, METHOD_NOT_ALLOWED), Map.entry(406, NOT_ACCEPTABLE),
            Map.entry(409, CONFLICT), Map.entry(413, CONTENT_TOO_LARGE), Map.entry(415, UNSUPPORTED_MEDIA_TYPE),
            Map.entry(422, UNPROCESSABLE),
            Map.entry(429, TOO_MANY_REQUESTS), Map.entry(500, INTERNAL), Map.entry(502, BAD_GATEWAY),
            Map.entry(503, SERVICE_UNAVAILABLE), Map.entry(504, GATEWAY_TIMEOUT));

    private final int status;
    private final String uri;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.uri = TYPE_PREFIX + slug;
        this.title = title;
    }

    /** The HTTP status this type answers with. */
    public int status() {
        return status;
    }

    /** The {@code type} member: a stable URI clients can switch on. */
    public String uri() {
        return uri;
    }

    /** The short, human-readable summary. */
    public String title() {
        return title;
    }

    /** The type for a bare HTTP status; statuses without one of their own map to bad request or internal. */
    public static ProblemType forStatus(int status) {
        ProblemType type = BY_STATUS.get(status);
        if (type != null) {
            return type;
        }
        return status >= 500 ? INTERNAL : BAD_REQUEST;
    }
}
