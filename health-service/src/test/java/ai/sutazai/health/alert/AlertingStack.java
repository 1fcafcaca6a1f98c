package ai.sutazai.health.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

import com.sun.net.httpserver.HttpServer;

/**
 * A real Prometheus and Alertmanager (the Debian packages' binaries) on spare loopback ports, in
 * a temporary directory: Prometheus scrapes a metric the test sets every second and fires
 * {@link #ALERT} while it is above 0; Alertmanager sends it, and its resolution, to a webhook.
 */
final class AlertingStack implements AutoCloseable {

    static final String ALERT = "TestAlertMetricHigh";
    private static final Duration START_WITHIN = Duration.ofSeconds(60);

    private final Path directory;
    private final HttpServer metric;
    private final AtomicInteger value = new AtomicInteger();
    private final List<Process> processes = new ArrayList<>();

    /**
     * Starts the stack; the alert carries {@code labels} (YAML flow mapping entries) and goes to
     * {@code webhook} with {@code token} as its bearer.
     */
    AlertingStack(String webhook, String token, String labels) throws IOException {
        directory = Files.createTempDirectory("health-alerting");
        metric = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        metric.createContext("/metrics", exchange -> {
            byte[] body = ("# TYPE test_alert_metric gauge\ntest_alert_metric " + value.get() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        metric.start();
        try {
            int alertmanager = sparePort();
            int prometheus = sparePort();
            Files.writeString(directory.resolve("alertmanager.yml"), """
                    global:
                      resolve_timeout: 5s
                    route:
                      receiver: health-service
                      group_by: [alertname]
                      group_wait: 1s
                      group_interval: 1s
                      repeat_interval: 1h
                    receivers:
                      - name: health-service
                        webhook_configs:
                          - url: %s
                            send_resolved: true
                            http_config:
                              authorization:
                                type: Bearer
                                credentials: %s
                    """.formatted(webhook, token));
            Files.writeString(directory.resolve("rules.yml"), """
                    groups:
                      - name: test
                        rules:
                          - alert: %s
                            expr: test_alert_metric > 0
                            for: 0s
                            labels: {%s}
                            annotations: {summary: "test_alert_metric is above 0"}
                    """.formatted(ALERT, labels));
            Files.writeString(directory.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files: [rules.yml]
                    alerting:
                      alertmanagers:
                        - static_configs:
                            - targets: ['127.0.0.1:%d']
                    scrape_configs:
                      - job_name: alert-test
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(alertmanager, metric.getAddress().getPort()));
            start("alertmanager", List.of(binary("prometheus-alertmanager"),
                    "--config.file=" + directory.resolve("alertmanager.yml"),
                    "--storage.path=" + directory.resolve("alertmanager-data"),
                    "--web.listen-address=127.0.0.1:" + alertmanager,
                    // No gossip port: a single Alertmanager, not a cluster.
                    "--cluster.listen-address="), alertmanager);
            start("prometheus", List.of(binary("prometheus"), "--config.file=" + directory.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + directory.resolve("prometheus-data"),
                    "--web.listen-address=127.0.0.1:" + prometheus,
                    // Firing alerts are re-sent to Alertmanager every minute by default.
                    "--rules.alert.resend-delay=1s"), prometheus);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Sets the metric the alert rule watches. */
    void metric(int newValue) {
        value.set(newValue);
    }

    private void start(String name, List<String> command, int port) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(directory.resolve(name + ".log").toFile()).start();
        processes.add(process);
        Awaitility.await(name + " ready on port " + port).atMost(START_WITHIN).ignoreExceptions()
                .until(() -> !process.isAlive() || ready(port));
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited: " + Files.readString(directory.resolve(name + ".log")));
        }
    }

    private static boolean ready(int port) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/-/ready").toURL()
                .openConnection();
        try {
            return connection.getResponseCode() == 200;
        } finally {
            connection.disconnect();
        }
    }

    private static String binary(String name) {
        return Stream.of(System.getenv("PATH").split(":")).map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(name + " is not installed: run .ci/run, or "
                        + "apt-get install prometheus prometheus-alertmanager"));
    }

    private static int sparePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        metric.stop(0);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
