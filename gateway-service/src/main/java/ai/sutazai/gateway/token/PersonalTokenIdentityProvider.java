package ai.sutazai.gateway.token;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.Claims;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.gateway.auth.Caller;
import ai.sutazai.gateway.auth.SecretTokens;

/** Turns a personal access token into its owner's identity, with the token's (narrower) groups. */
@ApplicationScoped
public class PersonalTokenIdentityProvider implements IdentityProvider<PersonalTokenAuthenticationRequest> {

    // last_used_at is for people, not accounting: one write per token per minute is precise enough.
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final PersonalTokenRepository tokens;

    public PersonalTokenIdentityProvider(PersonalTokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<PersonalTokenAuthenticationRequest> getRequestType() {
        return PersonalTokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(PersonalTokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return tokens.findLive(SecretTokens.hash(request.token()))
                .onFailure().transform(failure -> new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                        "Personal access tokens cannot be checked right now; retry shortly or use an access token."))
                .map(holder -> {
                    var live = holder.orElseThrow(() -> new AuthenticationFailedException(
                            "unknown, revoked or expired personal access token"));
                    touch(live);
                    Set<String> groups = new HashSet<>(live.groups());
                    var principal = new PersonalTokenPrincipal(Map.of(
                            Claims.sub.name(), live.owner().id().toString(),
                            Claims.upn.name(), live.owner().username(),
                            Claims.email.name(), live.owner().email(),
                            Claims.groups.name(), groups,
                            Claims.jti.name(), live.tokenId().toString()));
                    return QuarkusSecurityIdentity.builder().setPrincipal(principal).addRoles(groups)
                            .addAttribute(Caller.PERSONAL_TOKEN_ID, live.tokenId()).build();
                });
    }

    private void touch(PersonalTokenRepository.Holder live) {
        if (live.lastUsedAt() != null && live.lastUsedAt().isAfter(Instant.now().minus(TOUCH_INTERVAL))) {
            return;
        }
        tokens.touch(live.tokenId()).subscribe().with(done -> { },
                failure -> Log.debugf("Could not note the use of personal access token %s: %s", live.tokenId(),
                        failure.getMessage()));
    }
}
