package ai.sutazai.mcp.aggregate;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.commons.problem.ProblemWriter;
import ai.sutazai.mcp.McpBridgeConfig;

/**
 * The Streamable HTTP spec asks servers to check {@code Origin} against DNS rebinding: a web page
 * must not script the bridge from a user's browser. Requests to {@code /mcp} that carry an
 * {@code Origin} pass only for the local machine or the origins in {@code MCP_ALLOWED_ORIGINS};
 * others get 403 before authentication. Clients outside browsers send no {@code Origin} and pass.
 */
@ApplicationScoped
public class OriginCheck {

    // After the request id and the body-size check, before authentication.
    private static final int PRIORITY = 800;
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final List<String> allowed;
    private final ProblemWriter writer;

    public OriginCheck(McpBridgeConfig config, ProblemWriter writer) {
        this.allowed = config.allowedOrigins().orElse(List.of()).stream()
                .map(origin -> origin.trim().toLowerCase(Locale.ROOT)).filter(origin -> !origin.isEmpty()).toList();
        this.writer = writer;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext context) {
        String path = context.normalizedPath();
        String origin = context.request().getHeader("Origin");
        if (origin == null || !(path.equals("/mcp") || path.startsWith("/mcp/")) || isAllowed(origin)) {
            context.next();
            return;
        }
        writer.write(context, new ProblemException(ProblemType.FORBIDDEN, "Origin " + origin
                + " may not call /mcp; add it to MCP_ALLOWED_ORIGINS if browsers there should."));
    }

    boolean isAllowed(String origin) {
        String normalized = origin.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(normalized)) {
            return true;
        }
        try {
            String host = URI.create(normalized).getHost();
            return host != null && LOCAL_HOSTS.contains(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
