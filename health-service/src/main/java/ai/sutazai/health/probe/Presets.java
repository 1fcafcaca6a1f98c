package ai.sutazai.health.probe;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * One line per component of the old platform's stack: a preset is an HTTP probe whose requests
 * and expectations come from the product's own documentation (cited at each entry), pointed at
 * {@code url} or the product's default address.
 */
final class Presets {

    /** A preset: the product's default base URL, and the requests made against a base URL. */
    record Preset(String defaultUrl, BiFunction<String, String, List<ProbeTarget.HttpStep>> steps) {
    }

    static final String DEFAULT_OLLAMA_MODEL = "tinyllama";

    private static final Map<String, Preset> PRESETS = new TreeMap<>(Map.of(
            // docs.ollama.com/api-reference/get-version: GET /api/version -> {"version": "0.12.6"};
            // docs.ollama.com/api (list local models): GET /api/tags -> {"models": [{"name": "tinyllama:latest", ...}]}.
            "ollama", new Preset("http://localhost:11434", (url, model) -> List.of(
                    get(url + "/api/version", "version", null),
                    get(url + "/api/tags", "models[].name", model.contains(":") ? model : model + ":latest"))),
            // prometheus.io/docs/prometheus/latest/management_api: GET /-/ready is 200 once it serves queries.
            "prometheus", new Preset("http://localhost:9090", (url, model) -> List.of(get(url + "/-/ready", null, null))),
            // prometheus.io/docs/alerting/latest/management_api: Alertmanager's GET /-/ready, 200 when ready.
            "alertmanager", new Preset("http://localhost:9093",
                    (url, model) -> List.of(get(url + "/-/ready", null, null))),
            // grafana.com/docs/grafana/latest/developers/http_api/other (Health API): GET /api/health ->
            // {"commit": ..., "database": "ok", "version": ...}.
            "grafana", new Preset("http://localhost:3000",
                    (url, model) -> List.of(get(url + "/api/health", "database", "ok"))),
            // api.qdrant.tech/api-reference/service/readyz: GET /readyz, "all shards are ready".
            "qdrant", new Preset("http://localhost:6333", (url, model) -> List.of(get(url + "/readyz", null, null))),
            // docs.trychroma.com/reference/chroma-api/system/heartbeat: GET /api/v2/heartbeat ->
            // {"nanosecond heartbeat": ...}. Chroma 1.x answers /api/v1/* with 410 Gone, so v1 is not used.
            "chromadb", new Preset("http://localhost:8000",
                    (url, model) -> List.of(get(url + "/api/v2/heartbeat", "nanosecond heartbeat", null))),
            // neo4j.com/docs/query-api/current/endpoints (Discovery API): an unauthenticated GET / on the
            // HTTP port 7474 answers the server's neo4j_version.
            "neo4j", new Preset("http://localhost:7474", (url, model) -> List.of(get(url + "/", "neo4j_version", null))),
            // Kong Admin API, GET /status (node status, "database": {"reachable": true}), on the admin port
            // 8001 the old stack used; Kong 3.3+ also offers /status/ready on status_listen
            // (developer.konghq.com/gateway/traffic-control/health-check-probes).
            "kong", new Preset("http://localhost:8001",
                    (url, model) -> List.of(get(url + "/status", "database.reachable", "true"))),
            // jaegertracing.io/docs/1.x/deployment: each Jaeger v1 component serves its health check at /
            // on its admin port (14269 for the collector and all-in-one), 200 when available.
            "jaeger", new Preset("http://localhost:14269", (url, model) -> List.of(get(url + "/", null, null))),
            // grafana.com/docs/loki/latest/reference/loki-http-api: GET /ready, 200 "ready" once it accepts traffic.
            "loki", new Preset("http://localhost:3100", (url, model) -> List.of(get(url + "/ready", null, null)))));

    private Presets() {
    }

    /** The preset of that name. */
    static Optional<Preset> named(String name) {
        return Optional.ofNullable(PRESETS.get(name));
    }

    /** Every preset's name, for error messages. */
    static String names() {
        return String.join(", ", PRESETS.keySet());
    }

    private static ProbeTarget.HttpStep get(String url, String jsonField, String jsonValue) {
        return new ProbeTarget.HttpStep(url, "GET", List.of(200), jsonField, jsonValue);
    }
}
