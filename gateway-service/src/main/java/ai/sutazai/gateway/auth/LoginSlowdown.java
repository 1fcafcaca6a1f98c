package ai.sutazai.gateway.auth;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Slows down guessing: after {@code free-failures} failed sign-ins for one account name from one
 * client address, each further attempt waits (doubling per failure, capped) before it is checked.
 * Every answer stays the same as for a plain wrong password, so a slowed-down account is not
 * revealed as locked, and unknown names are slowed down exactly like real ones. Counts live in
 * PostgreSQL so that every gateway replica sees them.
 */
@ApplicationScoped
public class LoginSlowdown {

    private final Pool pool;
    private final AuthConfig.LoginSlowdown config;

    public LoginSlowdown(Pool pool, AuthConfig config) {
        this.pool = pool;
        this.config = config.loginSlowdown();
    }

    /** Completes when an attempt for {@code account} from {@code address} may be checked. */
    public Uni<Void> awaitTurn(String account, String address) {
        return pool.preparedQuery("SELECT failures, EXTRACT(EPOCH FROM now() - last_failure_at) * 1000 AS since_ms "
                + "FROM identity.login_failures WHERE account = $1 AND client_address = $2 "
                + "AND last_failure_at > now() - make_interval(secs => $3)")
                .execute(Tuple.of(account, address, seconds(config.window())))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().voidItem();
                    }
                    var row = rows.iterator().next();
                    long waitMs = delayAfter(row.getInteger("failures")).toMillis()
                            - row.getNumeric("since_ms").longValue();
                    if (waitMs <= 0) {
                        return Uni.createFrom().voidItem();
                    }
                    // A timer, not a sleeping thread: a slowed-down attacker costs no thread.
                    return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(waitMs));
                });
    }

    /** Counts a failed attempt; failures older than the window start the count afresh. */
    public Uni<Void> recordFailure(String account, String address) {
        return pool.preparedQuery("INSERT INTO identity.login_failures AS f "
                + "(account, client_address, failures, first_failure_at, last_failure_at) "
                + "VALUES ($1, $2, 1, now(), now()) ON CONFLICT (account, client_address) DO UPDATE SET "
                + "failures = CASE WHEN f.last_failure_at < now() - make_interval(secs => $3) THEN 1 ELSE f.failures + 1 END, "
                + "first_failure_at = CASE WHEN f.last_failure_at < now() - make_interval(secs => $3) "
                + "THEN now() ELSE f.first_failure_at END, last_failure_at = now()")
                .execute(Tuple.of(account, address, seconds(config.window())))
                .replaceWithVoid();
    }

    /** Forgets the failures of an account and address after a successful sign-in. */
    public Uni<Void> clear(String account, String address) {
        return pool.preparedQuery("DELETE FROM identity.login_failures WHERE account = $1 AND client_address = $2")
                .execute(Tuple.of(account, address)).replaceWithVoid();
    }

    Duration delayAfter(int failures) {
        int over = failures - config.freeFailures();
        if (over < 0) {
            return Duration.ZERO;
        }
        // Doubling from the first delay; the shift is bounded so it cannot overflow.
        Duration delay = config.firstDelay().multipliedBy(1L << Math.min(over, 20));
        return delay.compareTo(config.longestDelay()) > 0 ? config.longestDelay() : delay;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
