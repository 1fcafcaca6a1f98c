package ai.sutazai.system;

import static ai.sutazai.system.DeployFiles.list;
import static ai.sutazai.system.DeployFiles.map;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * deploy/alertmanager/alertmanager.yml: amtool accepts it, it hands alerts to health-service's
 * webhook with the token from .env, and a service that is down silences its own latency alerts.
 */
class AlertmanagerConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN_FILE = "/alertmanager/webhook-token";

    private final Map<String, Object> config = DeployFiles.yaml(MonitoringFiles.ALERTMANAGER);

    @Test
    void passesAmtool() {
        DeployFiles.Result result = DeployFiles.run("amtool", "check-config", MonitoringFiles.ALERTMANAGER.toString());
        assertEquals(0, result.exitCode(), "amtool (apt-get install prometheus-alertmanager; .ci/run installs it) refused "
                + "deploy/alertmanager/alertmanager.yml:\n" + result.output());
    }

    @Test
    void alertsGoToHealthServicesWebhookWithTheTokenHealthServiceChecks() {
        Map<String, Object> webhook = webhook(config);
        assertEquals("http://health-service:" + ComposeFileTest.containerPort("health-service") + "/api/v1/alerts/webhook",
                webhook.get("url"), "health-service's POST /api/v1/alerts/webhook at its container port");
        assertTrue(ComposeFile.read().expose("health-service").contains(ComposeFileTest.containerPort("health-service")));
        Map<String, Object> authorization = map(map(webhook.get("http_config")).get("authorization"));
        assertEquals("Bearer", authorization.get("type"));
        assertEquals(TOKEN_FILE, authorization.get("credentials_file"));
        assertEquals("${ALERTMANAGER_WEBHOOK_TOKEN:}", DeployFiles.settings("health-service").get("health.alerts.webhook-token"),
                "health-service checks the bearer against ALERTMANAGER_WEBHOOK_TOKEN");
        assertTrue(entrypoint().contains("> " + TOKEN_FILE), "the compose entrypoint must write the token file");
        assertEquals("${ALERTMANAGER_WEBHOOK_TOKEN:-}",
                ComposeFile.read().environment("alertmanager").get("ALERTMANAGER_WEBHOOK_TOKEN"), "from .env");
    }

    @Test
    void aCriticalAlertArrivesWithTheTokenAndADownServiceSilencesItsLatencyAlert(@TempDir Path dir) throws Exception {
        String token = "token-of-" + dir.getFileName();
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        webhook.createContext("/api/v1/alerts/webhook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Authorization") + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        // The shipped file with only the webhook's host and the token file's place changed; the token
        // file is written by the compose entrypoint's own command.
        Path tokenFile = dir.resolve("webhook-token");
        writeTokenFile(tokenFile, token);
        Map<String, Object> copy = DeployFiles.yaml(MonitoringFiles.ALERTMANAGER);
        Map<String, Object> hook = webhook(copy);
        hook.put("url", String.valueOf(hook.get("url")).replace("health-service:8080",
                "127.0.0.1:" + webhook.getAddress().getPort()));
        map(map(hook.get("http_config")).get("authorization")).put("credentials_file", tokenFile.toString());
        Path file = dir.resolve("alertmanager.yml");
        Files.writeString(file, new Yaml().dump(copy));
        try (MonitoringProcess alertmanager = MonitoringProcess.alertmanager(dir, file)) {
            String alerts = JSON.writeValueAsString(List.of(
                    alert("ServiceInstanceDown", "memory-service", "critical"),
                    alert("RouteLatencyHigh", "memory-service", "warning"),
                    alert("RouteLatencyHigh", "agent-service", "warning")));
            assertEquals(200, alertmanager.post("/api/v2/alerts", alerts).statusCode());

            await("memory-service's latency alert inhibited, agent-service's not").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> {
                        JsonNode listed = JSON.readTree(alertmanager.get("/api/v2/alerts").body());
                        assertEquals("suppressed", state(listed, "RouteLatencyHigh", "memory-service"));
                        assertEquals("active", state(listed, "RouteLatencyHigh", "agent-service"));
                        assertEquals("active", state(listed, "ServiceInstanceDown", "memory-service"));
                    });
            // Critical alerts wait 10 s for their group, then go out.
            await("the critical alert delivered to the webhook").atMost(Duration.ofSeconds(40))
                    .until(() -> received.stream().anyMatch(request -> request.contains("ServiceInstanceDown")));
            String delivered = received.stream().filter(request -> request.contains("ServiceInstanceDown")).findFirst()
                    .orElseThrow();
            assertEquals("Bearer " + token, delivered.lines().findFirst().orElseThrow(),
                    "Alertmanager must send the token of ALERTMANAGER_WEBHOOK_TOKEN, as health-service checks it");
            assertEquals("firing", JSON.readTree(delivered.substring(delivered.indexOf('\n') + 1)).path("status").asText());
        } finally {
            webhook.stop(0);
        }
    }

    private static Map<String, Object> webhook(Map<String, Object> config) {
        List<Object> receivers = list(config.get("receivers"));
        assertEquals(1, receivers.size(), "one receiver: health-service, which notifies onwards itself");
        return map(list(map(receivers.get(0)).get("webhook_configs")).get(0));
    }

    private static Map<String, Object> alert(String name, String service, String severity) {
        return Map.of("labels", Map.of("alertname", name, "service", service, "severity", severity),
                "annotations", Map.of("summary", name + " of " + service));
    }

    private static String state(JsonNode alerts, String name, String service) {
        for (JsonNode alert : alerts) {
            if (name.equals(alert.path("labels").path("alertname").asText())
                    && service.equals(alert.path("labels").path("service").asText())) {
                return alert.path("status").path("state").asText();
            }
        }
        return "absent";
    }

    private static String entrypoint() {
        return String.join(" ", list(ComposeFile.read().service("alertmanager").get("entrypoint")).stream()
                .map(String::valueOf).toList());
    }

    // Runs what the compose entrypoint runs before starting Alertmanager, writing to tokenFile.
    private static void writeTokenFile(Path tokenFile, String token) throws IOException, InterruptedException {
        List<Object> entrypoint = list(ComposeFile.read().service("alertmanager").get("entrypoint"));
        String script = String.valueOf(entrypoint.get(entrypoint.size() - 1));
        String writing = script.substring(0, script.indexOf(" && exec ")).replace("$$", "$")
                .replace(TOKEN_FILE, tokenFile.toString());
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", writing);
        builder.environment().put("ALERTMANAGER_WEBHOOK_TOKEN", token);
        Process process = builder.inheritIO().start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0, "the entrypoint's token step failed");
        assertEquals(token, Files.readString(tokenFile), "the token file holds the token alone, no newline");
    }
}
