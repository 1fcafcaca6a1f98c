package ai.sutazai.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

import ai.sutazai.commons.testing.TcpForwarder;

/**
 * Debian's Prometheus or Alertmanager on a spare loopback port, in a directory of the test's, ready
 * once its /-/ready answers 200; stopped on close.
 */
final class MonitoringProcess implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration START_WITHIN = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final int port;

    private MonitoringProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Prometheus with {@code config}, its data in {@code directory}. */
    static MonitoringProcess prometheus(Path directory, Path config) {
        int port = TcpForwarder.freePort();
        return start(directory, "prometheus", port, List.of(binary("prometheus"), "--config.file=" + config,
                "--storage.tsdb.path=" + directory.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + port));
    }

    /** Alertmanager with {@code config}, alone (no cluster gossip), its data in {@code directory}. */
    static MonitoringProcess alertmanager(Path directory, Path config) {
        int port = TcpForwarder.freePort();
        return start(directory, "alertmanager", port, List.of(binary("prometheus-alertmanager"),
                "--config.file=" + config, "--storage.path=" + directory.resolve("alertmanager-data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address="));
    }

    private static MonitoringProcess start(Path directory, String name, int port, List<String> command) {
        Path log = directory.resolve(name + ".log");
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MonitoringProcess started = new MonitoringProcess(process, log, port);
            Awaitility.await(name + " ready on port " + port).atMost(START_WITHIN).ignoreExceptions()
                    .until(() -> !process.isAlive() || started.get("/-/ready").statusCode() == 200);
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + started.log());
            }
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String binary(String name) {
        return Stream.of(System.getenv("PATH").split(":")).map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(name + " is not installed: run .ci/run, or "
                        + "apt-get install prometheus prometheus-alertmanager"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
