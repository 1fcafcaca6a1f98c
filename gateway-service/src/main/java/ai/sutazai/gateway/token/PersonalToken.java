package ai.sutazai.gateway.token;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A personal access token as its owner sees it. {@code token} (the secret) is present only in the
 * answer that creates it; it is never stored or shown again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersonalToken(String id, String name, String token, String tokenPrefix, List<String> groups,
        Instant createdAt, Instant expiresAt, Instant lastUsedAt) {

    PersonalToken withSecret(String secret) {
        return new PersonalToken(id, name, secret, tokenPrefix, groups, createdAt, expiresAt, lastUsedAt);
    }
}
