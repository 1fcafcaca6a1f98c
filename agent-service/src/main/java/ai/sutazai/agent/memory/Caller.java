package ai.sutazai.agent.memory;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.jwt.JsonWebToken;

import ai.sutazai.commons.security.ServiceTokens;

/**
 * Whom memory-service calls act for, and with which token: the caller's own JWT while it is still
 * good for a while, else (a long answer outlived it, or the work goes on after the client left) a
 * service token naming the caller as owner.
 */
public final class Caller {

    // A call made with less left than this might reach memory-service after the token expired.
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final String ownerId;
    private final String rawToken;
    private final Instant expiresAt;
    private final ServiceTokens serviceTokens;

    private Caller(String ownerId, String rawToken, Instant expiresAt, ServiceTokens serviceTokens) {
        this.ownerId = ownerId;
        this.rawToken = rawToken;
        this.expiresAt = expiresAt;
        this.serviceTokens = serviceTokens;
    }

    /** The caller of the current request. */
    public static Caller of(JsonWebToken token, ServiceTokens serviceTokens) {
        return new Caller(token.getSubject(), token.getRawToken(), Instant.ofEpochSecond(token.getExpirationTime()),
                serviceTokens);
    }

    /**
     * The owner of work that runs without a request (a task): every call carries a service token
     * naming {@code ownerId}.
     */
    public static Caller owner(String ownerId, ServiceTokens serviceTokens) {
        return new Caller(ownerId, null, Instant.MIN, serviceTokens);
    }

    /** The owner the calls act for: the caller's subject. */
    public String ownerId() {
        return ownerId;
    }

    /** The {@code Authorization} header for a call made now. */
    public String authorization() {
        if (Instant.now().plus(MARGIN).isBefore(expiresAt)) {
            return "Bearer " + rawToken;
        }
        return "Bearer " + serviceTokens.current();
    }
}
