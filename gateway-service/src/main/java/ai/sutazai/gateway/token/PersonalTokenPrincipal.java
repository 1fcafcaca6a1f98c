package ai.sutazai.gateway.token;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The owner of a personal access token, presented with the claims an access token of the same
 * user would carry, so code behind authentication sees one kind of principal.
 */
final class PersonalTokenPrincipal implements JsonWebToken {

    private final Map<String, Object> claims;

    PersonalTokenPrincipal(Map<String, Object> claims) {
        this.claims = Map.copyOf(claims);
    }

    @Override
    public String getName() {
        return (String) claims.get(Claims.upn.name());
    }

    @Override
    public Set<String> getClaimNames() {
        return claims.keySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        return (T) claims.get(claimName);
    }
}
