package ai.sutazai.commons.requestid;

import java.util.UUID;
import java.util.regex.Pattern;

import io.vertx.core.http.HttpServerRequest;

/** The request id every answer and log line carries. */
public final class RequestIds {

    /** The header a request id arrives and leaves in. */
    public static final String HEADER = "X-Request-Id";
    /** The MDC key log lines print it under. */
    public static final String MDC_KEY = "requestId";

    // Ids are echoed in headers and logs, so only a short, plain alphabet is taken from clients.
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** The id to use for a request: the client's, when it is well-formed, else a new UUID. */
    public static String accept(String incoming) {
        return incoming != null && ACCEPTED.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
    }

    /** The id this request was given on arrival. */
    public static String of(HttpServerRequest request) {
        return request.response().headers().get(HEADER);
    }
}
