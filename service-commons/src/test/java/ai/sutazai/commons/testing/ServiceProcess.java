package ai.sutazai.commons.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service started as an operator starts it: {@code java -jar quarkus-run.jar} from a
 * chosen working directory with exactly the environment given, nothing inherited.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path output;

    private ServiceProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts the jar of the module under test, in {@code workingDirectory}, with only {@code environment}. */
    public static ServiceProcess start(Path workingDirectory, Map<String, String> environment) {
        return start(Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath(), workingDirectory, environment);
    }

    /** Starts the given {@code quarkus-run.jar} (another module's, for system tests) the same way. */
    public static ServiceProcess start(Path jar, Path workingDirectory, Map<String, String> environment) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = workingDirectory.resolve("service-output.log");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-jar", jar.toString())
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new ServiceProcess(builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to exit on its own and returns its exit status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Everything the process printed so far, stdout and stderr together. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP status of a GET on the running service, or -1 while nothing answers. */
    public static int status(int port, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The body of a GET on the running service, or an empty string while nothing answers. */
    public static String body(int port, String path) {
        return body(port, path, null);
    }

    /** The body of a GET with a bearer token (none when null), or an empty string while nothing answers. */
    public static String body(int port, String path, String bearerToken) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3)).GET();
            if (bearerToken != null) {
                builder.header("Authorization", "Bearer " + bearerToken);
            }
            HttpRequest request = builder.build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Stops the service the way an orchestrator does: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The processes the service has started and that still run. */
    public List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }
}
