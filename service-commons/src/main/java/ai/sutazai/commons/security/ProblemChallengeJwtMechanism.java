package ai.sutazai.commons.security;

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
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.commons.problem.ProblemWriter;

/**
 * Bearer-token authentication by smallrye-jwt, except that a request without a token is
 * challenged with problem+json: Quarkus sends that challenge itself, with an empty body, and
 * never passes it through a failure handler. Paths listed in {@code sutazai.security.own-token-paths}
 * carry a bearer token of their own (Alertmanager's webhook): their callers stay anonymous, and the
 * route checks that token itself.
 */
@Alternative
@Priority(1)
@Singleton
public class ProblemChallengeJwtMechanism implements HttpAuthenticationMechanism {

    private final JWTAuthMechanism jwt;
    private final ProblemWriter writer;
    private final Set<String> ownTokenPaths;

    public ProblemChallengeJwtMechanism(JWTAuthMechanism jwt, ProblemWriter writer,
            @ConfigProperty(name = "sutazai.security.own-token-paths") Optional<List<String>> ownTokenPaths) {
        this.jwt = jwt;
        this.writer = writer;
        this.ownTokenPaths = Set.copyOf(ownTokenPaths.orElse(List.of()));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (carriesOwnToken(context)) {
            return Uni.createFrom().nullItem();
        }
        return jwt.authenticate(context, identityProviderManager);
    }

    /** Whether the request's path takes a bearer token that is not a JWT, which must not be verified as one. */
    protected boolean carriesOwnToken(RoutingContext context) {
        String path = context.normalizedPath();
        return ownTokenPaths.contains(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return jwt.getChallenge(context);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        writer.write(context, ProblemType.UNAUTHORIZED);
        return Uni.createFrom().item(Boolean.TRUE);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return jwt.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return jwt.getCredentialTransport(context);
    }
}
