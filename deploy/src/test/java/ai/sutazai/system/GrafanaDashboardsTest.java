package ai.sutazai.system;

import static ai.sutazai.system.DeployFiles.list;
import static ai.sutazai.system.DeployFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * deploy/grafana/provisioning: the data sources have the uids the dashboards use, the dashboards are
 * valid JSON Grafana loads from the folder the provider names, and each panel queries something.
 * (That every metric they name is exported is MonitoringSystemTest's to check, on running services.)
 */
class GrafanaDashboardsTest {

    private static final String MOUNTED_AT = "/etc/grafana/provisioning";

    @Test
    void theDataSourcesArePrometheusAndJaegerOfTheComposeStack() {
        Map<String, Map<String, Object>> sources = dataSources();
        assertEquals(Set.of("prometheus", "jaeger"), sources.keySet(), "data source uids");
        assertEquals("prometheus", sources.get("prometheus").get("type"));
        assertEquals("jaeger", sources.get("jaeger").get("type"));
        ComposeFile compose = ComposeFile.read();
        assertTrue(compose.expose("prometheus").contains("9090"));
        assertEquals("http://prometheus:9090", sources.get("prometheus").get("url"));
        assertTrue(compose.expose("jaeger").contains("16686"));
        assertEquals("http://jaeger:16686", sources.get("jaeger").get("url"));
        assertTrue(list(compose.service("grafana").get("volumes")).contains("../grafana/provisioning:" + MOUNTED_AT + ":ro"));
    }

    @Test
    void theProviderLoadsTheDashboardsFolder() {
        Map<String, Object> provider = map(list(DeployFiles.yaml(MonitoringFiles.GRAFANA
                .resolve("dashboards/dashboards.yml")).get("providers")).get(0));
        String path = String.valueOf(map(provider.get("options")).get("path"));
        assertTrue(path.startsWith(MOUNTED_AT + "/"), path + " is not inside the mounted provisioning folder");
        assertEquals(MonitoringFiles.DASHBOARDS, MonitoringFiles.GRAFANA.resolve(path.substring(MOUNTED_AT.length() + 1)));
        assertEquals(Set.of("agents.json", "gateway.json", "health.json", "mcp.json", "memory.json", "overview.json"),
                new TreeSet<>(MonitoringFiles.dashboardFiles().stream().map(file -> file.getFileName().toString()).toList()),
                "the suite overview, gateway, agents, MCP servers, memory and health dashboards");
    }

    @Test
    void everyDashboardIsValidJsonWithAUniqueUidAndPanelsOnTheProvisionedDataSources() {
        Set<String> known = dataSources().keySet();
        Set<String> uids = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Path file : MonitoringFiles.dashboardFiles()) {
            JsonNode dashboard = MonitoringFiles.json(file);
            String name = file.getFileName().toString();
            assertTrue(uids.add(dashboard.path("uid").asText()), name + " repeats uid " + dashboard.path("uid"));
            assertFalse(dashboard.path("title").asText().isBlank(), name + " has no title");
            assertFalse(dashboard.path("panels").isEmpty(), name + " has no panels");
            dashboard.findValues("datasource").forEach(source -> {
                if (!known.contains(source.path("uid").asText())) {
                    problems.add(name + " uses data source " + source + ", which is not provisioned");
                }
            });
            for (JsonNode panel : dashboard.path("panels")) {
                if (panel.path("targets").isEmpty()
                        || MonitoringFiles.dashboardExpressions(dashboard).keySet().stream()
                                .noneMatch(where -> where.startsWith(panel.path("title").asText() + " / "))) {
                    problems.add(name + ": panel \"" + panel.path("title").asText() + "\" queries nothing");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static Map<String, Map<String, Object>> dataSources() {
        Map<String, Map<String, Object>> sources = new LinkedHashMap<>();
        list(DeployFiles.yaml(MonitoringFiles.GRAFANA.resolve("datasources/datasources.yml")).get("datasources"))
                .forEach(source -> sources.put(String.valueOf(map(source).get("uid")), map(source)));
        return sources;
    }
}
