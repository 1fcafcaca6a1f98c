package ai.sutazai.gateway.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import ai.sutazai.commons.paging.Cursors;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.gateway.audit.AuditContext;
import ai.sutazai.gateway.audit.AuditLog;
import ai.sutazai.gateway.auth.AuthConfig;
import ai.sutazai.gateway.auth.Caller;
import ai.sutazai.gateway.auth.SecretTokens;
import ai.sutazai.gateway.user.User;
import ai.sutazai.gateway.user.UserRepository;

/** Personal access tokens: created by a signed-in user, shown once, listed without the secret, revoked. */
@ApplicationScoped
public class PersonalTokenService {

    /** Every personal access token starts so, which tells them from JWTs and helps secret scanners. */
    public static final String PREFIX = "sutazai_pat_";
    // Prefix plus a few random characters: enough to tell tokens apart, useless to an attacker.
    private static final int SHOWN_PREFIX_LENGTH = PREFIX.length() + 6;

    private final AuthConfig.PersonalTokens config;
    private final Pool pool;
    private final UserRepository users;
    private final PersonalTokenRepository tokens;
    private final AuditLog audit;

    public PersonalTokenService(AuthConfig config, UserRepository users, PersonalTokenRepository tokens,
            AuditLog audit) {
        this.config = config.personalTokens();
        this.pool = users.pool();
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** Creates a token for the caller; the answer is the only place its secret ever appears. */
    public Uni<PersonalToken> create(Caller caller, CreatePersonalToken request, AuditContext context) {
        caller.requireSignIn("create personal access tokens");
        Instant expiresAt = expiry(request);
        return users.findById(caller.userId()).flatMap(found -> {
            User owner = found.orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                    "Your account no longer exists."));
            List<String> groups = request.groups() == null || request.groups().isEmpty() ? owner.groups()
                    : request.groups().stream().distinct().toList();
            if (!owner.groups().containsAll(groups)) {
                throw invalid("groups", "may only narrow your own groups " + owner.groups());
            }
            String secret = SecretTokens.generate(PREFIX);
            UUID id = UUID.randomUUID();
            return pool.withTransaction(tx -> tokens.insert(tx, id, owner.id(), request.name().strip(),
                    SecretTokens.hash(secret), secret.substring(0, SHOWN_PREFIX_LENGTH), groups, expiresAt)
                    .call(token -> audit.record(tx, AuditLog.PERSONAL_TOKEN_CREATED, context, owner.id(),
                            Map.of("tokenId", token.id(), "name", token.name(), "groups", groups,
                                    "expiresAt", token.expiresAt().toString()))))
                    .map(token -> token.withSecret(secret));
        });
    }

    /** One page of the caller's live tokens, without secrets. */
    public Uni<Page<PersonalToken>> list(Caller caller, int limit, String cursor) {
        Cursors.Position after = Cursors.position(cursor);
        return tokens.list(caller.userId(), after == null ? null : after.createdAt(), after == null ? null : after.id(),
                limit + 1).map(rows -> Page.of(rows, limit,
                token -> Cursors.encode(token.createdAt(), token.id())));
    }

    /** Revokes one of the caller's tokens; 404 for any other id. */
    public Uni<Void> revoke(Caller caller, UUID id, AuditContext context) {
        return pool.withTransaction(tx -> tokens.revoke(tx, id, caller.userId()).flatMap(revoked -> {
            if (!revoked) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND,
                        "You have no personal access token with the id " + id + "."));
            }
            return audit.record(tx, AuditLog.PERSONAL_TOKEN_REVOKED, context, caller.userId(),
                    Map.of("tokenId", id.toString()));
        }));
    }

    private Instant expiry(CreatePersonalToken request) {
        if (request.expiresIn() != null && request.expiresAt() != null) {
            throw invalid("expiresAt", "send either expiresIn or expiresAt, not both");
        }
        Instant now = Instant.now();
        Instant expiresAt = request.expiresAt() != null ? request.expiresAt()
                : now.plus(request.expiresIn() != null ? request.expiresIn() : config.defaultLifetime());
        String field = request.expiresAt() != null ? "expiresAt" : "expiresIn";
        if (!expiresAt.isAfter(now)) {
            throw invalid(field, "must lie in the future");
        }
        if (Duration.between(now, expiresAt).compareTo(config.longestLifetime()) > 0) {
            throw invalid(field, "must be at most " + config.longestLifetime() + " from now");
        }
        return expiresAt;
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, "The token request is invalid: " + field + " " + message
                + ".", List.of(new Problem.FieldError(field, message)), Map.of());
    }
}
