package ai.sutazai.gateway.token;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import ai.sutazai.commons.problem.ProblemWriter;
import ai.sutazai.commons.security.ProblemChallengeJwtMechanism;

/**
 * The gateway's bearer authentication: personal access tokens (recognised by their prefix) are
 * looked up in the database; everything else is a JWT for smallrye-jwt. Only the gateway
 * accepts personal access tokens; other services see JWTs alone.
 */
@Alternative
@Priority(2)
@Singleton
public class GatewayAuthMechanism extends ProblemChallengeJwtMechanism {

    private static final String BEARER = "Bearer ";

    public GatewayAuthMechanism(JWTAuthMechanism jwt, ProblemWriter writer,
            @ConfigProperty(name = "sutazai.security.own-token-paths") Optional<List<String>> ownTokenPaths) {
        super(jwt, writer, ownTokenPaths);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader("Authorization");
        if (!carriesOwnToken(context) && authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).strip();
            if (token.startsWith(PersonalTokenService.PREFIX)) {
                return identityProviderManager.authenticate(new PersonalTokenAuthenticationRequest(token));
            }
        }
        return super.authenticate(context, identityProviderManager);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        Set<Class<? extends AuthenticationRequest>> types = new HashSet<>(super.getCredentialTypes());
        types.add(PersonalTokenAuthenticationRequest.class);
        return types;
    }
}
