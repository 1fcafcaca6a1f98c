package ai.sutazai.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A model backend for tests, on its own Vert.x: Ollama's {@code /api/chat}, {@code /api/tags},
 * {@code /api/ps}, an OpenAI-compatible {@code /v1}, and an old-contract agent under
 * {@code /legacy}. Chat answers replay recorded streams (src/test/resources/llm) chunk by chunk
 * with a gap between chunks; the requested model picks a failure to play instead:
 * {@code stub-error} (an error line after two tokens), {@code stub-cold} (no answer at all),
 * {@code stub-split} (the answer cut mid-line, CRLF, no final newline), {@code stub-missing} (404),
 * {@code stub-stall} (one chunk, then silence), {@code stub-endless} (chunks for ever); and an A2A
 * server's never-ending stream at {@code /a2a/endless}.
 * Every call is recorded with when its last chunk was written and when its connection closed.
 */
public final class StubLlm implements AutoCloseable {

    /** The gap between two replayed chunks. */
    public static final Duration GAP = Duration.ofMillis(150);
    /** The API key the OpenAI-compatible side demands. */
    public static final String API_KEY = "sk-stub-test-key-3f9a";

    private static final List<String> OLLAMA_CHAT = lines("ollama-chat.ndjson");
    private static final List<String> OPENAI_CHAT = Arrays.stream(read("openai-chat.sse").split("\n\n"))
            .filter(event -> !event.isBlank()).map(event -> event + "\n\n").toList();

    private static final String A2A_CHUNK = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("result",
            new JsonObject().put("artifactUpdate", new JsonObject().put("taskId", "t-endless").put("contextId", "c-1")
                    .put("artifact", new JsonObject().put("artifactId", "a-1")
                            .put("parts", new JsonArray().add(new JsonObject().put("text", "more ")))).put("append", true)))
            .encode();

    private final Vertx vertx = Vertx.vertx();
    private final int port;
    private volatile HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Set<String> served = Set.of("tinyllama:latest", "qwen2.5:3b");
    private volatile boolean modelsFail;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();

    /**
     * How a scripted model answers a call: the NDJSON lines (Ollama) or SSE events (OpenAI) to send,
     * all at once. It sees the call, so it can answer tool results differently from a first question.
     */
    @FunctionalInterface
    public interface Script {
        List<String> answer(Call call);
    }

    /** One request the stub received. */
    public record Call(String path, JsonObject body, String authorization, CompletableFuture<Long> lastChunkAt,
            CompletableFuture<Long> closedAt) {

        /** The model the call asked for. */
        public String model() {
            return body == null ? null : body.getString("model");
        }
    }

    public StubLlm() {
        port = listen(0).actualPort();
    }

    /** Its base URL. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops listening, as a backend that went away: connections are refused. */
    public synchronized void down() {
        if (server == null) {
            return;
        }
        HttpServer listening = server;
        server = null;
        listening.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Listens again on the same port, if it was down. */
    public synchronized void up() {
        if (server == null) {
            listen(port);
        }
    }

    private HttpServer listen(int on) {
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(on, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("the stub LLM did not start", e);
        }
    }

    /** Every chat call so far, oldest first. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Chat calls that asked for {@code model}. */
    public List<Call> callsFor(String model) {
        return calls.stream().filter(call -> model.equals(call.model())).toList();
    }

    /** Makes {@code model} answer by {@code script} (on both the Ollama and the OpenAI-compatible side). */
    public void script(String model, Script script) {
        scripts.put(model, script);
    }

    /** Forgets the calls and scripts and serves the default models again. */
    public void reset() {
        calls.clear();
        scripts.clear();
        served = Set.of("tinyllama:latest", "qwen2.5:3b");
        modelsFail = false;
    }

    /** Makes {@code /api/tags} and {@code /v1/models} list exactly these models. */
    public void serve(String... models) {
        served = Set.of(models);
    }

    /** Makes the model lists answer 500 (true) or normally again (false). */
    public void failModelLists(boolean fail) {
        modelsFail = fail;
    }

    private void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        switch (request.path()) {
            case "/api/tags" -> models(response, tags());
            case "/api/ps" -> models(response, new JsonObject(read("ollama-ps.json")));
            case "/v1/models" -> models(response, openAiModels());
            case "/legacy/v1/models" -> {
                if (authorised(request)) {
                    models(response, openAiModels());
                }
            }
            case "/legacy/health" -> response.putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", modelsFail ? "degraded" : "healthy").put("agent", "legacy")
                            .encode());
            default -> request.body().onSuccess(body -> chat(request, body.length() == 0 ? null : body.toJsonObject()));
        }
    }

    private void models(HttpServerResponse response, JsonObject list) {
        if (modelsFail) {
            response.setStatusCode(500).end("{\"error\":\"stub models are failing\"}");
            return;
        }
        response.putHeader("Content-Type", "application/json").end(list.encode());
    }

    private JsonObject tags() {
        JsonArray models = new JsonArray();
        new JsonObject(read("ollama-tags.json")).getJsonArray("models").stream().map(JsonObject.class::cast)
                .filter(model -> served.contains(model.getString("name"))).forEach(models::add);
        served.stream().filter(name -> models.stream().map(JsonObject.class::cast)
                .noneMatch(model -> model.getString("name").equals(name)))
                .forEach(name -> models.add(new JsonObject().put("name", name).put("model", name)));
        return new JsonObject().put("models", models);
    }

    private JsonObject openAiModels() {
        JsonArray data = new JsonArray();
        served.forEach(name -> data.add(new JsonObject().put("id", name).put("object", "model").put("created", 1764300000)
                .put("owned_by", "stub")));
        return new JsonObject().put("object", "list").put("data", data);
    }

    private void chat(HttpServerRequest request, JsonObject body) {
        Call call = new Call(request.path(), body, request.getHeader("Authorization"), new CompletableFuture<>(),
                new CompletableFuture<>());
        calls.add(call);
        HttpServerResponse response = request.response();
        request.connection().closeHandler(closed -> call.closedAt().complete(System.nanoTime()));
        switch (request.path()) {
            case "/api/chat" -> ollama(response, call);
            case "/v1/chat/completions", "/legacy/v1/chat/completions" -> openAi(request, response, call);
            case "/legacy/chat" -> legacy(response, call);
            // An A2A server whose task never ends: an artifact chunk per gap, as server-sent events.
            case "/a2a/endless" -> endless(response, call, "data: " + A2A_CHUNK + "\n", 0);
            default -> response.setStatusCode(404).end("{\"error\":\"no such stub path\"}");
        }
    }

    private void ollama(HttpServerResponse response, Call call) {
        String model = call.model();
        Script script = scripts.get(model);
        if (script != null) {
            writeAll(response, call, "application/x-ndjson", script.answer(call));
            return;
        }
        List<String> lines = OLLAMA_CHAT.stream().map(line -> line.replace("tinyllama:latest", model)).toList();
        switch (model) {
            case "stub-cold" -> {
                // Like a model that never finishes loading: no status, no headers.
            }
            case "stub-unavailable" -> response.setStatusCode(503).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"server busy, please try again\"}");
            case "stub-missing" -> response.setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"model \\\"stub-missing\\\" not found, try pulling it first\"}");
            case "stub-error" -> replay(response, call, List.of(lines.get(0), lines.get(1),
                    "{\"error\":\"an error was encountered while running the model: unexpected EOF\"}"), false);
            case "stub-stall" -> replay(response, call, List.of(lines.get(0)), true);
            case "stub-endless" -> endless(response, call, lines.get(0), 0);
            case "stub-split" -> split(response, call, lines);
            default -> replay(response, call, lines, false);
        }
    }

    // Like OpenAI, a wrong key is refused with the key quoted back.
    private static boolean authorised(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (("Bearer " + API_KEY).equals(authorization)) {
            return true;
        }
        String presented = authorization == null ? "" : authorization.replace("Bearer ", "");
        request.response().setStatusCode(401).putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("error", new JsonObject().put("message", "Incorrect API key provided: " + presented + ".")
                        .put("type", "invalid_request_error").putNull("param").put("code", "invalid_api_key")).encode());
        return false;
    }

    private void openAi(HttpServerRequest request, HttpServerResponse response, Call call) {
        if (!authorised(request)) {
            return;
        }
        Script script = scripts.get(call.model());
        if (script != null) {
            writeAll(response, call, "text/event-stream", script.answer(call));
            return;
        }
        response.putHeader("Content-Type", "text/event-stream");
        replay(response, call, OPENAI_CHAT.stream().map(event -> event.replace("gpt-4o-mini-2024-07-18", call.model()))
                .toList(), false);
    }

    private void legacy(HttpServerResponse response, Call call) {
        JsonArray messages = call.body().getJsonArray("messages");
        String last = messages.getJsonObject(messages.size() - 1).getString("content");
        vertx.setTimer(GAP.toMillis(), id -> {
            call.lastChunkAt().complete(System.nanoTime());
            response.putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("response", "Legacy agent heard: " + last).put("agent", "legacy").put("model", "tinyllama")
                    .put("usage", new JsonObject().put("prompt_tokens", 5).put("completion_tokens", 4)).encode());
        });
    }

    // A scripted answer: every line at once (SSE events already end in a blank line).
    private static void writeAll(HttpServerResponse response, Call call, String contentType, List<String> lines) {
        response.setChunked(true).putHeader("Content-Type", contentType);
        lines.forEach(line -> response.write(line.endsWith("\n") ? line : line + "\n"));
        call.lastChunkAt().complete(System.nanoTime());
        response.end();
    }

    // Writes lines one gap apart; unless told to hold the answer open, ends it after the last.
    private void replay(HttpServerResponse response, Call call, List<String> lines, boolean holdOpen) {
        response.setChunked(true);
        if (response.headers().get("Content-Type") == null) {
            response.putHeader("Content-Type", "application/x-ndjson");
        }
        writeFrom(response, call, lines, 0, holdOpen);
    }

    private void writeFrom(HttpServerResponse response, Call call, List<String> lines, int next, boolean holdOpen) {
        vertx.setTimer(GAP.toMillis(), id -> {
            if (call.closedAt().isDone()) {
                return;
            }
            String line = lines.get(next);
            response.write(line.endsWith("\n") ? line : line + "\n");
            if (next + 1 < lines.size()) {
                writeFrom(response, call, lines, next + 1, holdOpen);
                return;
            }
            call.lastChunkAt().complete(System.nanoTime());
            if (!holdOpen) {
                response.end();
            }
        });
    }

    // Every line cut in two writes, CRLF endings, and the last line without its newline.
    private void split(HttpServerResponse response, Call call, List<String> lines) {
        response.setChunked(true).putHeader("Content-Type", "application/x-ndjson");
        StringBuilder body = new StringBuilder();
        lines.forEach(line -> body.append(line).append("\r\n"));
        String all = body.substring(0, body.length() - 2);
        int half = all.length() / 2;
        response.write(all.substring(0, half));
        vertx.setTimer(GAP.toMillis(), id -> {
            call.lastChunkAt().complete(System.nanoTime());
            response.end(all.substring(half));
        });
    }

    private void endless(HttpServerResponse response, Call call, String line, int written) {
        if (written == 0) {
            response.setChunked(true).putHeader("Content-Type", "application/x-ndjson");
        }
        vertx.setTimer(GAP.toMillis(), id -> {
            if (!call.closedAt().isDone()) {
                response.write(line + "\n");
                endless(response, call, line, written + 1);
            }
        });
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static List<String> lines(String fixture) {
        return read(fixture).lines().filter(line -> !line.isBlank()).collect(Collectors.toList());
    }

    private static String read(String fixture) {
        try {
            return Files.readString(Path.of("src/test/resources/llm", fixture), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
