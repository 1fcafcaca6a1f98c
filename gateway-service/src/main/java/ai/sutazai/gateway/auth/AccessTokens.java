package ai.sutazai.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.build.Jwt;

import ai.sutazai.commons.security.JwtSecretKeys;
import ai.sutazai.gateway.user.User;

/** Issues access tokens: HS256 JWTs signed with {@code JWT_SECRET}, naming its key id. */
@ApplicationScoped
public class AccessTokens {

    private static final Duration FORWARDED_LIFETIME = Duration.ofMinutes(1);

    private final AuthConfig config;
    private final String keyId;

    public AccessTokens(AuthConfig config) {
        this.config = config;
        this.keyId = JwtSecretKeys.keyId(config.signingSecret());
    }

    /** An access token for {@code user}, carrying its current groups, with the configured lifetime. */
    public String issue(User user) {
        Instant now = Instant.now();
        return Jwt.issuer(config.issuer())
                .subject(user.id().toString())
                .upn(user.username())
                .claim("email", user.email())
                .groups(new HashSet<>(user.groups()))
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenTtl()))
                .claim("jti", UUID.randomUUID().toString())
                .jws().keyId(keyId)
                .signWithSecret(config.signingSecret());
    }

    /**
     * A one-minute token standing in for a personal access token on a forwarded request: the
     * owner's identity with the personal token's groups.
     */
    public String issueForwarded(JsonWebToken owner, Set<String> groups) {
        Instant now = Instant.now();
        return Jwt.issuer(config.issuer())
                .subject(owner.getSubject())
                .upn(owner.getName())
                .claim("email", owner.<String> getClaim("email"))
                .groups(new HashSet<>(groups))
                .issuedAt(now)
                .expiresAt(now.plus(FORWARDED_LIFETIME))
                .claim("jti", UUID.randomUUID().toString())
                .jws().keyId(keyId)
                .signWithSecret(config.signingSecret());
    }

    /** The lifetime of an access token in seconds, for {@code expires_in}. */
    public long lifetimeSeconds() {
        return config.accessTokenTtl().toSeconds();
    }
}
