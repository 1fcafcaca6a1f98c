package ai.sutazai.commons.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import ai.sutazai.commons.hashing.Sha256;

/**
 * How {@code JWT_SECRET} (and {@code JWT_SECRET_PREVIOUS} during a rotation) become keys. Every
 * service uses the secret's raw UTF-8 bytes (never a base64 decoding of it), the same bytes
 * smallrye-jwt's {@code signWithSecret} signs with.
 */
public final class JwtSecretKeys {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private JwtSecretKeys() {
    }

    /**
     * The key id ({@code kid}) of a secret: a short digest, so a verifier holding two secrets picks
     * the right one without trying both, and the id reveals nothing usable about the secret.
     */
    public static String keyId(String secret) {
        byte[] digest = Sha256.digest(("sutazai-jwt-key-id:" + secret).getBytes(StandardCharsets.UTF_8));
        return BASE64URL.encodeToString(digest).substring(0, 16);
    }

    /**
     * The verification keys as a JSON Web Key set: smallrye-jwt reads
     * {@code smallrye.jwt.verify.secretkey} as key material (PEM or JWK), not as a passphrase. With
     * one key, tokens without a {@code kid} are accepted too; with two, the token's {@code kid}
     * selects the key.
     */
    public static String verificationJwks(String secret, String previousSecret) {
        List<String> keys = new ArrayList<>();
        keys.add(jwk(secret));
        if (previousSecret != null && !previousSecret.isBlank() && !previousSecret.equals(secret)) {
            keys.add(jwk(previousSecret));
        }
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    private static String jwk(String secret) {
        String k = BASE64URL.encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        return "{\"kty\":\"oct\",\"alg\":\"HS256\",\"kid\":\"" + keyId(secret) + "\",\"k\":\"" + k + "\"}";
    }
}
