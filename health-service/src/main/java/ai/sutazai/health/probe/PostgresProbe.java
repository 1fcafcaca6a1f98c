package ai.sutazai.health.probe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;

/**
 * The {@code postgres} probe: {@code SELECT 1} (with the server's version) on a connection of its
 * own for each check, closed however the check ends. A pooled one that a partition left hanging
 * would be handed to every later check, and hold a server slot besides.
 */
final class PostgresProbe implements Probe {

    private static final String QUERY = "SELECT 1 AS ok, current_setting('server_version') AS version";

    private final Vertx vertx;
    private final PgConnectOptions options;

    PostgresProbe(Vertx vertx, ProbeTarget.Host target, Duration timeout) {
        this.vertx = vertx;
        int millis = (int) timeout.toMillis();
        // Silent for twice the probe's timeout (a server that accepted and stopped answering): the socket is
        // closed, so even a login that never ends leaves nothing open. Twice, so the check's own timeout
        // comes first and names the failure ("no answer within"), not a closed connection.
        int silentMillis = (int) timeout.multipliedBy(2).toMillis();
        this.options = new PgConnectOptions().setHost(target.host()).setPort(target.port())
                .setDatabase(target.database()).setUser(target.user())
                .setPassword(target.password() == null ? "" : target.password()).setConnectTimeout(millis)
                .setReconnectAttempts(0).setIdleTimeout(silentMillis).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .addProperty("application_name", "sutazai-health-probe");
    }

    @Override
    public Uni<ProbeOutcome> check() {
        return Uni.createFrom().deferred(() -> {
            Future<PgConnection> connecting = PgConnection.connect(vertx, options);
            return UniHelper.toUni(connecting)
                    .flatMap(connection -> UniHelper.toUni(connection.query(QUERY).execute()))
                    .map(rows -> ProbeOutcome.up(Map.of("version", rows.iterator().next().getString("version"))))
                    // Also when the check is given up on before the connection is made: closed once it is.
                    .onTermination().invoke(() -> connecting.onSuccess(PgConnection::close));
        }).onFailure().recoverWithItem(failure -> ProbeOutcome.down(Probe.describe(failure)));
    }

    @Override
    public void close() {
        // Nothing is held between checks.
    }
}
