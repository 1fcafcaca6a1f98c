package ai.sutazai.gateway.user;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.sutazai.gateway.auth.AuthConfig;

/** bcrypt hashing on worker threads: one hash costs tens of milliseconds of CPU, too long for an event loop. */
@Startup // the decoy hash is computed at start-up on a worker, never on an event loop or on the start-up path
@ApplicationScoped
public class PasswordHasher {

    private final Vertx vertx;
    private final int cost;
    // Compared against when the account does not exist, so that answer takes as long as a wrong password.
    private final Uni<String> decoyHash;

    public PasswordHasher(Vertx vertx, AuthConfig config) {
        this.vertx = vertx;
        this.cost = config.bcryptCost();
        this.decoyHash = blocking(() -> BcryptUtil.bcryptHash("decoy password that matches no account", cost))
                .memoize().indefinitely();
        decoyHash.subscribe().with(ready -> { });
    }

    /** The bcrypt hash of {@code password}, in modular crypt format. */
    public Uni<String> hash(String password) {
        return blocking(() -> BcryptUtil.bcryptHash(password, cost));
    }

    /** Whether {@code password} matches {@code hash}; with no hash, spends the same time and says no. */
    public Uni<Boolean> matches(String password, String hash) {
        if (hash == null) {
            return decoyHash.flatMap(decoy -> blocking(() -> {
                BcryptUtil.matches(password, decoy);
                return false;
            }));
        }
        return blocking(() -> BcryptUtil.matches(password, hash));
    }

    private <T> Uni<T> blocking(Supplier<T> work) {
        // Unordered: concurrent sign-ins hash in parallel on the worker pool.
        return vertx.executeBlocking(Uni.createFrom().item(work), false);
    }
}
