package ai.sutazai.health.probe;

import java.time.Duration;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * The {@code consul} probe: Consul answers {@code GET /v1/status/leader} with the Raft leader's
 * address as a JSON string, or an empty string while no leader is elected.
 */
final class ConsulProbe implements Probe {

    private final HttpClient client;
    private final String url;
    private final Duration timeout;

    ConsulProbe(HttpClient client, ProbeTarget.Host target, Duration timeout) {
        this.client = client;
        // developer.hashicorp.com/consul/api-docs/status: "Get Raft Leader", GET /v1/status/leader.
        this.url = "http://" + target.host() + ":" + target.port() + "/v1/status/leader";
        this.timeout = timeout;
    }

    @Override
    public Uni<ProbeOutcome> check() {
        return HttpCalls.exchange(client, url, "GET", Map.of(), timeout).map(reply -> {
            if (reply.status() != 200) {
                return ProbeOutcome.down("GET " + url + " answered " + reply.status() + ", expected 200");
            }
            Object leader;
            try {
                leader = Json.decodeValue(reply.body().getDelegate());
            } catch (RuntimeException notJson) {
                return ProbeOutcome.down("GET " + url + " did not answer a JSON string");
            }
            if (!(leader instanceof String address) || address.isBlank()) {
                return ProbeOutcome.down("no leader is elected (GET /v1/status/leader answered \"\")");
            }
            return ProbeOutcome.up(Map.of("leader", address));
        }).onFailure().recoverWithItem(failure -> ProbeOutcome.down("GET " + url + " failed: " + Probe.describe(failure)));
    }

    @Override
    public void close() {
        // The HTTP client is shared and closed with the factory.
    }
}
