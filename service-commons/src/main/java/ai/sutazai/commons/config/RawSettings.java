package ai.sutazai.commons.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The raw settings a service is started with, read from the places Quarkus reads them and with
 * the same precedence: system properties, then environment variables, then {@code .env} in the
 * working directory.
 */
public final class RawSettings {

    private final Map<String, String> values;
    private final Path dotEnv;

    private RawSettings(Map<String, String> values, Path dotEnv) {
        this.values = values;
        this.dotEnv = dotEnv;
    }

    /** Reads the settings of this process, with {@code .env} taken from the working directory. */
    public static RawSettings ofProcess() {
        Path dotEnv = Path.of("").toAbsolutePath().resolve(".env");
        Map<String, String> merged = new HashMap<>(readDotEnv(dotEnv));
        merged.putAll(System.getenv());
        System.getProperties().forEach((key, value) -> merged.put(key.toString(), value.toString()));
        return new RawSettings(merged, dotEnv);
    }

    /** Settings given as a map, for tests. */
    public static RawSettings of(Map<String, String> values) {
        return new RawSettings(Map.copyOf(values), null);
    }

    /** The value of a variable; blank counts as unset, as it does for Quarkus. */
    public Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The {@code .env} file that was looked for, for messages. */
    public Optional<Path> dotEnvFile() {
        return Optional.ofNullable(dotEnv);
    }

    // Quarkus reads .env as a properties file, so the same parser gives the same values.
    private static Map<String, String> readDotEnv(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new HashMap<>();
        properties.forEach((key, value) -> values.put(key.toString(), value.toString()));
        return values;
    }

}
