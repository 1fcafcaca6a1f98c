package ai.sutazai.system;

import static ai.sutazai.system.DeployFiles.ROOT;
import static ai.sutazai.system.DeployFiles.SERVICES;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.sutazai.commons.testing.ServiceProcess;
import ai.sutazai.commons.testing.TcpForwarder;
import ai.sutazai.commons.testing.TestTokens;

/**
 * The monitoring matches the code, checked on the five packaged services running together (against
 * the database of -Dsystem.database, a stub Ollama and the sample MCP servers): every metric a rule
 * or a dashboard names is in some service's /q/metrics once each feature has been used once, and a
 * real Prometheus with the shipped rules fires ServiceInstanceDown when a service stops.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringSystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_WITHIN = Duration.ofSeconds(240);
    private static final String WEBHOOK_TOKEN = "monitoring-system-test-webhook-token";

    @TempDir
    static Path dir;
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    private static final Map<String, ServiceProcess> RUNNING = new LinkedHashMap<>();
    private static Process stubLlm;
    private static MonitoringProcess prometheus;

    @BeforeAll
    static void startTheSuite() throws Exception {
        SERVICES.forEach(service -> PORTS.put(service, TcpForwarder.freePort()));
        int llm = TcpForwarder.freePort();
        // deploy/bench's stub Ollama: lists tinyllama, streams three tokens per chat.
        stubLlm = new ProcessBuilder("node", ROOT.resolve("deploy/bench/chat/stub-llm.mjs").toString(),
                String.valueOf(llm), "3", "5", "tinyllama:latest").redirectErrorStream(true)
                .redirectOutput(dir.resolve("stub-llm.log").toFile()).start();
        Path probes = dir.resolve("probes.yaml");
        Files.writeString(probes, """
                probes:
                  - {name: postgres, type: postgres, host: 127.0.0.1, port: 5432, database: "${POSTGRES_DB}",
                     user: "${POSTGRES_USER}", password: "${POSTGRES_PASSWORD}", interval: PT2S, timeout: PT2S}
                  - {name: redis, type: redis, host: 127.0.0.1, port: 6379, interval: PT2S, timeout: PT2S}
                  - {name: agent-service, type: service, url: "http://127.0.0.1:%d", interval: PT2S, timeout: PT2S}
                """.formatted(PORTS.get("agent-service")));
        Files.createDirectories(dir.resolve("mcp/files"));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JWT_SECRET", TestTokens.secret());
        environment.put("POSTGRES_HOST", "127.0.0.1");
        environment.put("POSTGRES_PORT", "5432");
        environment.put("POSTGRES_DB", System.getProperty("system.database", "sutazai_test"));
        environment.put("POSTGRES_USER", "sutazai_test");
        environment.put("POSTGRES_PASSWORD", "sutazai_test");
        environment.put("REDIS_HOST", "127.0.0.1");
        environment.put("REDIS_PORT", "6379");
        environment.put("AGENT_SERVICE_ADDRESSES", "127.0.0.1:" + PORTS.get("agent-service"));
        environment.put("MEMORY_SERVICE_ADDRESSES", "127.0.0.1:" + PORTS.get("memory-service"));
        environment.put("HEALTH_SERVICE_ADDRESSES", "127.0.0.1:" + PORTS.get("health-service"));
        environment.put("MCP_BRIDGE_SERVICE_ADDRESSES", "127.0.0.1:" + PORTS.get("mcp-bridge-service"));
        environment.put("OLLAMA_BASE_URL", "http://127.0.0.1:" + llm);
        environment.put("MCP_SERVERS_FILE", ROOT.resolve("deploy/mcp/mcp-servers.json").toString());
        environment.put("MCP_DATA_DIR", dir.resolve("mcp").toString());
        environment.put("HEALTH_PROBES_FILE", probes.toString());
        environment.put("ALERTMANAGER_WEBHOOK_TOKEN", WEBHOOK_TOKEN);
        environment.put("PATH", ROOT.resolve("deploy/mcp/node_modules/.bin") + ":" + System.getenv("PATH"));
        environment.put("HOME", dir.toString());
        for (String service : SERVICES) {
            Map<String, String> own = new LinkedHashMap<>(environment);
            own.put("QUARKUS_HTTP_PORT", String.valueOf(PORTS.get(service)));
            Path workingDirectory = Files.createDirectories(dir.resolve(service));
            RUNNING.put(service, ServiceProcess.start(ROOT.resolve(service + "/target/quarkus-app/quarkus-run.jar"),
                    workingDirectory, own));
        }
        for (String service : SERVICES) {
            ServiceProcess process = RUNNING.get(service);
            await(service + " ready").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(500))
                    .until(() -> !process.isAlive() || ServiceProcess.status(PORTS.get(service), "/q/health/ready") == 200);
            assertTrue(process.isAlive(), service + " exited:\n" + process.output());
        }
        // Prometheus as deploy/prometheus/prometheus.yml scrapes the suite (job sutazai, a service label),
        // every second, evaluating the shipped rules every second.
        StringBuilder targets = new StringBuilder();
        PORTS.forEach((service, port) -> targets.append("""
                      - targets: ['127.0.0.1:%d']
                        labels: {service: %s}
                """.formatted(port, service)));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ['%s']
                scrape_configs:
                  - job_name: sutazai
                    metrics_path: /q/metrics
                    static_configs:
                %s""".formatted(MonitoringFiles.RULES, targets));
        prometheus = MonitoringProcess.prometheus(dir, config);
    }

    @AfterAll
    static void stopTheSuite() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        for (ServiceProcess process : RUNNING.values()) {
            process.close();
        }
        if (stubLlm != null) {
            stubLlm.destroy();
            stubLlm.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void everyMetricTheRulesAndDashboardsNameIsExported() throws Exception {
        useEachFeatureOnce();
        Map<String, Set<String>> used = MonitoringFiles.usedMetrics();
        await("every metric of the rules and dashboards in some service's /q/metrics").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    Set<String> exported = exported();
                    Map<String, Set<String>> missing = new TreeMap<>();
                    used.forEach((name, where) -> {
                        if (!exported.contains(name)) {
                            missing.put(name, where);
                        }
                    });
                    assertEquals(Map.of(), missing, "metrics named in deploy/prometheus/rules.yml or the Grafana dashboards"
                            + " that no running service exports (name = where it is used)");
                });
    }

    @Test
    @Order(2)
    void aRealPrometheusWithTheShippedRulesFiresWhenAServiceStops() throws Exception {
        String bridge = "mcp-bridge-service";
        await("Prometheus scraping " + bridge).atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertEquals("1", query("up{job=\"sutazai\",service=\"" + bridge + "\"}").path(0).path("value").path(1).asText()));
        assertEquals("absent", alertState(bridge), "nothing is down yet");

        RUNNING.get(bridge).close();

        // up == 0 at once, pending, then firing once its 1 minute "for" has passed.
        await("ServiceInstanceDown pending for " + bridge).atMost(Duration.ofSeconds(30)).until(() ->
                !alertState(bridge).equals("absent"));
        await("ServiceInstanceDown firing for " + bridge).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertEquals("firing", alertState(bridge)));
        JsonNode alert = alert(bridge);
        assertEquals("critical", alert.path("labels").path("severity").asText());
        assertEquals(bridge, alert.path("labels").path("component").asText());
        assertEquals("deploy/RUNBOOK.md#serviceinstancedown", alert.path("annotations").path("runbook").asText());
        assertEquals("127.0.0.1:" + PORTS.get(bridge) + " of " + bridge + " has not answered a scrape for 1 minute",
                alert.path("annotations").path("summary").asText());
    }

    // Metrics of a feature appear when it is first used: one request of each kind.
    private static void useEachFeatureOnce() throws Exception {
        String user = TestTokens.user();
        String admin = TestTokens.user("admin");
        for (String service : SERVICES) {
            assertEquals(401, call(service, "GET", "/api/v1/no-such-route", null, null).statusCode());
        }
        assertEquals(200, call("gateway-service", "GET", "/api/v1/agents", user, null).statusCode(),
                "the gateway forwards to agent-service");
        // The bundled personas are seeded once the migrations have run: on a new database, a moment after ready.
        await("a chat with aider answered").atMost(Duration.ofSeconds(60)).until(() -> call("agent-service", "POST",
                "/api/v1/chat", user, "{\"agentId\": \"aider\", \"message\": \"hello\"}").statusCode() == 200);
        HttpResponse<String> task = call("agent-service", "POST", "/api/v1/tasks", user,
                "{\"agentId\": \"aider\", \"input\": \"hello\"}");
        assertEquals(202, task.statusCode(), task.body());
        HttpResponse<String> memory = call("memory-service", "POST", "/api/v1/memory/memories", user,
                "{\"content\": \"The monitoring test was here\"}");
        assertEquals(201, memory.statusCode(), memory.body());
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            assertEquals(200, call("memory-service", "POST", "/api/v1/memory/search", user,
                    "{\"query\": \"monitoring\", \"mode\": \"" + mode + "\"}").statusCode());
        }
        await("the sample MCP server everything ready").atMost(Duration.ofSeconds(60)).until(() ->
                call("mcp-bridge-service", "GET", "/api/v1/mcp/servers/everything", admin, null).body().contains("\"ready\""));
        HttpResponse<String> tool = call("mcp-bridge-service", "POST", "/api/v1/mcp/servers/everything/tools/echo/call", user,
                "{\"message\": \"hello\"}");
        assertEquals(200, tool.statusCode(), tool.body());
        HttpResponse<String> notification = call("health-service", "POST", "/api/v1/alerts/webhook", WEBHOOK_TOKEN, """
                {"version": "4", "groupKey": "{}:{alertname=\\"MonitoringSystemTest\\"}", "status": "resolved",
                 "receiver": "sutazai-health", "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {},
                 "externalURL": "http://alertmanager:9093", "truncatedAlerts": 0,
                 "alerts": [{"status": "resolved", "labels": {"alertname": "MonitoringSystemTest"}, "annotations": {},
                             "startsAt": "2026-01-01T00:00:00Z", "endsAt": "2026-01-01T00:01:00Z",
                             "generatorURL": "http://prometheus:9090/graph", "fingerprint": "0123456789abcdef"}]}
                """);
        assertEquals(200, notification.statusCode(), notification.body());
    }

    // The sample names of every service's /q/metrics.
    private static Set<String> exported() {
        Set<String> names = new TreeSet<>();
        PORTS.forEach((service, port) -> {
            if (RUNNING.get(service).isAlive()) {
                ServiceProcess.body(port, "/q/metrics").lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                        .map(line -> line.split("[{ ]", 2)[0]).forEach(names::add);
            }
        });
        return names;
    }

    private static HttpResponse<String> call(String service, String method, String path, String token, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.get(service) + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return MonitoringProcess.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode query(String promql) throws IOException, InterruptedException {
        return JSON.readTree(prometheus.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .body()).path("data").path("result");
    }

    private static JsonNode alert(String service) throws IOException, InterruptedException {
        for (JsonNode alert : JSON.readTree(prometheus.get("/api/v1/alerts").body()).path("data").path("alerts")) {
            if ("ServiceInstanceDown".equals(alert.path("labels").path("alertname").asText())
                    && service.equals(alert.path("labels").path("service").asText())) {
                return alert;
            }
        }
        return JSON.nullNode();
    }

    private static String alertState(String service) throws IOException, InterruptedException {
        JsonNode alert = alert(service);
        return alert.isNull() ? "absent" : alert.path("state").asText();
    }
}
