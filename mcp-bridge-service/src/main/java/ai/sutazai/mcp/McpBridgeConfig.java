package ai.sutazai.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import ai.sutazai.mcp.registry.ServerOptions;

/** Settings of the MCP bridge; per-server options in the registry file override the defaults here. */
@ConfigMapping(prefix = "mcp")
public interface McpBridgeConfig {

    /** The {@code mcpServers} file ({@code MCP_SERVERS_FILE}); without one the bridge runs no servers. */
    Optional<Path> serversFile();

    /** Defaults for every server. */
    Defaults defaults();

    /** Restart policy after a crash or a failed start. */
    Restart restart();

    /** The per-server circuit breaker. */
    Breaker breaker();

    /** How long each stop step (stdin closed, SIGTERM) waits before the next, harder one. */
    @WithDefault("1s")
    Duration stopGrace();

    /** Lines of each server's stderr kept for admins and error messages. */
    @WithDefault("200")
    int stderrLines();

    /** Tool-call audit records kept in memory for {@code GET /api/v1/mcp/audit}; every record is also logged. */
    @WithDefault("10000")
    int auditCapacity();

    /**
     * Browser origins allowed to call {@code /mcp} besides the local machine's
     * ({@code MCP_ALLOWED_ORIGINS}); requests without an {@code Origin} header (non-browser clients) pass.
     */
    Optional<List<String>> allowedOrigins();

    /** Pages followed per catalogue list before the bridge stops, as a guard against endless cursors. */
    @WithDefault("100")
    int maxCataloguePages();

    /** Per-server defaults. */
    interface Defaults {
        /** Start-up (spawn or connect, initialize, first catalogue) limit. */
        @WithDefault("30s")
        Duration initTimeout();

        /** Limit for one tool call, resource read or prompt get. */
        @WithDefault("60s")
        Duration callTimeout();

        /** Interval between pings of a ready server. */
        @WithDefault("30s")
        Duration pingInterval();

        /** Time a ping may take. */
        @WithDefault("10s")
        Duration pingTimeout();

        /** Consecutive failed pings that restart a server. */
        @WithDefault("3")
        int pingFailures();

        /** Calls in flight per server; as many more may wait. */
        @WithDefault("8")
        int maxConcurrentCalls();
    }

    /** Exponential backoff with jitter, and a cool-down for servers that keep crashing. */
    interface Restart {
        /** First delay. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Largest delay. */
        @WithDefault("60s")
        Duration maxBackoff();

        /** Failures within {@link #crashLoopWindow()} that make a crash loop. */
        @WithDefault("5")
        int crashLoopFailures();

        /** Window for counting failures. */
        @WithDefault("60s")
        Duration crashLoopWindow();

        /** Wait after a crash loop before the next attempt. */
        @WithDefault("5m")
        Duration crashLoopCooldown();
    }

    /** Opens on timeouts and transport failures, never on a tool's own error result. */
    interface Breaker {
        /** Calls the breaker looks at. */
        @WithDefault("10")
        int requestVolume();

        /** Share of failures among them that opens it. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long it stays open before letting a trial call through. */
        @WithDefault("30s")
        Duration delay();
    }

    /** The per-server defaults as options. */
    default ServerOptions serverDefaults() {
        Defaults d = defaults();
        return new ServerOptions(true, d.initTimeout(), d.callTimeout(), d.pingInterval(), d.pingFailures(),
                d.maxConcurrentCalls(), List.of(), List.of(), true);
    }
}
