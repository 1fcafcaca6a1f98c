package ai.sutazai.gateway.routing;

import java.util.List;
import java.util.Optional;

/**
 * Which service owns which path (ARCHITECTURE §4). Paths are forwarded unchanged; only a
 * service's public OpenAPI document ({@code /api/v1/<prefix>/openapi}) maps to its {@code /q/openapi}.
 */
public final class RouteTable {

    /** One prefix and the service that serves everything under it. */
    public record Route(String prefix, String service) {

        boolean matches(String path) {
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    /** Where a request goes: the service and the path-and-query to ask it for. */
    public record Target(Route route, String uri) {
    }

    static final List<Route> ROUTES = List.of(
            new Route("/api/v1/agents", "agent-service"),
            new Route("/api/v1/chat", "agent-service"),
            new Route("/api/v1/tasks", "agent-service"),
            new Route("/api/v1/models", "agent-service"),
            // OpenAI-compatible: an SDK's base URL is <gateway>/api/v1/openai, its API key a personal access token.
            new Route("/api/v1/openai", "agent-service"),
            // A2A: the JSON-RPC endpoint and the agent cards (v1.0 and v0.3 paths).
            new Route("/a2a", "agent-service"),
            new Route("/.well-known/agent-card.json", "agent-service"),
            new Route("/.well-known/agent.json", "agent-service"),
            new Route("/api/v1/memory", "memory-service"),
            new Route("/api/v1/mcp", "mcp-bridge-service"),
            new Route("/mcp", "mcp-bridge-service"),
            new Route("/api/v1/system", "health-service"),
            new Route("/api/v1/alerts", "health-service"),
            new Route("/api/v1/hardware", "health-service"),
            new Route("/status", "health-service"));

    private static final String OPENAPI_SUFFIX = "/openapi";
    private static final String SERVICE_OPENAPI = "/q/openapi";

    private RouteTable() {
    }

    /** Every route, in matching order. */
    public static List<Route> routes() {
        return ROUTES;
    }

    /** The target of a request for {@code path} with the raw {@code uri} (path and query), if any service owns it. */
    public static Optional<Target> find(String path, String uri) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (Route route : ROUTES) {
            if (route.matches(trimmed)) {
                if (trimmed.equals(route.prefix() + OPENAPI_SUFFIX) && route.prefix().startsWith("/api/v1/")) {
                    // Behind Kong only /api/v1 is reachable, so each service's API description is published here.
                    int query = uri.indexOf('?');
                    return Optional.of(new Target(route, SERVICE_OPENAPI + (query < 0 ? "" : uri.substring(query))));
                }
                return Optional.of(new Target(route, uri));
            }
        }
        return Optional.empty();
    }
}
