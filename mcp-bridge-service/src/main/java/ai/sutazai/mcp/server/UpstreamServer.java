package ai.sutazai.mcp.server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.InitializeResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Vertx;
import reactor.core.publisher.Mono;

import ai.sutazai.mcp.McpBridgeConfig;
import ai.sutazai.mcp.registry.ServerDefinition;
import ai.sutazai.mcp.registry.ServerOptions;
import ai.sutazai.mcp.registry.TransportKind;
import ai.sutazai.mcp.transport.CallTrackingTransport;
import ai.sutazai.mcp.transport.ChildEnvironment;
import ai.sutazai.mcp.transport.StderrTail;
import ai.sutazai.mcp.transport.StdioProcessTransport;
import ai.sutazai.mcp.transport.StreamableHttpTransport;

/**
 * One MCP server and its supervision: start (in the background, never blocking the others), the
 * {@code initialize} handshake through the SDK client, the catalogue, pings, restarts with
 * exponential backoff and jitter and a crash-loop cool-down, and the per-server guard (timeout,
 * named breaker, concurrency cap) around every call.
 */
public final class UpstreamServer {

    private static final AtomicLong BREAKER_GENERATION = new AtomicLong();
    private static final McpSchema.Implementation CLIENT_INFO =
            new McpSchema.Implementation("sutazai-mcp-bridge", "0.1.0");
    private static final int STDERR_LINES_IN_ERRORS = 20;

    private final ServerDefinition definition;
    private final McpBridgeConfig config;
    private final McpJsonMapper jsonMapper;
    private final ScheduledExecutorService scheduler;
    private final Vertx vertx;
    private final StderrTail stderr;
    private final TypedGuard<CompletionStage<Object>> guard;
    private final String breakerName;
    private final Runnable changed;

    // Everything below changes under this object's lock; readers see a consistent snapshot().
    private ServerState state = ServerState.STARTING;
    private Instant stateSince = Instant.now();
    private String lastError;
    private int restarts;
    private boolean everStarted;
    private boolean removed;
    private long generation;
    private Connection connection;
    private InitializeResult initialized;
    private Catalogue catalogue = Catalogue.EMPTY;
    private int consecutivePingFailures;
    private int attempt;
    private Instant nextAttemptAt;
    private final Deque<Instant> recentFailures = new ArrayDeque<>();
    private ScheduledFuture<?> pending;
    private volatile CircuitBreakerState breakerState = CircuitBreakerState.CLOSED;

    private record Connection(long generation, McpAsyncClient client, CallTrackingTransport tracker,
            StdioProcessTransport stdio) {
    }

    /**
     * @param changed told of every change of state or catalogue; it may be called with this server's
     *        lock held, so it must only hand the news on, never call back in
     */
    public UpstreamServer(ServerDefinition definition, McpBridgeConfig config, McpJsonMapper jsonMapper,
            ScheduledExecutorService scheduler, Vertx vertx, Runnable changed) {
        this.definition = definition;
        this.vertx = vertx;
        this.changed = changed;
        this.config = config;
        this.jsonMapper = jsonMapper;
        this.scheduler = scheduler;
        this.stderr = new StderrTail(config.stderrLines());
        // Named per registration: a server removed and added again gets a fresh breaker.
        this.breakerName = "mcp-server-" + definition.name() + "-" + BREAKER_GENERATION.incrementAndGet();
        ServerOptions options = definition.options();
        McpBridgeConfig.Breaker breaker = config.breaker();
        this.guard = TypedGuard.create(new TypeLiteral<CompletionStage<Object>>() {
        })
                .withDescription("calls to MCP server " + definition.name())
                .withThreadOffload(false)
                .withBulkhead().limit(options.maxConcurrentCalls()).queueSize(options.maxConcurrentCalls()).done()
                .withCircuitBreaker().name(breakerName)
                .requestVolumeThreshold(breaker.requestVolume()).failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                // A JSON-RPC error answer (bad params, unknown tool) says nothing about the server's health,
                // and calls turned away by the cap were never sent.
                .when(failure -> !(failure instanceof BulkheadException)
                        && !(McpError.findRootCause(failure) instanceof McpError))
                .onStateChange(this::breakerChanged).done()
                .build();
    }

    /** The registry entry this server runs. */
    public ServerDefinition definition() {
        return definition;
    }

    /** The name in {@code mcpServers}. */
    public String name() {
        return definition.name();
    }

    /** Starts (or restarts) in the background. */
    public synchronized void start() {
        if (removed) {
            return;
        }
        // A new generation first: closing the old connection fails its pending requests, and their
        // failure handlers must see that they are stale rather than schedule another restart.
        generation++;
        cancelPending();
        closeConnection();
        if (everStarted) {
            restarts++;
        }
        everStarted = true;
        if (definition.problem() != null) {
            moveTo(ServerState.FAILED, definition.problem());
            return;
        }
        if (!definition.options().enabled()) {
            moveTo(ServerState.STOPPED, null);
            return;
        }
        moveTo(ServerState.STARTING, lastError);
        long startedGeneration = generation;
        Connection started;
        try {
            started = connect(startedGeneration);
        } catch (CommandNotFoundException e) {
            moveTo(ServerState.FAILED, e.getMessage());
            return;
        } catch (RuntimeException e) {
            failed(startedGeneration, e);
            return;
        }
        connection = started;
        Duration initTimeout = definition.options().initTimeout();
        Mono<Map.Entry<InitializeResult, Catalogue>> handshake = started.client().initialize()
                .flatMap(result -> listCatalogue(started.client(), result).map(c -> Map.entry(result, c)));
        if (started.stdio() != null) {
            // A child that dies during start-up must fail the start at once, with its exit code and stderr.
            // suppressCancel: losing the race must not cancel the exit future the supervisor watches.
            handshake = Mono.firstWithSignal(handshake, Mono.fromFuture(started.stdio().exit(), true)
                    .flatMap(code -> Mono.error(new IllegalStateException(exitMessage(code, "during start-up")))));
            started.stdio().exit().thenAccept(code -> exited(startedGeneration, code));
        }
        handshake
                .timeout(initTimeout, Mono.error(() -> new IllegalStateException(
                        "start-up (initialize and listing) took longer than " + initTimeout.toMillis() + " ms")))
                .subscribe(ready -> ready(startedGeneration, ready.getKey(), ready.getValue()),
                        error -> failed(startedGeneration, error));
    }

    /** Stops the server for good (removal or shutdown), waiting for its process to end. */
    public void stop() {
        Connection closing;
        synchronized (this) {
            removed = true;
            cancelPending();
            closing = connection;
            connection = null;
            moveTo(ServerState.STOPPED, null);
        }
        if (closing != null) {
            close(closing, true);
        }
    }

    /** Restarts now, as an admin asked; the backoff starts over. */
    public synchronized void restart() {
        attempt = 0;
        recentFailures.clear();
        start();
    }

    /** Lists the catalogue again, as a client asked. */
    public Mono<Catalogue> refresh() {
        Connection current = servingConnection();
        return listCatalogue(current.client(), current.client().getCurrentInitializationResult())
                .timeout(definition.options().callTimeout())
                .doOnNext(listed -> catalogueListed(current.generation(), listed));
    }

    /** Calls a tool under the server's timeout, breaker and concurrency cap. */
    public CompletionStage<CallToolResult> callTool(String tool, Map<String, Object> arguments) {
        return guarded("tool " + tool, (connection, meta) ->
                connection.client().callTool(new McpSchema.CallToolRequest(tool, arguments, meta)));
    }

    /** Reads a resource under the same guard. */
    public CompletionStage<ReadResourceResult> readResource(String uri) {
        return guarded("resource " + uri, (connection, meta) ->
                connection.client().readResource(new McpSchema.ReadResourceRequest(uri, meta)));
    }

    /** Renders a prompt under the same guard. */
    public CompletionStage<GetPromptResult> getPrompt(String prompt, Map<String, Object> arguments) {
        return guarded("prompt " + prompt, (connection, meta) ->
                connection.client().getPrompt(new McpSchema.GetPromptRequest(prompt, arguments, meta)));
    }

    // Each request carries a progressToken of ours, by which the transport finds its JSON-RPC id.
    @SuppressWarnings("unchecked")
    private <T> CompletionStage<T> guarded(String what,
            BiFunction<Connection, Map<String, Object>, Mono<T>> request) {
        Connection current = servingConnection();
        String token = UUID.randomUUID().toString();
        Map<String, Object> meta = Map.of("progressToken", token);
        Mono<T> call = withTimeout(retryOnLostSession(current, token, () -> request.apply(current, meta)), what,
                current, token);
        return (CompletionStage<T>) guard.get(() -> call.map(result -> (Object) result).toFuture());
    }

    private <T> Mono<T> withTimeout(Mono<T> call, String what, Connection current, String token) {
        Duration timeout = definition.options().callTimeout();
        return call.timeout(timeout)
                .onErrorMap(TimeoutException.class, e -> {
                    current.tracker().cancel(token, "timed out after " + timeout.toMillis() + " ms")
                            .subscribe(null, failure -> Log.debugf("cancelling on %s failed: %s", name(), failure));
                    return new CallTimedOutException(what + " on MCP server " + name(), timeout);
                })
                .doOnCancel(() -> current.tracker().cancel(token, "the caller went away")
                        .subscribe(null, failure -> Log.debugf("cancelling on %s failed: %s", name(), failure)))
                .doFinally(signal -> current.tracker().finished(token));
    }

    // A Streamable HTTP server that forgot our session refuses the request's own POST; the SDK then
    // initialises a new session. Only that request, which the server never ran, is sent once more:
    // others that were in flight may have run, so they fail instead of running twice.
    private <T> Mono<T> retryOnLostSession(Connection current, String token, Supplier<Mono<T>> call) {
        return Mono.defer(call).onErrorResume(failure -> current.tracker().refusedForLostSession(token), failure -> {
            Log.infof("MCP server %s lost our session; sending the request again in a new one", name());
            return Mono.defer(call);
        });
    }

    private synchronized Connection servingConnection() {
        if (!state.serves() || connection == null) {
            throw unavailable();
        }
        return connection;
    }

    /** Why the server cannot take calls now, and when it may again. */
    public synchronized ServerUnavailableException unavailable() {
        long retryAfter = nextAttemptAt == null ? 5
                : Math.max(1, Duration.between(Instant.now(), nextAttemptAt).toSeconds() + 1);
        return new ServerUnavailableException("MCP server " + name() + " is " + shownState().label()
                + (lastError == null ? "" : ": " + lastError), retryAfter);
    }

    private Connection connect(long forGeneration) {
        McpClientTransport transport;
        StdioProcessTransport stdio = null;
        ServerOptions options = definition.options();
        if (definition.transport() == TransportKind.STDIO) {
            Map<String, String> environment = ChildEnvironment.of(System.getenv(), definition.env());
            List<String> command = new ArrayList<>();
            command.add(resolveCommand(environment.get("PATH")));
            command.addAll(definition.args());
            stdio = new StdioProcessTransport(name(), command, environment,
                    definition.cwd() == null ? null : Path.of(definition.cwd()), jsonMapper, stderr,
                    config.stopGrace());
            transport = stdio;
        } else {
            // Calls in flight and waiting, plus the notification stream.
            int connections = options.maxConcurrentCalls() * 2 + 1;
            transport = new StreamableHttpTransport(name(), vertx, URI.create(definition.url()), definition.headers(),
                    jsonMapper, options.initTimeout(), options.callTimeout().plusSeconds(30), connections);
        }
        CallTrackingTransport tracker = new CallTrackingTransport(transport, method -> listChanged(forGeneration));
        // The SDK's own request timeout is only a backstop; the bridge's timeouts are shorter and cancel.
        Duration backstop = max(options.callTimeout(), options.initTimeout()).plusSeconds(30);
        McpAsyncClient client = McpClient.async(tracker)
                .clientInfo(CLIENT_INFO)
                .capabilities(McpSchema.ClientCapabilities.builder().build())
                .requestTimeout(backstop)
                .initializationTimeout(options.initTimeout())
                .build();
        return new Connection(forGeneration, client, tracker, stdio);
    }

    private String resolveCommand(String path) {
        String command = definition.command();
        if (command.contains("/")) {
            Path file = definition.cwd() == null ? Path.of(command) : Path.of(definition.cwd()).resolve(command);
            if (!Files.isExecutable(file)) {
                throw new CommandNotFoundException("command " + command + " does not exist or is not executable");
            }
            return file.toString();
        }
        for (String dir : (path == null ? "" : path).split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command).toString();
            }
        }
        throw new CommandNotFoundException("command " + command + " was not found on PATH (" + path + ")");
    }

    private Mono<Catalogue> listCatalogue(McpAsyncClient client, InitializeResult result) {
        McpSchema.ServerCapabilities capabilities = result == null ? null : result.capabilities();
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        ServerOptions options = definition.options();
        Mono<List<McpSchema.Tool>> tools = capabilities == null || capabilities.tools() == null ? Mono.just(List.of())
                : pages("tools", client::listTools, McpSchema.ListToolsResult::tools,
                        McpSchema.ListToolsResult::nextCursor, warnings)
                        .map(all -> offered(all, options));
        boolean hasResources = capabilities != null && capabilities.resources() != null;
        Mono<List<McpSchema.Resource>> resources = !hasResources ? Mono.just(List.of())
                : pages("resources", client::listResources, McpSchema.ListResourcesResult::resources,
                        McpSchema.ListResourcesResult::nextCursor, warnings);
        Mono<List<McpSchema.ResourceTemplate>> templates = !hasResources ? Mono.just(List.of())
                : pages("resource templates", client::listResourceTemplates,
                        McpSchema.ListResourceTemplatesResult::resourceTemplates,
                        McpSchema.ListResourceTemplatesResult::nextCursor, warnings);
        Mono<List<McpSchema.Prompt>> prompts = capabilities == null || capabilities.prompts() == null
                ? Mono.just(List.of())
                : pages("prompts", client::listPrompts, McpSchema.ListPromptsResult::prompts,
                        McpSchema.ListPromptsResult::nextCursor, warnings);
        return Mono.zip(tools, resources, templates, prompts).map(all -> new Catalogue(all.getT1(), all.getT2(),
                all.getT3(), all.getT4(), List.copyOf(warnings), Instant.now()));
    }

    // Denied tools are left out; of two tools with one name (a server's bug) the first is kept.
    private static List<McpSchema.Tool> offered(List<McpSchema.Tool> tools, ServerOptions options) {
        Set<String> names = new HashSet<>();
        return tools.stream().filter(t -> options.offers(t.name()) && names.add(t.name())).toList();
    }

    // Follows cursors, but at most maxCataloguePages pages and never the same cursor twice: the SDK's
    // own paging has no such guard, and one bad server would otherwise loop for ever.
    private <P, T> Mono<List<T>> pages(String what, Function<String, Mono<P>> fetch, Function<P, List<T>> items,
            Function<P, String> next, List<String> warnings) {
        List<T> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int maxPages = config.maxCataloguePages();
        return page(what, fetch, items, next, null, 1, all, seen, maxPages, warnings);
    }

    private <P, T> Mono<List<T>> page(String what, Function<String, Mono<P>> fetch, Function<P, List<T>> items,
            Function<P, String> next, String cursor, int number, List<T> all, Set<String> seen, int maxPages,
            List<String> warnings) {
        return fetch.apply(cursor).flatMap(result -> {
            List<T> found = items.apply(result);
            if (found != null) {
                all.addAll(found);
            }
            String nextCursor = next.apply(result);
            if (nextCursor == null || nextCursor.isEmpty()) {
                return Mono.just(List.copyOf(all));
            }
            if (!seen.add(nextCursor) || number >= maxPages) {
                String warning = what + " listing stopped after " + number + " pages: the server "
                        + (number >= maxPages ? "kept returning cursors" : "repeated a cursor");
                warnings.add(warning);
                Log.warnf("MCP server %s: %s", name(), warning);
                return Mono.just(List.copyOf(all));
            }
            return page(what, fetch, items, next, nextCursor, number + 1, all, seen, maxPages, warnings);
        });
    }

    private synchronized void ready(long forGeneration, InitializeResult result, Catalogue listed) {
        if (forGeneration != generation || removed) {
            return;
        }
        if (connection != null && connection.stdio() != null && connection.stdio().exit().isDone()) {
            // Died between its last answer and now; exited() ignored it while starting.
            scheduler.execute(() -> failed(forGeneration, new IllegalStateException(
                    exitMessage(connection.stdio().exit().join(), "during start-up"))));
            return;
        }
        initialized = result;
        catalogue = listed;
        consecutivePingFailures = 0;
        attempt = 0;
        nextAttemptAt = null;
        moveTo(ServerState.READY, null);
        Log.infof("MCP server %s is ready: %s %s, protocol %s, %d tools, %d resources, %d prompts", name(),
                result.serverInfo().name(), result.serverInfo().version(), result.protocolVersion(),
                listed.tools().size(), listed.resources().size(), listed.prompts().size());
        schedulePing(forGeneration);
    }

    private synchronized void catalogueListed(long forGeneration, Catalogue listed) {
        if (forGeneration == generation && state.serves()) {
            catalogue = listed;
            changed.run();
        }
    }

    private void listChanged(long forGeneration) {
        Connection current;
        synchronized (this) {
            if (forGeneration != generation || !state.serves() || connection == null) {
                return;
            }
            current = connection;
        }
        listCatalogue(current.client(), current.client().getCurrentInitializationResult())
                .timeout(definition.options().callTimeout())
                .subscribe(listed -> catalogueListed(forGeneration, listed),
                        error -> Log.warnf("MCP server %s: refreshing the catalogue after list_changed failed: %s",
                                name(), describe(error)));
    }

    private void exited(long forGeneration, int code) {
        synchronized (this) {
            if (forGeneration != generation || removed || !state.serves()) {
                return; // a stop we asked for, or a start-up failure already handled
            }
        }
        failed(forGeneration, new IllegalStateException(exitMessage(code, "")));
    }

    private void failed(long forGeneration, Throwable error) {
        Connection closing;
        synchronized (this) {
            if (forGeneration != generation || removed) {
                return;
            }
            closing = connection;
            connection = null;
            lastError = describe(error);
            Log.warnf("MCP server %s failed: %s", name(), lastError);
            scheduleRestart();
        }
        if (closing != null) {
            close(closing, false);
        }
    }

    // Called with the lock held.
    private void scheduleRestart() {
        if (!definition.options().restartOnFailure()) {
            moveTo(ServerState.FAILED, lastError + " (restart is off for this server)");
            return;
        }
        McpBridgeConfig.Restart policy = config.restart();
        Instant now = Instant.now();
        recentFailures.addLast(now);
        while (!recentFailures.isEmpty()
                && recentFailures.peekFirst().isBefore(now.minus(policy.crashLoopWindow()))) {
            recentFailures.removeFirst();
        }
        Duration delay;
        if (recentFailures.size() >= policy.crashLoopFailures()) {
            delay = policy.crashLoopCooldown();
            lastError = lastError + " (crash loop: " + recentFailures.size() + " failures within "
                    + policy.crashLoopWindow().toSeconds() + " s; cooling down)";
            recentFailures.clear();
        } else {
            attempt++;
            long exponential = policy.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
            long capped = Math.min(policy.maxBackoff().toMillis(), exponential);
            // Full jitter over the upper half keeps restarts of many servers from lining up.
            delay = Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
        }
        nextAttemptAt = now.plus(delay);
        moveTo(ServerState.BACKING_OFF, lastError);
        pending = scheduler.schedule(this::start, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void schedulePing(long forGeneration) {
        Duration interval = definition.options().pingInterval();
        pending = scheduler.schedule(() -> ping(forGeneration), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void ping(long forGeneration) {
        Connection current;
        synchronized (this) {
            if (forGeneration != generation || connection == null || !state.serves()) {
                return;
            }
            current = connection;
        }
        current.client().ping().timeout(config.defaults().pingTimeout())
                .subscribe(pong -> pinged(forGeneration, null), error -> pinged(forGeneration, error));
    }

    private void pinged(long forGeneration, Throwable error) {
        synchronized (this) {
            if (forGeneration != generation || removed || !state.serves()) {
                return;
            }
            if (error == null) {
                consecutivePingFailures = 0;
                schedulePing(forGeneration);
                return;
            }
            consecutivePingFailures++;
            lastError = "ping failed " + consecutivePingFailures + " time(s) in a row: " + describe(error);
            if (consecutivePingFailures < definition.options().pingFailures()) {
                schedulePing(forGeneration);
                return;
            }
        }
        failed(forGeneration, new IllegalStateException("no answer to " + consecutivePingFailures + " pings"));
    }

    private void breakerChanged(CircuitBreakerState now) {
        breakerState = now;
        Log.infof("MCP server %s: circuit breaker %s is %s", name(), breakerName, now);
    }

    // Called with the lock held.
    private void moveTo(ServerState next, String error) {
        boolean moved = next != state;
        if (moved) {
            stateSince = Instant.now();
        }
        state = next;
        lastError = error;
        if (moved) {
            changed.run();
        }
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            close(connection, false);
            connection = null;
        }
    }

    private void close(Connection closing, boolean wait) {
        Mono<Void> close = closing.client().closeGracefully()
                .timeout(config.stopGrace().multipliedBy(4))
                .onErrorResume(e -> Mono.empty())
                .then(Mono.fromRunnable(() -> {
                    if (closing.stdio() != null) {
                        closing.stdio().stop();
                    }
                }));
        if (wait) {
            try {
                close.block(config.stopGrace().multipliedBy(8));
            } catch (RuntimeException e) {
                Log.warnf("MCP server %s did not close in time: %s", name(), e.getMessage());
            }
        } else {
            close.subscribe(null, e -> Log.debugf("closing MCP server %s failed: %s", name(), e));
        }
    }

    private String exitMessage(int code, String when) {
        String tail = stderr.last(STDERR_LINES_IN_ERRORS);
        return "the process exited with code " + code + (when.isEmpty() ? "" : " " + when)
                + (tail.isEmpty() ? "" : "; stderr ends with:\n" + tail);
    }

    // The SDK wraps the reason in generic messages ("Client failed to initialize ..."); keep each distinct one.
    private static String describe(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = error; t != null && messages.size() < 4; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (messages.stream().noneMatch(m -> m.contains(message))) {
                messages.add(message);
            }
        }
        return String.join(": ", messages);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    // The derived state: a ready server whose pings fail or whose breaker is open shows as degraded.
    private ServerState shownState() {
        if (state == ServerState.READY && (consecutivePingFailures > 0
                || breakerState == CircuitBreakerState.OPEN || !catalogue.warnings().isEmpty())) {
            return ServerState.DEGRADED;
        }
        return state;
    }

    /** The state as the API shows it. */
    public synchronized ServerState state() {
        return shownState();
    }

    /** What the server offers, as last listed. */
    public synchronized Catalogue catalogue() {
        return catalogue;
    }

    /** Restarts since the service started. */
    public synchronized int restarts() {
        return restarts;
    }

    /** The state of the server's circuit breaker. */
    public CircuitBreakerState breaker() {
        return breakerState;
    }

    /** A consistent view of the server for the API. */
    public synchronized Snapshot snapshot() {
        ServerState shown = shownState();
        String error = lastError;
        if (error == null && breakerState == CircuitBreakerState.OPEN) {
            error = "circuit breaker open after failed or timed-out calls";
        }
        if (error == null && !catalogue.warnings().isEmpty()) {
            error = String.join("; ", catalogue.warnings());
        }
        return new Snapshot(definition, shown, stateSince, error, restarts, initialized, catalogue,
                breakerState, nextAttemptAt, connection == null || connection.stdio() == null ? null
                        : connection.stdio().pid(),
                stderr.lines());
    }

    /** Everything the API shows about a server at one instant. */
    public record Snapshot(ServerDefinition definition, ServerState state, Instant stateSince, String lastError,
            int restarts, InitializeResult initialized, Catalogue catalogue, CircuitBreakerState breaker,
            Instant nextAttemptAt, Long pid, List<String> stderrTail) {
    }

    /** The command of a stdio entry is not there; restarting will not help until someone installs it. */
    static final class CommandNotFoundException extends RuntimeException {
        CommandNotFoundException(String message) {
            super(message);
        }
    }
}
