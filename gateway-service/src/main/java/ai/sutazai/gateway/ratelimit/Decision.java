package ai.sutazai.gateway.ratelimit;

/** The outcome of taking one token: allowed or not, and what the RateLimit headers say. */
public record Decision(boolean allowed, int limit, long remaining, long millisUntilToken, long millisUntilFull,
        boolean shared) {
}
