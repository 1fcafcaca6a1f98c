package ai.sutazai.health.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * The {@code service} probe: a suite service's {@code /q/health/ready}, read as SmallRye Health
 * writes it. Ready is up, ready with a check saying {@code degraded} (Redis, say) is degraded, and
 * not ready is down with the checks that are down named.
 */
final class ServiceProbe implements Probe {

    static final String READINESS_PATH = "/q/health/ready";

    private final HttpClient client;
    private final String url;
    private final Map<String, String> headers;
    private final Duration timeout;

    ServiceProbe(HttpClient client, ProbeTarget.Http target, Duration timeout) {
        this.client = client;
        this.url = target.steps().get(0).url();
        this.headers = target.headers();
        this.timeout = timeout;
    }

    @Override
    public Uni<ProbeOutcome> check() {
        return HttpCalls.exchange(client, url, "GET", headers, timeout)
                .map(this::evaluate)
                .onFailure().recoverWithItem(failure -> ProbeOutcome.down(
                        "GET " + ProbeTarget.withoutCredentials(url) + " failed: " + Probe.describe(failure)));
    }

    private ProbeOutcome evaluate(HttpCalls.Reply reply) {
        JsonObject health;
        try {
            health = new JsonObject(reply.body().getDelegate());
        } catch (RuntimeException notJson) {
            return ProbeOutcome.down("answered HTTP " + reply.status() + " without a health report");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> down = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        JsonArray checks = health.getJsonArray("checks", new JsonArray());
        for (Object item : checks) {
            if (!(item instanceof JsonObject check)) {
                continue;
            }
            String name = check.getString("name", "?");
            String status = check.getString("status", "?");
            details.put(name, status.toLowerCase(Locale.ROOT));
            JsonObject data = check.getJsonObject("data", new JsonObject());
            List<String> notes = new ArrayList<>();
            data.forEach(entry -> {
                String value = String.valueOf(entry.getValue());
                if (value.equals("down") || value.equals("pending") || value.equals("degraded")) {
                    notes.add(entry.getKey() + ": " + value);
                }
            });
            if (!"UP".equals(status)) {
                down.add(name + " " + status + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")"));
            } else if (!notes.isEmpty()) {
                degraded.add(name + " (" + String.join(", ", notes) + ")");
            }
        }
        boolean ready = reply.status() == 200 && "UP".equals(health.getString("status"));
        if (!ready) {
            return ProbeOutcome.down("not ready (HTTP " + reply.status() + ")"
                    + (down.isEmpty() ? "" : ": " + String.join("; ", down)), details);
        }
        return degraded.isEmpty() ? ProbeOutcome.up(details)
                : ProbeOutcome.degraded("ready, but degraded: " + String.join("; ", degraded), details);
    }

    @Override
    public void close() {
        // The HTTP client is shared and closed with the factory.
    }
}
