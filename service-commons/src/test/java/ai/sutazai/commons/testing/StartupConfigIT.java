package ai.sutazai.commons.testing;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged service refuses bad configuration with one message and a non-zero exit, before
 * Quarkus says anything of its own; and with good configuration it starts even when its
 * dependencies are down. Runs the jar from a folder without the developer's {@code .env}.
 */
public abstract class StartupConfigIT {

    private static final int EX_CONFIG = 78;
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);
    private static final String GOOD_SECRET = "d2b7c9e4f1a8063b5c7e9d2f4a6b8c0e1f3a5c7e";

    @TempDir
    protected Path workingDirectory;

    /** The service's name as it introduces itself. */
    protected abstract String serviceName();

    /** Whether the service owns a schema (and so needs the PostgreSQL settings). */
    protected abstract boolean usesDatabase();

    @Test
    void refusesToStartWithoutSettingsAndNamesEachMissingOne() throws Exception {
        String output = refusedStart(Map.of());
        int expected = usesDatabase() ? 2 : 1;
        assertThat(output, startsWith(serviceName() + " cannot start: " + expected + " configuration problem"));
        assertThat(output, containsString("JWT_SECRET is not set"));
        assertThat(output, containsString("openssl rand -base64 48"));
        if (usesDatabase()) {
            assertThat(output, containsString("POSTGRES_PASSWORD is not set"));
        }
    }

    @Test
    void refusesAShortSecretAndSaysHowToMakeOne() throws Exception {
        String output = refusedStart(withValidSettings(Map.of("JWT_SECRET", "short-secret")));
        assertThat(output, containsString(
                "JWT_SECRET is 12 bytes; it must be at least 32 bytes - generate one with: openssl rand -base64 48"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "changeme", "change-me-in-production", "your-secret-key-here", "secret",
            "please-change-me-before-going-to-production-42" })
    void refusesPlaceholderSecrets(String placeholder) throws Exception {
        String output = refusedStart(withValidSettings(Map.of("JWT_SECRET", placeholder)));
        assertThat(output, containsString("JWT_SECRET is the placeholder \"" + placeholder + "\""));
    }

    @Test
    void listsEveryMalformedValueInOneMessage() throws Exception {
        Map<String, String> bad = new HashMap<>(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317",
                "SHUTDOWN_TIMEOUT", "ten seconds",
                "CONSUL_ENABLED", "yes",
                "CONSUL_PORT", "eighty-five"));
        if (usesDatabase()) {
            bad.put("POSTGRES_PORT", "five-four-three-two");
            bad.put("REDIS_PORT", "70000");
        }
        String output = refusedStart(withValidSettings(bad));
        assertThat(output, startsWith(serviceName() + " cannot start: " + bad.size() + " configuration problems"));
        assertThat(output, containsString("OTEL_EXPORTER_OTLP_ENDPOINT is \"collector:4317\"; it must be an absolute"));
        assertThat(output, containsString("SHUTDOWN_TIMEOUT is \"ten seconds\"; it must be a duration"));
        assertThat(output, containsString("CONSUL_ENABLED is \"yes\"; it must be true or false"));
        assertThat(output, containsString("CONSUL_PORT is \"eighty-five\"; it must be a port number"));
        if (usesDatabase()) {
            assertThat(output, containsString("POSTGRES_PORT is \"five-four-three-two\"; it must be a port number"));
            assertThat(output, containsString("REDIS_PORT is \"70000\"; it must be a port number"));
        }
    }

    @Test
    void refusesConsulWithoutAnAddressOthersCanReach() throws Exception {
        String output = refusedStart(withValidSettings(Map.of("CONSUL_ENABLED", "true")));
        assertThat(output, containsString("SERVICE_ADVERTISED_HOST is not set - with CONSUL_ENABLED=true"));
    }

    @Test
    void startsFromDotEnvEvenWithItsDependenciesDown() throws Exception {
        int port = TcpForwarder.freePort();
        StringBuilder dotEnv = new StringBuilder();
        withValidSettings(Map.of()).forEach((name, value) -> dotEnv.append(name).append('=').append(value).append('\n'));
        Files.writeString(workingDirectory.resolve(".env"), dotEnv);
        try (ServiceProcess service = ServiceProcess.start(workingDirectory, Map.of("QUARKUS_HTTP_PORT", "" + port))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ServiceProcess.status(port, "/q/health/live") == 200 || !service.isAlive());
            assertThat(service.output(), ServiceProcess.status(port, "/q/health/live"), is(200));
            assertThat(ServiceProcess.status(port, "/q/health/ready"), is(usesDatabase() ? 503 : 200));
            // The packaged (prod) jar documents itself too.
            assertThat(ServiceProcess.status(port, "/q/swagger-ui/"), is(200));
            assertThat(ServiceProcess.status(port, "/q/openapi"), is(200));
            assertThat(service.output(), not(containsString("cannot start")));
        }
    }

    /** Starts the jar, expects it to refuse its settings, and returns what it said. */
    protected String refusedStart(Map<String, String> environment) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(workingDirectory, environment)) {
            int exit = service.awaitExit(EXIT_WITHIN);
            String output = service.output();
            assertThat(output, exit, is(EX_CONFIG));
            // One message, ours: Quarkus never got far enough to print a banner or a stack trace.
            assertThat(output, output.split("cannot start", -1).length - 1, is(1));
            assertThat(output, not(containsString("Exception")));
            assertThat(output, not(containsString("__  ____  __")));
            return output;
        }
    }

    // Settings that pass the check, pointing at ports where nothing listens.
    protected Map<String, String> withValidSettings(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("JWT_SECRET", GOOD_SECRET);
        if (usesDatabase()) {
            settings.put("POSTGRES_PASSWORD", "not-used-nothing-listens");
            settings.put("POSTGRES_PORT", "" + TcpForwarder.freePort());
            settings.put("REDIS_PORT", "" + TcpForwarder.freePort());
        }
        settings.putAll(overrides);
        return settings;
    }
}
