package ai.sutazai.commons.security;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;

/** The verified-token cache in front of smallrye-jwt: fast for a known token, never more lenient. */
class CachingJwtParserTest {

    private static final String SECRET = "Zq3v9Lr2Xw8Kp5Tn1Hs7Bd4Fg6Jm0Ca2UeYw8Rt";
    private static final String PREVIOUS = "Pm4x8Wq1Ns6Rt3Yb7Kc0Vd5Lh2Jf9Ga4SeQz1Xc";
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    private static final Base64.Encoder BASE64URL_OUT = Base64.getUrlEncoder().withoutPadding();

    private static CachingJwtParser parser(String secret, String previous, int clockSkewSeconds) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setSecretKeyContent(JwtSecretKeys.verificationJwks(secret, previous));
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        info.setIssuedBy("sutazai");
        info.setClockSkew(clockSkewSeconds);
        return new CachingJwtParser(new DefaultJWTParser(info), info, 100);
    }

    private static String token(String secret, Instant expiresAt) {
        return Jwt.issuer("sutazai").subject("a0c1b2d3-0000-4000-8000-000000000001").groups("user")
                .expiresAt(expiresAt).jws().keyId(JwtSecretKeys.keyId(secret)).signWithSecret(secret);
    }

    @Test
    void aKnownTokenIsVerifiedOnceAndThenReused() throws ParseException {
        CachingJwtParser parser = parser(SECRET, null, 60);
        String token = token(SECRET, Instant.now().plusSeconds(300));
        JsonWebToken first = parser.parse(token);
        assertThat(parser.parse(token), sameInstance(first));
        assertThat(first.getSubject(), is("a0c1b2d3-0000-4000-8000-000000000001"));
    }

    @Test
    void anExpiredTokenIsRefusedEvenWhenCached() throws ParseException {
        CachingJwtParser parser = parser(SECRET, null, 0);
        String token = token(SECRET, Instant.now().plusSeconds(2));
        JsonWebToken cached = parser.parse(token);
        assertThat(parser.parse(token), sameInstance(cached));
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                .until(() -> refuses(parser, token));
        assertThrows(ParseException.class, () -> parser.parse(token));
    }

    @Test
    void aTamperedTokenNeverHitsTheCache() throws ParseException {
        CachingJwtParser parser = parser(SECRET, null, 60);
        String token = token(SECRET, Instant.now().plusSeconds(300));
        parser.parse(token);
        // The same signature over claims the attacker changed: an admin group added.
        String[] parts = token.split("\\.");
        String claims = new String(BASE64URL.decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"groups\":[\"user\"]", "\"groups\":[\"user\",\"admin\"]");
        String tampered = parts[0] + "." + BASE64URL_OUT.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThrows(ParseException.class, () -> parser.parse(tampered));
        // Nor did the refused token displace the genuine one.
        assertThat(parser.parse(token).getGroups(), is(Set.of("user")));
    }

    @Test
    void aTokenOfARotatedOutKeyIsRefusedAfterTheRotation() throws ParseException {
        String oldToken = token(PREVIOUS, Instant.now().plusSeconds(300));
        // During the rotation both keys verify, and the old token is cached...
        parser(SECRET, PREVIOUS, 60).parse(oldToken);
        // ...after it (JWT_SECRET_PREVIOUS removed, services restarted) the old key's tokens are refused.
        CachingJwtParser rotated = parser(SECRET, null, 60);
        assertThrows(ParseException.class, () -> rotated.parse(oldToken));
    }

    @Test
    void forgettingMakesTheNextUseVerifyAgain() throws ParseException {
        CachingJwtParser parser = parser(SECRET, null, 60);
        String token = token(SECRET, Instant.now().plusSeconds(300));
        JsonWebToken first = parser.parse(token);
        parser.forgetAll();
        JsonWebToken second = parser.parse(token);
        assertThat(second == first, is(false));
        assertThat(second.getSubject(), is(first.getSubject()));
    }

    private static boolean refuses(CachingJwtParser parser, String token) {
        try {
            parser.parse(token);
            return false;
        } catch (ParseException refused) {
            return true;
        }
    }
}
