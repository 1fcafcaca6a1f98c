package ai.sutazai.gateway.routing;

import io.vertx.core.http.HttpClientResponse;

/** Why forwarding failed before an answer could be relayed, each kind with its outcome (ARCHITECTURE §4). */
sealed class UpstreamFailure extends RuntimeException {

    UpstreamFailure(String message) {
        super(message, null, false, false);
    }

    /** The upstream did not start its answer in time: 504. */
    static final class Timeout extends UpstreamFailure {
        Timeout(String message) {
            super(message);
        }
    }

    /**
     * The upstream answered with a 5xx. Counted as a failure by the breaker, yet the answer itself
     * is still relayed to the client.
     */
    static final class ServerError extends UpstreamFailure {
        private final transient HttpClientResponse response;

        ServerError(HttpClientResponse response) {
            super("upstream answered " + response.statusCode());
            this.response = response;
        }

        HttpClientResponse response() {
            return response;
        }
    }
}
