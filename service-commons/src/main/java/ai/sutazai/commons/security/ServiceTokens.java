package ai.sutazai.commons.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.jwt.build.Jwt;

/**
 * Short-lived service tokens (ARCHITECTURE §4): subject {@code service:<this service>}, the single
 * group {@code service}, for work that runs after or outside a caller's request. A service token
 * acts for a user only by naming the owner explicitly in the call.
 */
@ApplicationScoped
public class ServiceTokens {

    static final Duration LIFETIME = Duration.ofMinutes(1);
    // Reused until this close to its expiry, so a burst of background calls signs once.
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(20);

    private final String service;
    private final String issuer;
    private final Optional<String> secret;
    private volatile String token;
    private volatile Instant renewAt = Instant.MIN;

    public ServiceTokens(@ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "sutazai.jwt.signing-secret") Optional<String> secret) {
        this.service = service;
        this.issuer = issuer;
        this.secret = secret;
    }

    /** A valid service token of this service, good for at least 20 more seconds. */
    public String current() {
        Instant now = Instant.now();
        if (token == null || now.isAfter(renewAt)) {
            String signingSecret = secret.orElseThrow(() -> new IllegalStateException("JWT_SECRET is not set"));
            token = Jwt.issuer(issuer).subject("service:" + service).groups("service")
                    .issuedAt(now).expiresAt(now.plus(LIFETIME)).claim("jti", UUID.randomUUID().toString())
                    .jws().keyId(JwtSecretKeys.keyId(signingSecret)).signWithSecret(signingSecret);
            renewAt = now.plus(LIFETIME).minus(RENEW_BEFORE);
        }
        return token;
    }
}
