package ai.sutazai.agent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

/**
 * Reads a server-sent event stream as a client sees it: each event with the moment it arrived, and
 * the stream left open, or given up at any point, as a client that goes away does.
 */
public final class SseClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One event: its id (null when it has none), name, data, and when it arrived ({@link System#nanoTime()}). */
    public record Event(String id, String name, String data, long arrivedAt) {

        /** The data as a JSON object. */
        public JsonObject json() {
            return new JsonObject(data);
        }
    }

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** POSTs {@code json} to {@code path} of the service under test with a bearer token. */
    public static SseClient post(String path, String token, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return send(request);
    }

    /** GETs an event stream from {@code path} of the service under test with a bearer token and more headers. */
    public static SseClient get(String path, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    private static SseClient send(HttpRequest request) {
        try {
            return new SseClient(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The answer's status. */
    public int status() {
        return response.statusCode();
    }

    /** A response header. */
    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The next event, or null at the end of the stream. Data-only events (OpenAI's) are named {@code message}. */
    public Event next() {
        try {
            String name = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        return new Event(id, name, data.toString(), System.nanoTime());
                    }
                    continue;
                }
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).strip());
                }
            }
            return data.length() > 0 ? new Event(id, name, data.toString(), System.nanoTime()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of {@code events} without the {@code token} events: a turn's steps in order. */
    public static List<String> steps(List<Event> events) {
        return events.stream().map(Event::name).filter(name -> !name.equals("token")).toList();
    }

    /** The text of a chat stream's {@code token} events, joined. */
    public static String text(List<Event> events) {
        return events.stream().filter(event -> event.name().equals("token"))
                .map(event -> event.json().getString("content")).reduce("", String::concat);
    }

    /** Every remaining event up to the end of the stream. */
    public List<Event> rest() {
        List<Event> events = new ArrayList<>();
        for (Event event = next(); event != null; event = next()) {
            events.add(event);
        }
        return events;
    }

    /** The whole body when the answer is not a stream (a problem, say). */
    public String body() {
        try {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Goes away mid-stream, as a client that closes its connection. */
    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // Closing is all that matters here.
        }
    }
}
