package ai.sutazai.commons.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How {@code JWT_SECRET} becomes a key. Every service uses the secret's raw UTF-8 bytes (never a
 * base64 decoding of it), the same bytes smallrye-jwt's {@code signWithSecret} signs with.
 */
public final class JwtSecretKeys {

    private JwtSecretKeys() {
    }

    /**
     * The secret as a JSON Web Key: smallrye-jwt reads {@code smallrye.jwt.verify.secretkey} as key
     * material (PEM or JWK), not as a passphrase.
     */
    public static String verificationJwk(String secret) {
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        return "{\"kty\":\"oct\",\"alg\":\"HS256\",\"k\":\"" + k + "\"}";
    }
}
