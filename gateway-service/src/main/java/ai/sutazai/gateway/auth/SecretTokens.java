package ai.sutazai.gateway.auth;

import java.security.SecureRandom;
import java.util.Base64;

import ai.sutazai.commons.hashing.Sha256;

/**
 * Opaque bearer secrets (refresh tokens, personal access tokens): 256 random bits, stored only as
 * their SHA-256. A fast hash suffices because the secrets are random, unlike passwords.
 */
public final class SecretTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretTokens() {
    }

    /** A new secret, {@code prefix} followed by 43 base64url characters. */
    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hex SHA-256 of a secret, the only form in which it is stored. */
    public static String hash(String token) {
        return Sha256.hex(token);
    }
}
