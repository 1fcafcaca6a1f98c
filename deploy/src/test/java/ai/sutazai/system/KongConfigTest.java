package ai.sutazai.system;

import static ai.sutazai.system.DeployFiles.list;
import static ai.sutazai.system.DeployFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * deploy/kong/kong.yml sends every public path to the gateway unchanged: the old platform's Kong
 * stripped /api and answered 404.
 */
class KongConfigTest {

    private final Map<String, Object> kong = DeployFiles.yaml(DeployFiles.ROOT.resolve("deploy/kong/kong.yml"));

    @Test
    void isDeclarativeConfigurationOfFormatThree() {
        assertEquals("3.0", kong.get("_format_version"));
        assertEquals("/kong/kong.yml", ComposeFile.read().environment("kong").get("KONG_DECLARATIVE_CONFIG"));
    }

    @Test
    void everyServiceIsTheGatewayAtItsContainerPort() {
        String gateway = "http://gateway-service:" + ComposeFileTest.containerPort("gateway-service");
        List<Object> services = list(kong.get("services"));
        assertTrue(!services.isEmpty(), "Kong has no services");
        services.forEach(service -> assertEquals(gateway, map(service).get("url"),
                "Kong must forward to gateway-service, which owns authentication, limits and routing"));
    }

    @Test
    void noRouteStripsItsPath() {
        routes().forEach(route -> assertEquals(Boolean.FALSE, route.get("strip_path"),
                "route " + route.get("name") + " must say strip_path: false (Kong's default strips)"));
    }

    @Test
    void everyPathTheGatewayServesHasARoute() {
        List<String> prefixes = routes().stream().flatMap(route -> list(route.get("paths")).stream()).map(String::valueOf)
                .toList();
        Map<String, String> settings = DeployFiles.settings("gateway-service");
        List<String> unrouted = new ArrayList<>();
        // The API, its public routes, the aggregated MCP endpoint, and the agent card and A2A endpoint
        // the gateway forwards to agent-service (ARCHITECTURE §4).
        Stream.of(Stream.of("/api/v1/agents", "/.well-known/agent-card.json", "/a2a"),
                        Stream.of(settings.get("quarkus.http.auth.permission.public.paths").split(",")),
                        Stream.of(settings.get("quarkus.http.auth.permission.mcp.paths").split(",")))
                .flatMap(paths -> paths).map(String::strip)
                .filter(path -> prefixes.stream().noneMatch(path::startsWith)).forEach(unrouted::add);
        assertEquals(List.of(), unrouted, "paths of the gateway Kong would answer 404 for");
    }

    @Test
    void setsRequestIdsLimitsBodiesAndCountsTraffic() {
        Map<String, Map<String, Object>> plugins = new LinkedHashMap<>();
        list(kong.get("plugins")).forEach(plugin -> plugins.put(String.valueOf(map(plugin).get("name")),
                map(map(plugin).get("config"))));
        assertEquals("X-Request-Id", plugins.get("correlation-id").get("header_name"),
                "Kong must hand on the request id the services log and answer with");
        assertEquals(Boolean.TRUE, plugins.get("correlation-id").get("echo_downstream"));
        String serviceLimit = DeployFiles.settings("gateway-service").get("quarkus.http.limits.max-body-size");
        assertEquals(serviceLimit, plugins.get("request-size-limiting").get("allowed_payload_size") + "M",
                "Kong's body limit should be the services' own");
        assertEquals("megabytes", plugins.get("request-size-limiting").get("size_unit"));
        assertTrue(plugins.containsKey("prometheus"), "Kong's traffic must reach Prometheus");
    }

    private List<Map<String, Object>> routes() {
        return list(kong.get("services")).stream().flatMap(service -> list(map(service).get("routes")).stream())
                .map(DeployFiles::map).toList();
    }
}
