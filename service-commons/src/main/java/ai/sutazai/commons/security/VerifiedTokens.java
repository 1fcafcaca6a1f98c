package ai.sutazai.commons.security;

import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Tokens that passed verification, each until it expires: a bounded cache keyed by the token's
 * signature, never by a claim (claims are only trusted after verification). A hit must be the very
 * same token, byte for byte, so a token whose header or claims were changed under a known signature
 * misses and is verified (and refused) as usual. Entries live until {@code exp} plus the clock skew
 * the verifier allows, exactly as long as smallrye-jwt would still accept the token.
 */
final class VerifiedTokens {

    private record Verified(String token, JsonWebToken jwt, long validUntilMillis) {
    }

    private final Cache<String, Verified> cache;
    private final long skewMillis;

    VerifiedTokens(int maxSize, int clockSkewSeconds) {
        this.skewMillis = TimeUnit.SECONDS.toMillis(Math.max(0, clockSkewSeconds));
        this.cache = maxSize <= 0 ? null : Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfter(new Expiry<String, Verified>() {
                    @Override
                    public long expireAfterCreate(String key, Verified value, long currentTime) {
                        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, value.validUntilMillis() - System.currentTimeMillis()));
                    }

                    @Override
                    public long expireAfterUpdate(String key, Verified value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Verified value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                // Maintenance on the caller's thread: no hop to the common pool on the request path.
                .executor(Runnable::run)
                .build();
    }

    /** The verified token, or null when {@code token} was not verified here or is past its lifetime. */
    JsonWebToken lookup(String token) {
        if (cache == null) {
            return null;
        }
        String signature = signatureOf(token);
        Verified verified = signature == null ? null : cache.getIfPresent(signature);
        if (verified == null || System.currentTimeMillis() >= verified.validUntilMillis()
                || !verified.token().equals(token)) {
            return null;
        }
        return verified.jwt();
    }

    /** Remembers a token smallrye-jwt has just verified; a token without an expiry is never cached. */
    void remember(String token, JsonWebToken jwt) {
        String signature = signatureOf(token);
        if (cache == null || signature == null || jwt.getExpirationTime() <= 0) {
            return;
        }
        long validUntil = TimeUnit.SECONDS.toMillis(jwt.getExpirationTime()) + skewMillis;
        cache.put(signature, new Verified(token, jwt, validUntil));
    }

    void clear() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    // The third part of a signed compact JWT; encrypted (five-part) or malformed tokens are never cached.
    private static String signatureOf(String token) {
        int first = token.indexOf('.');
        int last = token.lastIndexOf('.');
        if (first < 0 || first == last || token.indexOf('.', first + 1) != last || last == token.length() - 1) {
            return null;
        }
        return token.substring(last + 1);
    }
}
