package ai.sutazai.gateway.auth;

import java.time.Instant;
import java.util.HashSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.jwt.build.Jwt;

import ai.sutazai.commons.security.JwtSecretKeys;
import ai.sutazai.gateway.user.User;

/** Issues access tokens: HS256 JWTs signed with {@code JWT_SECRET}, naming its key id. */
@ApplicationScoped
public class AccessTokens {

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

    /** The lifetime of an access token in seconds, for {@code expires_in}. */
    public long lifetimeSeconds() {
        return config.accessTokenTtl().toSeconds();
    }
}
