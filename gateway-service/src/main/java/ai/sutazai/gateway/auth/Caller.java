package ai.sutazai.gateway.auth;

import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;

/**
 * The signed-in user behind a request, whether it came with an access token or a personal
 * access token ({@code personalTokenId} set).
 */
public record Caller(UUID userId, Set<String> groups, UUID personalTokenId) {

    /** The attribute a personal-access-token identity carries its token id in. */
    public static final String PERSONAL_TOKEN_ID = "sutazai.personal-token-id";

    /** The caller of an authenticated request; a 403 for tokens that are not a user's (service tokens). */
    public static Caller of(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "A user's token is required.");
        }
        UUID userId;
        try {
            userId = UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "This endpoint acts on a user's own account; '" + token.getSubject() + "' is not a user.");
        }
        return new Caller(userId, identity.getRoles(), identity.getAttribute(PERSONAL_TOKEN_ID));
    }

    /** Whether the request came with a personal access token rather than an access token. */
    public boolean viaPersonalToken() {
        return personalTokenId != null;
    }

    /**
     * Refuses work a personal access token must not do (creating more tokens, changing the
     * password), so a leaked token cannot make itself permanent or take over the account.
     */
    public void requireSignIn(String what) {
        if (viaPersonalToken()) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "A personal access token cannot " + what + "; sign in and use an access token.");
        }
    }
}
