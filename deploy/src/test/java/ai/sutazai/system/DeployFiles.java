package ai.sutazai.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.yaml.snakeyaml.Yaml;

/** The repository's files as the deploy checks read them, and the commands they run on them. */
final class DeployFiles {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The five services: module, compose service, Consul and application name alike. */
    static final List<String> SERVICES = List.of("gateway-service", "agent-service", "memory-service",
            "health-service", "mcp-bridge-service");

    private DeployFiles() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML file as maps and lists (anchors and merge keys resolved, as compose resolves them). */
    static Map<String, Object> yaml(Path file) {
        return new Yaml().load(read(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    /**
     * A service's settings as it reads them outside any profile: service-commons' shared defaults,
     * overridden by its own application.properties.
     */
    static Map<String, String> settings(String service) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Path file : List.of(ROOT.resolve("service-commons/src/main/resources/META-INF/microprofile-config.properties"),
                ROOT.resolve(service + "/src/main/resources/application.properties"))) {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(read(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            properties.stringPropertyNames().stream().filter(key -> !key.startsWith("%"))
                    .forEach(key -> settings.put(key, properties.getProperty(key)));
        }
        return settings;
    }

    /** The variables of {@code .env} as deploy/local/run.sh writes it on first run, written into {@code dir}. */
    static Map<String, String> generatedEnv(Path dir) {
        Path env = dir.resolve(".env");
        Result result = run("bash", "-c", ". deploy/local/lib/infra.sh && . deploy/local/lib/env.sh"
                + " && write_env .env.example '" + env + "'");
        assertTrue(result.exitCode() == 0, "writing .env failed: " + result.output());
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : read(env).split("\n")) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                variables.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return variables;
    }

    /** What a command printed (stdout and stderr together) and how it ended; run from the repository root. */
    record Result(int exitCode, String output) {
    }

    static Result run(String... command) {
        try {
            Path output = Files.createTempFile("deploy-check", ".log");
            try {
                Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Result(-1, "timed out after 120 s: " + String.join(" ", command));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Result(-1, "cannot run " + command[0] + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
