package ai.sutazai.gateway.user;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

import ai.sutazai.commons.paging.Cursors;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.gateway.audit.AuditContext;
import ai.sutazai.gateway.audit.AuditLog;
import ai.sutazai.gateway.auth.RefreshTokenRepository;

/** What admins do to accounts: list, create, change groups, disable, reset passwords. */
@ApplicationScoped
public class UserAdminService {

    private final Pool pool;
    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final AuditLog audit;

    public UserAdminService(UserRepository users, RefreshTokenRepository refreshTokens, PasswordHasher hasher,
            PasswordPolicy policy, AuditLog audit) {
        this.pool = users.pool();
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.policy = policy;
        this.audit = audit;
    }

    /** One page of users in creation order. */
    public Uni<Page<UserView>> list(int limit, String cursor) {
        Cursors.Position after = Cursors.position(cursor);
        return users.list(after == null ? null : after.createdAt(), after == null ? null : after.id(), limit + 1).map(rows -> Page.of(rows.stream().map(UserView::of).toList(),
                limit, user -> Cursors.encode(user.createdAt(), user.id())));
    }

    /** One user, or 404. */
    public Uni<User> get(UUID id) {
        return users.findById(id).map(user -> user.orElseThrow(() -> notFound(id)));
    }

    /** Creates an account with the given groups ({@code user} always included). */
    public Uni<User> create(UserRequests.Create request, AuditContext context) {
        policy.check("password", request.password(), request.username(), request.email());
        List<String> groups = normalise(request.groups() == null ? List.of() : request.groups());
        UUID id = UUID.randomUUID();
        return hasher.hash(request.password()).flatMap(hash -> pool.withTransaction(tx -> users
                .insert(tx, id, request.email().strip(), request.username(), hash, groups)
                .call(user -> audit.record(tx, AuditLog.USER_CREATED, context, user.id(),
                        Map.of("username", user.username(), "groups", groups)))));
    }

    /**
     * Applies the fields sent. Disabling or a password reset signs the user out everywhere; the
     * last enabled admin can be neither demoted nor disabled, so the suite never loses its admin.
     */
    public Uni<User> update(UUID id, UserRequests.Update request, AuditContext context) {
        Uni<String> newHash = Uni.createFrom().nullItem();
        if (request.password() != null) {
            newHash = get(id).flatMap(user -> {
                policy.check("password", request.password(), user.username(), user.email());
                return hasher.hash(request.password());
            });
        }
        return newHash.flatMap(hash -> pool.withTransaction(tx -> users.lock(tx, id).flatMap(found -> {
            User user = found.orElseThrow(() -> notFound(id));
            List<String> groups = request.groups() == null ? user.groups() : normalise(request.groups());
            boolean disabled = request.disabled() == null ? user.disabled() : request.disabled();
            boolean losesAdmin = user.isAdmin() && !user.disabled() && (!groups.contains(User.ADMIN) || disabled);
            Uni<Void> guard = !losesAdmin ? Uni.createFrom().voidItem()
                    : users.otherEnabledAdmins(tx, id).invoke(others -> {
                        if (others == 0) {
                            throw new ProblemException(ProblemType.CONFLICT,
                                    "This is the last enabled admin; make another user admin first.");
                        }
                    }).replaceWithVoid();
            return guard
                    .flatMap(ok -> users.updateAccess(tx, id, groups, disabled))
                    .flatMap(updated -> hash == null ? Uni.createFrom().item(updated) : users.updatePassword(tx, id, hash))
                    .call(updated -> record(tx, user, updated, hash != null, context))
                    .call(updated -> hash != null || (disabled && !user.disabled())
                            ? refreshTokens.revokeAllOf(tx, id, hash != null ? "password_reset" : "user_disabled")
                            : Uni.createFrom().voidItem());
        })));
    }

    private Uni<Void> record(SqlClient tx, User before, User after, boolean passwordReset,
            AuditContext context) {
        List<Uni<Void>> records = new ArrayList<>();
        if (!before.groups().equals(after.groups())) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from", before.groups());
            details.put("to", after.groups());
            records.add(audit.record(tx, AuditLog.GROUPS_CHANGED, context, after.id(), details));
        }
        if (before.disabled() != after.disabled()) {
            records.add(audit.record(tx, after.disabled() ? AuditLog.USER_DISABLED : AuditLog.USER_ENABLED, context,
                    after.id(), Map.of()));
        }
        if (passwordReset) {
            records.add(audit.record(tx, AuditLog.PASSWORD_RESET, context, after.id(), Map.of()));
        }
        // One after the other: a connection runs one statement at a time.
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Uni<Void> next : records) {
            chain = chain.flatMap(done -> next);
        }
        return chain;
    }

    private static List<String> normalise(List<String> groups) {
        List<String> result = new ArrayList<>(List.of(User.USER));
        if (groups.contains(User.ADMIN)) {
            result.add(User.ADMIN);
        }
        return result;
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(ProblemType.NOT_FOUND, "No user has the id " + id + ".");
    }
}
