package ai.sutazai.gateway.auth;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.gateway.audit.AuditContext;
import ai.sutazai.gateway.audit.AuditLog;
import ai.sutazai.gateway.user.PasswordHasher;
import ai.sutazai.gateway.user.PasswordPolicy;
import ai.sutazai.gateway.user.User;
import ai.sutazai.gateway.user.UserRepository;

/** Registration, sign-in, refresh-token rotation, sign-out and password changes. */
@ApplicationScoped
public class AuthService {

    static final String REFRESH_TOKEN_PREFIX = "sutazai_rt_";
    private static final String WRONG_CREDENTIALS = "The username or password is wrong.";
    private static final String INVALID_REFRESH = "The refresh token is invalid, expired or revoked; sign in again.";

    private final AuthConfig config;
    private final Pool pool;
    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final LoginSlowdown slowdown;
    private final AccessTokens accessTokens;
    private final AuditLog audit;

    public AuthService(AuthConfig config, UserRepository users, RefreshTokenRepository refreshTokens,
            PasswordHasher hasher, PasswordPolicy policy, LoginSlowdown slowdown, AccessTokens accessTokens,
            AuditLog audit) {
        this.config = config;
        this.pool = users.pool();
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.policy = policy;
        this.slowdown = slowdown;
        this.accessTokens = accessTokens;
        this.audit = audit;
    }

    /** Self-registration, when open: always a plain user, whatever the body claims. */
    public Uni<User> register(AuthRequests.Register request, AuditContext context) {
        if (!config.registrationOpen()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.FORBIDDEN,
                    "Self-registration is closed; an administrator creates accounts (POST /api/v1/auth/users)."));
        }
        policy.check("password", request.password(), request.username(), request.email());
        UUID id = UUID.randomUUID();
        return hasher.hash(request.password())
                .flatMap(hash -> pool.withTransaction(tx -> users
                        .insert(tx, id, request.email().strip(), request.username(), hash, List.of(User.USER))
                        .call(user -> audit.record(tx, AuditLog.REGISTERED, context, user.id(),
                                Map.of("username", user.username())))));
    }

    /**
     * Signs in by username or e-mail address. Unknown names, wrong passwords and slowed-down
     * attempts all get the same answer after the same bcrypt work.
     */
    public Uni<TokenResponse> login(AuthRequests.Login request, AuditContext context) {
        String login = request.username().strip();
        String account = login.toLowerCase(Locale.ROOT);
        String address = context.clientAddress();
        return slowdown.awaitTurn(account, address)
                .flatMap(ignored -> users.findByLogin(login))
                .flatMap(user -> hasher.matches(request.password(), user.map(User::passwordHash).orElse(null))
                        .flatMap(matches -> {
                            if (!matches) {
                                return failedLogin(account, login, user, context,
                                        user.isPresent() ? "wrong_password" : "unknown_user");
                            }
                            User found = user.orElseThrow();
                            if (found.disabled()) {
                                return audit.record(AuditLog.LOGIN_FAILED, context, found.id(),
                                        Map.of("username", login, "reason", "disabled"))
                                        .flatMap(recorded -> fail(new ProblemException(ProblemType.FORBIDDEN,
                                                "This account is disabled; ask an administrator.")));
                            }
                            return slowdown.clear(account, address)
                                    .flatMap(cleared -> startSession(found));
                        }));
    }

    /**
     * Rotates a refresh token: the presented one is spent and a new one of the same family is
     * issued. Presenting an already-rotated token means it was copied, so its whole family is
     * revoked; a disabled user's family is revoked too.
     */
    public Uni<TokenResponse> refresh(String refreshToken, AuditContext context) {
        String hash = SecretTokens.hash(refreshToken);
        return pool.withTransaction(tx -> refreshTokens.rotate(tx, hash).flatMap(owner -> {
            if (owner.isEmpty()) {
                return Uni.createFrom().item(Optional.<TokenResponse>empty());
            }
            UUID familyId = owner.get().familyId();
            return users.lock(tx, owner.get().userId()).flatMap(user -> {
                if (user.isEmpty() || user.get().disabled()) {
                    return refreshTokens.revokeFamily(tx, familyId, "user_disabled")
                            .map(revoked -> Optional.<TokenResponse>empty());
                }
                String next = SecretTokens.generate(REFRESH_TOKEN_PREFIX);
                return refreshTokens.insert(tx, familyId, user.get().id(), SecretTokens.hash(next),
                        config.refreshTokenTtl()).map(stored -> Optional.of(tokens(user.get(), next)));
            });
        })).flatMap(rotated -> rotated.isPresent()
                ? Uni.createFrom().item(rotated.get())
                : revokeIfReused(hash, context).flatMap(checked -> fail(invalidRefresh())));
    }

    /** Revokes one session (by its refresh token) or, without one, every session of the caller. */
    public Uni<Void> logout(Caller caller, String refreshToken, AuditContext context) {
        Uni<Integer> revoked;
        if (refreshToken == null || refreshToken.isBlank()) {
            revoked = pool.withTransaction(tx -> refreshTokens.revokeAllOf(tx, caller.userId(), "logout"));
        } else {
            revoked = pool.withTransaction(tx -> refreshTokens.find(tx, SecretTokens.hash(refreshToken))
                    // Another user's token is left alone, and the answer does not say whether it exists.
                    .flatMap(spent -> spent.filter(token -> token.userId().equals(caller.userId())).isEmpty()
                            ? Uni.createFrom().item(0)
                            : refreshTokens.revokeFamily(tx, spent.get().familyId(), "logout")));
        }
        return revoked.flatMap(count -> audit.record(AuditLog.LOGGED_OUT, context, caller.userId(),
                Map.of("sessionsRevoked", count, "everySession", refreshToken == null || refreshToken.isBlank())));
    }

    /** Changes the caller's own password and signs out every session. */
    public Uni<Void> changePassword(Caller caller, AuthRequests.PasswordChange request, AuditContext context) {
        caller.requireSignIn("change the password");
        return users.findById(caller.userId())
                .map(user -> user.orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "Your account no longer exists.")))
                .call(user -> hasher.matches(request.currentPassword(), user.passwordHash()).invoke(matches -> {
                    if (!matches) {
                        throw new ProblemException(ProblemType.VALIDATION, "The current password is wrong.",
                                List.of(new Problem.FieldError("currentPassword", "does not match")), Map.of());
                    }
                    policy.check("newPassword", request.newPassword(), user.username(), user.email());
                }))
                .flatMap(user -> hasher.hash(request.newPassword()).flatMap(hash -> pool.withTransaction(tx -> users
                        .updatePassword(tx, user.id(), hash)
                        .flatMap(updated -> refreshTokens.revokeAllOf(tx, user.id(), "password_changed"))
                        .flatMap(revoked -> audit.record(tx, AuditLog.PASSWORD_CHANGED, context, user.id(),
                                Map.of("sessionsRevoked", revoked))))));
    }

    private Uni<TokenResponse> failedLogin(String account, String login, Optional<User> user, AuditContext context,
            String reason) {
        return slowdown.recordFailure(account, context.clientAddress())
                .flatMap(recorded -> audit.record(AuditLog.LOGIN_FAILED, context, user.map(User::id).orElse(null),
                        Map.of("username", login, "reason", reason)))
                .flatMap(recorded -> fail(new ProblemException(ProblemType.UNAUTHORIZED, WRONG_CREDENTIALS)));
    }

    private Uni<TokenResponse> startSession(User user) {
        String refreshToken = SecretTokens.generate(REFRESH_TOKEN_PREFIX);
        return refreshTokens.insert(pool, UUID.randomUUID(), user.id(), SecretTokens.hash(refreshToken),
                config.refreshTokenTtl()).map(stored -> tokens(user, refreshToken));
    }

    private Uni<Void> revokeIfReused(String hash, AuditContext context) {
        return pool.withTransaction(tx -> refreshTokens.find(tx, hash).flatMap(spent -> {
            if (spent.isEmpty() || !spent.get().rotated()) {
                return Uni.createFrom().voidItem();
            }
            return refreshTokens.revokeFamily(tx, spent.get().familyId(), "reused").flatMap(revoked -> {
                if (revoked > 0) {
                    Log.warnf("A rotated refresh token of user %s was presented again; its session (%d tokens) is revoked",
                            spent.get().userId(), revoked);
                }
                return audit.record(tx, AuditLog.REFRESH_TOKEN_REUSED, context, spent.get().userId(),
                        Map.of("family", spent.get().familyId().toString(), "tokensRevoked", revoked));
            });
        }));
    }

    private TokenResponse tokens(User user, String refreshToken) {
        return new TokenResponse(accessTokens.issue(user), "Bearer", accessTokens.lifetimeSeconds(), refreshToken,
                config.refreshTokenTtl().toSeconds());
    }

    private static <T> Uni<T> fail(ProblemException problem) {
        return Uni.createFrom().failure(problem);
    }

    private static ProblemException invalidRefresh() {
        return new ProblemException(ProblemType.UNAUTHORIZED, INVALID_REFRESH);
    }
}
