package ai.sutazai.gateway.user;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.database.MigrationsCompleted;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.gateway.audit.AuditContext;
import ai.sutazai.gateway.audit.AuditLog;
import ai.sutazai.gateway.auth.AuthConfig;

/**
 * Creates the first admin from {@code SUTAZAI_ADMIN_EMAIL} and {@code SUTAZAI_ADMIN_PASSWORD}
 * once the database is reachable and migrated, when no admin exists yet. Never a start-up step:
 * a database that is down delays it, and it never blocks or fails the start.
 */
@ApplicationScoped
public class AdminBootstrap {

    private final AuthConfig.Admin config;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuditLog audit;

    public AdminBootstrap(AuthConfig config, UserRepository users, PasswordHasher hasher, AuditLog audit) {
        this.config = config.admin();
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
    }

    void onMigrated(@ObservesAsync MigrationsCompleted migrated) {
        if (config.email().isEmpty() || config.password().isEmpty()) {
            return;
        }
        String email = config.email().get().strip();
        users.anyAdmin()
                .flatMap(exists -> exists ? Uni.createFrom().voidItem() : create(email, config.password().get()))
                // Another gateway replica may have created it a moment earlier: that is success too.
                .onFailure(ProblemException.class).recoverWithUni(conflict -> users.anyAdmin()
                        .flatMap(exists -> exists ? Uni.createFrom().voidItem() : Uni.createFrom().failure(conflict)))
                // The database answered a moment ago; a brief hiccup is retried, a real problem logged.
                .onFailure(failure -> !(failure instanceof ProblemException)).retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).atMost(10)
                .subscribe().with(done -> { }, failure -> Log.errorf(
                        "No admin was created from SUTAZAI_ADMIN_EMAIL=%s: %s", email, failure.getMessage()));
    }

    private Uni<Void> create(String email, String password) {
        String username = usernameFor(email);
        return hasher.hash(password)
                .flatMap(hash -> users.pool().withTransaction(tx -> users
                        .insert(tx, UUID.randomUUID(), email, username, hash, List.of(User.USER, User.ADMIN))
                        .flatMap(admin -> audit.record(tx, AuditLog.ADMIN_BOOTSTRAPPED, AuditContext.system(),
                                admin.id(), Map.of("username", username)))))
                .invoke(() -> Log.infof("Created the first admin %s (username %s) from SUTAZAI_ADMIN_EMAIL", email,
                        username));
    }

    // The e-mail's local part made a valid username, so the admin can sign in by either.
    static String usernameFor(String email) {
        String local = email.substring(0, Math.max(email.indexOf('@'), 0)).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        if (local.length() < 3) {
            return "admin";
        }
        return local.length() > 64 ? local.substring(0, 64) : local;
    }
}
