package ai.sutazai.commons.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import ai.sutazai.commons.security.JwtSecretKeys;

/** Tokens as the gateway issues them, and the broken kinds a client may send. */
public final class TestTokens {

    public static final String ISSUER = "sutazai";
    private static final String UNKNOWN_SECRET = "an-attacker-chosen-secret-0123456789abcdef";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    /** The secret the tests' services verify with (set by the build, never defaulted). */
    public static String secret() {
        return variable("JWT_SECRET");
    }

    /** The secret of before the last rotation, which the services still accept (set by the build). */
    public static String previousSecret() {
        return variable("JWT_SECRET_PREVIOUS");
    }

    /** A valid token of a new user with the given extra groups. */
    public static String user(String... extraGroups) {
        return forSubject(UUID.randomUUID().toString(), extraGroups);
    }

    /** A valid token of the given user id with the given extra groups. */
    public static String forSubject(String subject, String... extraGroups) {
        return sign(Jwt.issuer(ISSUER).subject(subject).groups(groups(extraGroups)).expiresIn(300), secret());
    }

    /** A service token as ARCHITECTURE §4 defines it: subject {@code service:<name>}, group {@code service}. */
    public static String service(String name) {
        return sign(Jwt.issuer(ISSUER).subject("service:" + name).groups("service").expiresIn(300), secret());
    }

    /** A valid user token signed with {@code JWT_SECRET_PREVIOUS}, as issued before a rotation. */
    public static String signedWithPreviousSecret() {
        return sign(Jwt.issuer(ISSUER).subject(UUID.randomUUID().toString()).groups("user").expiresIn(300),
                previousSecret());
    }

    /**
     * A well-formed token signed with a secret the services do not know, naming the current key's
     * id so that only the signature can give it away.
     */
    public static String forged() {
        return Jwt.issuer(ISSUER).subject(UUID.randomUUID().toString()).groups("user").expiresIn(300)
                .jws().keyId(JwtSecretKeys.keyId(secret())).signWithSecret(UNKNOWN_SECRET);
    }

    /** A correctly signed token that expired ten minutes ago (beyond any clock skew). */
    public static String expired() {
        Instant now = Instant.now();
        return sign(Jwt.issuer(ISSUER).subject(UUID.randomUUID().toString()).groups("user")
                .issuedAt(now.minusSeconds(1200)).expiresAt(now.minusSeconds(600)), secret());
    }

    /** A correctly signed token whose {@code nbf} lies ten minutes ahead (beyond any clock skew). */
    public static String notYetValid() {
        Instant now = Instant.now();
        return sign(Jwt.issuer(ISSUER).subject(UUID.randomUUID().toString()).groups("user")
                .claim("nbf", now.plusSeconds(600).getEpochSecond()).expiresAt(now.plusSeconds(1200)), secret());
    }

    /** A correctly signed token from an issuer other than ours. */
    public static String fromIssuer(String issuer) {
        return sign(Jwt.issuer(issuer).subject(UUID.randomUUID().toString()).groups("user").expiresIn(300), secret());
    }

    /** An unsigned token ({@code alg: none}) claiming admin rights. */
    public static String unsigned() {
        long now = Instant.now().getEpochSecond();
        String header = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = encode("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + UUID.randomUUID()
                + "\",\"groups\":[\"user\",\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + 300) + "}");
        return header + "." + payload + ".";
    }

    /** A user token whose payload was changed after signing to claim admin rights. */
    public static String tampered() {
        String[] parts = user().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String escalated = payload.replace("\"groups\":[\"user\"]", "\"groups\":[\"user\",\"admin\"]");
        if (escalated.equals(payload)) {
            throw new IllegalStateException("the token's groups claim was not found: " + payload);
        }
        return parts[0] + "." + encode(escalated) + "." + parts[2];
    }

    private static String sign(JwtClaimsBuilder claims, String secret) {
        return claims.jws().keyId(JwtSecretKeys.keyId(secret)).signWithSecret(secret);
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String variable(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set for tests (the root pom sets it)");
        }
        return value;
    }

    private static Set<String> groups(String... extra) {
        Set<String> groups = new HashSet<>(Set.of(extra));
        groups.add("user");
        return groups;
    }
}
