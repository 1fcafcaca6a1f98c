package ai.sutazai.system;

import static ai.sutazai.system.DeployFiles.list;
import static ai.sutazai.system.DeployFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/prometheus: the scrape configuration and rules pass promtool, every alert fires and
 * resolves in promtool's unit tests, says what happened and links a runbook section that exists.
 */
class PrometheusConfigTest {

    private static final Pattern HEADING = Pattern.compile("(?m)^## (\\S+)\\s*$");

    @Test
    void theScrapeConfigurationPassesPromtool(@TempDir Path dir) throws Exception {
        // Debian's promtool (2.42) is built without Consul service discovery and refuses
        // consul_sd_configs as an unknown field, while the compose stack's Prometheus has it. So
        // promtool checks a copy in which only that block is swapped for the same services as static
        // targets, and the rules file is named where this checkout has it; the Consul block itself is
        // checked against the compose file below.
        Map<String, Object> config = DeployFiles.yaml(MonitoringFiles.PROMETHEUS);
        Map<String, Object> sutazai = job(config, "sutazai");
        assertTrue(sutazai.remove("consul_sd_configs") != null, "the suite's job finds its instances through Consul");
        sutazai.put("static_configs", List.of(Map.of("targets",
                DeployFiles.SERVICES.stream().map(service -> service + ":8080").toList())));
        config.put("rule_files", List.of(MonitoringFiles.RULES.toString()));
        Path copy = dir.resolve("prometheus.yml");
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(copy, new Yaml(options).dump(config));
        DeployFiles.Result result = DeployFiles.run("promtool", "check", "config", copy.toString());
        assertEquals(0, result.exitCode(), "promtool (apt-get install prometheus; .ci/run installs it) refused "
                + "deploy/prometheus/prometheus.yml:\n" + result.output());
    }

    @Test
    void theSuiteIsFoundThroughTheComposeStacksConsulAndScrapedWhereItServesMetrics() {
        Map<String, Object> sutazai = job(DeployFiles.yaml(MonitoringFiles.PROMETHEUS), "sutazai");
        Map<String, Object> consul = map(list(sutazai.get("consul_sd_configs")).get(0));
        ComposeFile compose = ComposeFile.read();
        String consulAddress = compose.environment("gateway-service").get("CONSUL_HOST") + ":"
                + compose.environment("gateway-service").get("CONSUL_PORT");
        assertEquals(consulAddress, consul.get("server"), "Prometheus must ask the Consul the services register in");
        assertEquals(DeployFiles.SERVICES, list(consul.get("services")), "every service of the suite is scraped");
        assertEquals("/q/metrics", sutazai.get("metrics_path"));
        assertTrue(String.valueOf(sutazai.get("relabel_configs")).contains("target_label=service"),
                "the rules and dashboards group by a service label");
    }

    @Test
    void everyFileTheConfigurationNamesIsMountedFromTheRepository() {
        Map<String, Object> config = DeployFiles.yaml(MonitoringFiles.PROMETHEUS);
        List<String> volumes = list(ComposeFile.read().service("prometheus").get("volumes")).stream()
                .map(String::valueOf).toList();
        List<String> named = new ArrayList<>(list(config.get("rule_files")).stream().map(String::valueOf).toList());
        assertFalse(DeployFiles.read(MonitoringFiles.PROMETHEUS).contains("file_sd_configs"),
                "no file_sd directory: nothing ships one");
        for (String file : named) {
            String mount = volumes.stream().filter(volume -> volume.endsWith(":" + file + ":ro")).findFirst()
                    .orElseThrow(() -> new AssertionError(file + " is not mounted into the prometheus container"));
            assertTrue(Files.isRegularFile(ComposeFile.PATH.getParent().resolve(mount.split(":")[0])), mount);
        }
        assertTrue(volumes.contains("../prometheus/rules.yml:/etc/prometheus/rules.yml:ro"));
    }

    @Test
    void theRulesPassPromtoolAndItsUnitTests() {
        DeployFiles.Result check = DeployFiles.run("promtool", "check", "rules", MonitoringFiles.RULES.toString());
        assertEquals(0, check.exitCode(), "promtool check rules:\n" + check.output());
        DeployFiles.Result tests = DeployFiles.run("promtool", "test", "rules", MonitoringFiles.RULE_TESTS.toString());
        assertEquals(0, tests.exitCode(), "promtool test rules deploy/prometheus/tests/rules-test.yml:\n" + tests.output());
    }

    @Test
    void everyAlertHasAUnitTestThatSeesItFireAndResolve() {
        Map<String, List<Map<String, Object>>> evaluations = new LinkedHashMap<>();
        for (Object test : list(DeployFiles.yaml(MonitoringFiles.RULE_TESTS).get("tests"))) {
            for (Object evaluation : list(map(test).get("alert_rule_test"))) {
                evaluations.computeIfAbsent(String.valueOf(map(evaluation).get("alertname")), a -> new ArrayList<>())
                        .add(map(evaluation));
            }
        }
        List<String> untested = new ArrayList<>();
        MonitoringFiles.alerts().keySet().forEach(alert -> {
            List<Map<String, Object>> checks = evaluations.getOrDefault(alert, List.of());
            int firing = -1;
            boolean resolved = false;
            for (int i = 0; i < checks.size(); i++) {
                if (!list(checks.get(i).get("exp_alerts")).isEmpty()) {
                    firing = firing < 0 ? i : firing;
                } else if (firing >= 0) {
                    resolved = true;
                }
            }
            if (firing < 0 || !resolved) {
                untested.add(alert);
            }
        });
        assertEquals(List.of(), untested, "alerts without a promtool test that sees them fire and then resolve");
        Set<String> unknown = new TreeSet<>(evaluations.keySet());
        unknown.removeAll(MonitoringFiles.alerts().keySet());
        assertEquals(Set.of(), unknown, "tests of alerts rules.yml does not have");
    }

    @Test
    void everyAlertSaysHowBadWhatAndWhereItsRunbookIs() {
        String runbook = DeployFiles.read(MonitoringFiles.RUNBOOK);
        Set<String> anchors = new TreeSet<>();
        Matcher heading = HEADING.matcher(runbook);
        while (heading.find()) {
            anchors.add(heading.group(1).toLowerCase());
        }
        MonitoringFiles.alerts().forEach((alert, rule) -> {
            Map<String, Object> labels = map(rule.get("labels"));
            Map<String, Object> annotations = map(rule.get("annotations"));
            assertTrue(Set.of("critical", "warning").contains(labels.get("severity")),
                    alert + " needs severity critical or warning, which Alertmanager routes by");
            assertTrue(labels.containsKey("component"), alert + " needs the component health-service shows it on");
            for (String annotation : List.of("summary", "description", "runbook")) {
                assertFalse(String.valueOf(annotations.getOrDefault(annotation, "")).isBlank(), alert + " has no " + annotation);
            }
            assertEquals("deploy/RUNBOOK.md#" + alert.toLowerCase(), annotations.get("runbook"),
                    alert + "'s runbook must link its own section");
            assertTrue(anchors.contains(alert.toLowerCase()), "deploy/RUNBOOK.md has no section \"## " + alert + "\"");
        });
    }

    @Test
    void metricNamesAreReadFromPromQl() {
        assertEquals(Set.of("http_server_requests_seconds_bucket"), MonitoringFiles.metricNames(
                "histogram_quantile(0.95, sum by (service, le) (rate(http_server_requests_seconds_bucket"
                        + "{job=\"sutazai\", uri!~\"/api/v1/chat.*\"}[5m]))) > 2"));
        assertEquals(Set.of("agent_chat_tokens_total", "up"), MonitoringFiles.metricNames(
                "sum without (instance) (increase(agent_chat_tokens_total[1h] offset 5m)) / on (job) group_left up"));
    }

    private static Map<String, Object> job(Map<String, Object> config, String name) {
        return list(config.get("scrape_configs")).stream().map(DeployFiles::map)
                .filter(job -> name.equals(job.get("job_name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no scrape job " + name));
    }
}
