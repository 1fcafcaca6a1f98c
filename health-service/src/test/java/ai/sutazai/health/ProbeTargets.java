package ai.sutazai.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import ai.sutazai.commons.testing.TcpForwarder;

/**
 * The real things the tests probe, besides the local PostgreSQL, Redis and RabbitMQ: a tiny HTTP
 * server (answers the tests can switch, and {@link StreamedAnswers}), a socket that accepts and
 * never answers, a closed port and a TLS server with a self-signed certificate valid for ten days. Writes the probes file the
 * service under test starts with ({@link #BASE_PROBES}), and can rewrite it for reload tests.
 */
public class ProbeTargets implements QuarkusTestResourceLifecycleManager {

    /** The heartbeat probe's token in the base file. */
    public static final String HEARTBEAT_TOKEN = "beat-token-0123456789abcdef";

    private HttpServer http;
    private HttpsServer https;
    private ServerSocket blackhole;
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean switchUp = new AtomicBoolean(true);
    private final AtomicBoolean consulHasLeader = new AtomicBoolean(true);
    private final AtomicInteger flaps = new AtomicInteger();
    private final AtomicReference<String> readiness = new AtomicReference<>("ready");
    private final StreamedAnswers streamed = new StreamedAnswers();
    private Path directory;
    private Path probesFile;
    private int closedPort;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("health-probes");
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            http.setExecutor(Executors.newCachedThreadPool());
            http.createContext("/ok", exchange -> answer(exchange, 200, "{\"status\":\"ok\",\"version\":\"1.2.3\","
                    + "\"database\":\"ok\",\"models\":[{\"name\":\"tinyllama:latest\"}]}"));
            http.createContext("/fail", exchange -> answer(exchange, 503, "{\"status\":\"failing\"}"));
            http.createContext("/slow", exchange -> {
                pause(400);
                answer(exchange, 200, "{}");
            });
            http.createContext("/flap", exchange -> answer(exchange, flaps.getAndIncrement() % 2 == 0 ? 200 : 500,
                    "{}"));
            http.createContext("/switch", exchange -> answer(exchange, switchUp.get() ? 200 : 503, "{}"));
            http.createContext("/v1/status/leader", exchange -> answer(exchange, 200,
                    consulHasLeader.get() ? "\"127.0.0.1:8300\"" : "\"\""));
            http.createContext("/q/health/ready", exchange -> answer(exchange,
                    readiness.get().equals("not-ready") ? 503 : 200, readinessBody()));
            streamed.register(http);
            http.start();
            https = tlsServer();
            blackhole = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::holdConnections, "blackhole-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            closedPort = TcpForwarder.freePort();
            probesFile = directory.resolve("probes.yaml");
            writeProbes(baseProbes());
            forgetEarlierRuns();
            return Map.of("health.probes-file", probesFile.toString());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the probe targets", e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, (Field field) -> field.getType() == ProbeTargets.class);
    }

    @Override
    public void stop() {
        http.stop(0);
        https.stop(0);
        held.forEach(ProbeTargets::closeQuietly);
        closeQuietly(blackhole);
    }

    /** The tiny HTTP server's base URL. */
    public String httpUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** The HTTP server's port. */
    public int httpPort() {
        return http.getAddress().getPort();
    }

    /** The self-signed TLS server's base URL. */
    public String httpsUrl() {
        return "https://127.0.0.1:" + https.getAddress().getPort();
    }

    /** A port that accepts connections and never answers a byte. */
    public int blackholePort() {
        return blackhole.getLocalPort();
    }

    /** Clients that hung up on {@code /huge} or {@code /trickle} before their end. */
    public int hangUps() {
        return streamed.hangUps();
    }

    /** A port nothing listens on. */
    public int closedPort() {
        return closedPort;
    }

    /** Makes {@code /switch} answer 200 (up) or 503. */
    public void switchUp(boolean up) {
        switchUp.set(up);
    }

    /** Makes the Consul double answer a leader or none. */
    public void consulHasLeader(boolean leader) {
        consulHasLeader.set(leader);
    }

    /** What {@code /q/health/ready} says: {@code ready}, {@code degraded} (Redis) or {@code not-ready}. */
    public void readiness(String state) {
        readiness.set(state);
    }

    /** The probes file the service reads. */
    public Path probesFile() {
        return probesFile;
    }

    /** Replaces the probes file's text. */
    public void writeProbes(String yaml) {
        try {
            Files.writeString(probesFile, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts the base probes back. */
    public void restoreBaseProbes() {
        writeProbes(baseProbes());
    }

    /** The probes the service starts with. */
    public String baseProbes() {
        return """
                probes:
                  - name: web
                    type: http
                    url: %1$s/ok
                    jsonField: version
                    interval: PT0.5S
                    timeout: PT0.4S
                  - name: fast
                    type: tcp
                    host: 127.0.0.1
                    port: %2$d
                    interval: PT0.2S
                    timeout: PT0.15S
                  - name: blackhole
                    type: http
                    url: http://127.0.0.1:%3$d/
                    interval: PT3S
                    timeout: PT2S
                  - name: closed
                    type: tcp
                    host: 127.0.0.1
                    port: %4$d
                    interval: PT1S
                    timeout: PT0.5S
                    failureThreshold: 1
                  - name: flapping
                    type: http
                    url: %1$s/flap
                    interval: PT0.2S
                    timeout: PT0.15S
                    failureThreshold: 2
                    recoveryThreshold: 2
                  - name: switch
                    type: http
                    url: %1$s/switch
                    interval: PT0.3S
                    timeout: PT0.2S
                    failureThreshold: 1
                    recoveryThreshold: 1
                  - name: app
                    type: http
                    url: %1$s/ok
                    interval: PT0.3S
                    timeout: PT0.2S
                    dependsOn: [switch]
                  - name: database
                    type: postgres
                    host: 127.0.0.1
                    port: 5432
                    database: sutazai_test
                    user: sutazai_test
                    password: ${POSTGRES_PASSWORD}
                    interval: PT1S
                    timeout: PT1S
                    critical: true
                  - name: beat
                    type: heartbeat
                    token: %5$s
                    interval: PT1S
                    timeout: PT0.5S
                """.formatted(httpUrl(), httpPort(), blackholePort(), closedPort, HEARTBEAT_TOKEN);
    }

    // The base probes' rows of an earlier run would blur what this run stores.
    private static void forgetEarlierRuns() {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + System.getenv("POSTGRES_DB"),
                "sutazai_test", System.getenv("POSTGRES_PASSWORD"))) {
            for (String table : List.of("results", "incidents")) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM health." + table
                        + " WHERE probe = ANY(?)")) {
                    delete.setArray(1, connection.createArrayOf("text", baseNames().toArray()));
                    delete.executeUpdate();
                }
            }
        } catch (SQLException e) {
            // No schema yet (a first run): nothing to forget.
        }
    }

    private String readinessBody() {
        boolean ready = !readiness.get().equals("not-ready");
        String redis = readiness.get().equals("degraded") ? "degraded" : "up";
        return "{\"status\":\"" + (ready ? "UP" : "DOWN") + "\",\"checks\":[{\"name\":\"database\",\"status\":\""
                + (ready ? "UP" : "DOWN") + "\",\"data\":{\"postgres\":\"" + (ready ? "up" : "down") + "\"}},"
                + "{\"name\":\"redis\",\"status\":\"UP\",\"data\":{\"redis\":\"" + redis + "\"}}]}";
    }

    private HttpsServer tlsServer() throws Exception {
        Path keystore = directory.resolve("tls.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "probe", "-keyalg", "RSA", "-keysize", "2048", "-validity", "10",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "test-pass", "-keypass", "test-pass")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "test-pass".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "test-pass".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> answer(exchange, 200, "{\"status\":\"ok\"}"));
        server.start();
        return server;
    }

    private void holdConnections() {
        while (!blackhole.isClosed()) {
            try {
                held.add(blackhole.accept());
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // The double's own slowness, on its own thread: a server that takes its time to answer.
    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }

    /** The names of the base probes, in file order. */
    public static List<String> baseNames() {
        return List.of("web", "fast", "blackhole", "closed", "flapping", "switch", "app", "database", "beat");
    }
}
