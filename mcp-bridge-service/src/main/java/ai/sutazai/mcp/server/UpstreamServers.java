package ai.sutazai.mcp.server;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.mcp.McpBridgeConfig;
import ai.sutazai.mcp.registry.RegistryFile;
import ai.sutazai.mcp.registry.RegistryFileException;
import ai.sutazai.mcp.registry.ServerDefinition;

/**
 * The servers the bridge runs: those of {@code MCP_SERVERS_FILE}, read at start, plus any an admin
 * added since. Run-time additions and removals last until the service restarts; the file is the
 * durable source.
 */
@ApplicationScoped
public class UpstreamServers {

    private final McpBridgeConfig config;
    private final ServerMetrics metrics;
    private final Vertx vertx;
    private final McpJsonMapper jsonMapper = new JacksonMcpJsonMapperSupplier().get();
    private final Map<String, UpstreamServer> servers = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean notifying = new AtomicBoolean();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "mcp-supervisor");
        thread.setDaemon(true);
        return thread;
    });

    public UpstreamServers(McpBridgeConfig config, ServerMetrics metrics, Vertx vertx) {
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        List<ServerDefinition> definitions = config.serversFile().map(path -> {
            try {
                return RegistryFile.read(path, UpstreamServers::variable, config.serverDefaults());
            } catch (RegistryFileException e) {
                throw new IllegalStateException("MCP_SERVERS_FILE " + path + " " + e.getMessage(), e);
            }
        }).orElse(List.of());
        if (config.serversFile().isEmpty()) {
            Log.info("MCP_SERVERS_FILE is not set: no MCP servers until an admin adds one");
        }
        // Each start is asynchronous: no server waits for another, and readiness waits for none.
        definitions.forEach(definition -> register(definition).start());
    }

    void stop(@Observes ShutdownEvent event) {
        List<UpstreamServer> all = List.copyOf(servers.values());
        if (all.isEmpty()) {
            return;
        }
        ExecutorService stopping = Executors.newFixedThreadPool(Math.min(all.size(), 16));
        try {
            CompletableFuture<?>[] stops = all.stream()
                    .map(server -> CompletableFuture.runAsync(server::stop, stopping))
                    .toArray(CompletableFuture[]::new);
            Duration bound = config.stopGrace().multipliedBy(8);
            CompletableFuture.allOf(stops).get(bound.toMillis(), TimeUnit.MILLISECONDS);
            Log.infof("stopped %d MCP server(s)", all.size());
        } catch (TimeoutException e) {
            Log.warn("some MCP servers did not stop in time");
        } catch (Exception e) {
            Log.warnf("stopping MCP servers failed: %s", e.toString());
        } finally {
            stopping.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    /** Every server, by name. */
    public List<UpstreamServer> all() {
        return servers.values().stream().sorted(Comparator.comparing(UpstreamServer::name)).toList();
    }

    /** The server of that name, or a 404. */
    public UpstreamServer require(String name) {
        return find(name).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "No MCP server is named \"" + name + "\"; GET /api/v1/mcp/servers lists them."));
    }

    /** The server of that name. */
    public Optional<UpstreamServer> find(String name) {
        return Optional.ofNullable(servers.get(name));
    }

    /** Adds and starts a server; 409 if the name is taken. */
    public UpstreamServer add(ServerDefinition definition) {
        UpstreamServer server = new UpstreamServer(definition, config, jsonMapper, scheduler, vertx, this::changed);
        if (servers.putIfAbsent(definition.name(), server) != null) {
            throw new ProblemException(ProblemType.CONFLICT, "An MCP server named \"" + definition.name()
                    + "\" exists already; remove it first or choose another name.");
        }
        metrics.register(server);
        server.start();
        return server;
    }

    /** Stops and forgets a server. */
    public void remove(String name) {
        UpstreamServer server = require(name);
        servers.remove(name, server);
        try {
            server.stop();
        } finally {
            metrics.unregister(server);
            changed();
        }
    }

    /** Runs {@code listener} (on a supervisor thread, never with a server's lock held) after servers change. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    // Servers call this with their lock held; listeners run later, once for a burst of changes.
    private void changed() {
        if (notifying.compareAndSet(false, true)) {
            if (scheduler.isShutdown()) {
                return; // the service is stopping; nobody needs to hear
            }
            scheduler.execute(() -> {
                notifying.set(false);
                listeners.forEach(listener -> {
                    try {
                        listener.run();
                    } catch (RuntimeException e) {
                        Log.warnf("a listener of MCP server changes failed: %s", e.toString());
                    }
                });
            });
        }
    }

    /** The defaults entries are read with. */
    public McpBridgeConfig config() {
        return config;
    }

    /** Resolves {@code ${VAR}} in entries: the environment, {@code .env} and system properties. */
    public static Optional<String> variable(String name) {
        return ConfigProvider.getConfig().getOptionalValue(name, String.class);
    }

    private UpstreamServer register(ServerDefinition definition) {
        UpstreamServer server = new UpstreamServer(definition, config, jsonMapper, scheduler, vertx, this::changed);
        servers.put(definition.name(), server);
        metrics.register(server);
        return server;
    }
}
