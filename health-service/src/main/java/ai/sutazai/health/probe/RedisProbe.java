package ai.sutazai.health.probe;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;

/** The {@code redis} probe: {@code PING}, then {@code ROLE} for whether the server is a master or a replica. */
final class RedisProbe implements Probe {

    private final Redis client;

    RedisProbe(Vertx vertx, ProbeTarget.Host target, Duration timeout) {
        // The login goes in the connection string: the client sends AUTH only for what it finds there.
        String login = login(target.user()) + (blank(target.password()) ? "" : ":" + encode(target.password()));
        String endpoint = "redis://" + (login.isEmpty() ? "" : login + "@") + target.host() + ":" + target.port();
        RedisOptions options = new RedisOptions().setConnectionString(endpoint).setMaxPoolSize(1)
                .setMaxPoolWaiting(4).setMaxWaitingHandlers(16)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout((int) timeout.toMillis()));
        this.client = Redis.createClient(vertx, options);
    }

    @Override
    public Uni<ProbeOutcome> check() {
        return client.send(Request.cmd(Command.PING))
                .flatMap(pong -> client.send(Request.cmd(Command.ROLE))
                        .map(RedisProbe::role)
                        // A server whose ACL forbids ROLE still answered PING: up, role unknown.
                        .onFailure().recoverWithItem(Map.of()))
                .map(ProbeOutcome::up)
                .onFailure().recoverWithItem(failure -> ProbeOutcome.down(Probe.describe(failure)));
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
        client.close();
    }
}
