package ai.sutazai.commons.testing;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;

/** Tokens as the gateway issues them, and the broken kinds a client may send. */
public final class TestTokens {

    public static final String ISSUER = "sutazai";

    private TestTokens() {
    }

    /** The secret the tests' services verify with (set by the build, never defaulted). */
    public static String secret() {
        String secret = System.getenv("JWT_SECRET");
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("JWT_SECRET must be set for tests (the root pom sets it)");
        }
        return secret;
    }

    /** A valid token of a user with the given extra groups. */
    public static String user(String... extraGroups) {
        return Jwt.issuer(ISSUER).subject(UUID.randomUUID().toString())
                .groups(groups(extraGroups)).expiresIn(300).signWithSecret(secret());
    }

    /** A well-formed token signed with a secret the services do not know. */
    public static String forged() {
        return Jwt.issuer(ISSUER).subject(UUID.randomUUID().toString()).groups("user")
                .expiresIn(300).signWithSecret("an-attacker-chosen-secret-0123456789abcdef");
    }

    /** A correctly signed token that expired ten minutes ago (beyond any clock skew). */
    public static String expired() {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).subject(UUID.randomUUID().toString()).groups("user")
                .issuedAt(now.minusSeconds(1200)).expiresAt(now.minusSeconds(600)).signWithSecret(secret());
    }

    /** A correctly signed token from an issuer other than ours. */
    public static String fromIssuer(String issuer) {
        return Jwt.issuer(issuer).subject(UUID.randomUUID().toString()).groups("user")
                .expiresIn(300).signWithSecret(secret());
    }

    private static Set<String> groups(String... extra) {
        Set<String> groups = new HashSet<>(Set.of(extra));
        groups.add("user");
        return groups;
    }
}
