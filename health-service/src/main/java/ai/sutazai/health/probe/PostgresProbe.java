package ai.sutazai.health.probe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * The {@code postgres} probe: {@code SELECT 1} (with the server's version) on a pool of its own
 * holding one connection, so the probe never competes with the service's own database work.
 */
final class PostgresProbe implements Probe {

    private final Pool pool;

    PostgresProbe(Vertx vertx, ProbeTarget.Host target, Duration timeout, Duration interval) {
        PgConnectOptions connect = new PgConnectOptions().setHost(target.host()).setPort(target.port())
                .setDatabase(target.database()).setUser(target.user())
                .setPassword(target.password() == null ? "" : target.password()).setConnectTimeout((int) timeout.toMillis()).setReconnectAttempts(0)
                .addProperty("application_name", "sutazai-health-probe");
        // One connection, dropped when idle for two intervals: checks reuse it, and a probe that
        // stops (or a long interval) does not hold a server slot.
        PoolOptions pool = new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(1)
                .setIdleTimeout((int) Math.max(1, interval.multipliedBy(2).toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        this.pool = PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
    }

    @Override
    public Uni<ProbeOutcome> check() {
        return pool.query("SELECT 1 AS ok, current_setting('server_version') AS version").execute()
                .map(rows -> ProbeOutcome.up(Map.of("version", rows.iterator().next().getString("version"))))
                .onFailure().recoverWithItem(failure -> ProbeOutcome.down(Probe.describe(failure)));
    }

    @Override
    public void close() {
        pool.closeAndForget();
    }
}
