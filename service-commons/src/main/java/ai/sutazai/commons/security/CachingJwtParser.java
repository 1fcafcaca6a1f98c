package ai.sutazai.commons.security;

import java.security.PrivateKey;
import java.security.PublicKey;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * smallrye-jwt's parser, verifying each bearer token once: every request of every service
 * verifies its token, and most requests repeat a token already verified. The token's result is
 * reused until the token expires (see {@link VerifiedTokens}); everything else goes to smallrye-jwt
 * as before. The verification keys are read at start-up, so a key rotation (a restart) empties the cache.
 */
@Alternative
@Priority(1)
@Singleton
public class CachingJwtParser implements JWTParser {

    private final DefaultJWTParser parser;
    private final VerifiedTokens verified;

    public CachingJwtParser(DefaultJWTParser parser, JWTAuthContextInfo authContext,
            @ConfigProperty(name = "sutazai.jwt.verified-cache-size", defaultValue = "10000") int cacheSize) {
        this.parser = parser;
        this.verified = new VerifiedTokens(cacheSize, authContext.getClockSkew());
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken cached = verified.lookup(token);
        if (cached != null) {
            return cached;
        }
        JsonWebToken jwt = parser.parse(token);
        verified.remember(token, jwt);
        return jwt;
    }

    /** Forgets every verified token: the next use of each is verified again. */
    public void forgetAll() {
        verified.clear();
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parser.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return parser.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parser.parseOnly(token);
    }
}
