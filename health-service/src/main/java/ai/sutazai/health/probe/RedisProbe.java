package ai.sutazai.health.probe;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.smallrye.mutiny.Uni;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;

/**
 * The {@code redis} probe: {@code PING}, then {@code ROLE} for whether the server is a master or a
 * replica, over a client of its own for each check, closed with its connection however the check
 * ends. A pooled connection that a partition left hanging would be handed to every later check.
 */
final class RedisProbe implements Probe {

    private final Vertx vertx;
    private final RedisOptions options;

    RedisProbe(Vertx vertx, ProbeTarget.Host target, Duration timeout) {
        this.vertx = vertx;
        // The login goes in the connection string: the client sends AUTH only for what it finds there.
        String login = login(target.user()) + (blank(target.password()) ? "" : ":" + encode(target.password()));
        String endpoint = "redis://" + (login.isEmpty() ? "" : login + "@") + target.host() + ":" + target.port();
        int millis = (int) timeout.toMillis();
        // Silent for twice the probe's timeout (a server that accepted and stopped answering): the socket is
        // closed; twice, so the check's own timeout comes first and names the failure. One connection a
        // client, which lives for one check: no pool to clean.
        int silentMillis = (int) timeout.multipliedBy(2).toMillis();
        this.options = new RedisOptions().setConnectionString(endpoint).setMaxPoolSize(1).setPoolCleanerInterval(-1)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(millis).setIdleTimeout(silentMillis)
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    }

    @Override
    public Uni<ProbeOutcome> check() {
        return Uni.createFrom().deferred(() -> {
            Redis client = Redis.createClient(vertx, options);
            return client.connect()
                    .flatMap(connection -> connection.send(Request.cmd(Command.PING))
                            .flatMap(pong -> connection.send(Request.cmd(Command.ROLE))
                                    .map(RedisProbe::role)
                                    // A server whose ACL forbids ROLE still answered PING: up, role unknown.
                                    .onFailure().recoverWithItem(Map.of())))
                    .map(ProbeOutcome::up)
                    .onTermination().invoke(client::close);
        }).onFailure().recoverWithItem(failure -> ProbeOutcome.down(Probe.describe(failure)));
    }

    private static String login(String user) {
        return blank(user) ? "" : encode(user);
    }

    private static boolean blank(String value) {
        return value == null || value.isEmpty();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, Object> role(Response role) {
        Map<String, Object> details = new HashMap<>();
        if (role != null && role.size() > 0) {
            details.put("role", role.get(0).toString());
        }
        return details;
    }

    @Override
    public void close() {
        // Nothing is held between checks.
    }
}
