package ai.sutazai.system;

import static ai.sutazai.system.DeployFiles.ROOT;
import static ai.sutazai.system.DeployFiles.list;
import static ai.sutazai.system.DeployFiles.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The monitoring files as the checks read them: the alert rules, the Grafana dashboards, and the
 * metric names their PromQL expressions use.
 */
final class MonitoringFiles {

    static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus/prometheus.yml");
    static final Path RULES = ROOT.resolve("deploy/prometheus/rules.yml");
    static final Path RULE_TESTS = ROOT.resolve("deploy/prometheus/tests/rules-test.yml");
    static final Path ALERTMANAGER = ROOT.resolve("deploy/alertmanager/alertmanager.yml");
    static final Path GRAFANA = ROOT.resolve("deploy/grafana/provisioning");
    static final Path DASHBOARDS = GRAFANA.resolve("dashboards/sutazai");
    static final Path RUNBOOK = ROOT.resolve("deploy/RUNBOOK.md");
    /** Series Prometheus makes itself rather than scraping them from a service. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up", "ALERTS", "ALERTS_FOR_STATE");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w:])(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless", "inf", "nan", "Inf", "NaN");

    private MonitoringFiles() {
    }

    /** The rules of rules.yml by alert name, each with its expr, for, labels and annotations. */
    static Map<String, Map<String, Object>> alerts() {
        Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
        for (Object group : list(DeployFiles.yaml(RULES).get("groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
                alerts.put(String.valueOf(map(rule).get("alert")), map(rule));
            }
        }
        return alerts;
    }

    /** The dashboard files of the provisioned folder. */
    static List<Path> dashboardFiles() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(ROOT.relativize(file) + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Every PromQL expression of a dashboard, by where it is ("panel title / refId"). */
    static Map<String, String> dashboardExpressions(JsonNode dashboard) {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    expressions.put(panel.path("title").asText() + " / " + target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
        }
        return expressions;
    }

    /**
     * Where each metric is used: "rule X" or "dashboard Y: panel / refId", by metric name, for every
     * rule and dashboard shipped; names Prometheus makes itself are left out.
     */
    static Map<String, Set<String>> usedMetrics() {
        Map<String, Set<String>> used = new LinkedHashMap<>();
        alerts().forEach((alert, rule) -> metricNames(String.valueOf(rule.get("expr")))
                .forEach(name -> used.computeIfAbsent(name, n -> new TreeSet<>()).add("rule " + alert)));
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = json(file);
            dashboardExpressions(dashboard).forEach((where, expr) -> metricNames(expr).forEach(name -> used
                    .computeIfAbsent(name, n -> new TreeSet<>()).add("dashboard " + file.getFileName() + ": " + where)));
        }
        PROMETHEUS_OWN.forEach(used::remove);
        return used;
    }

    /**
     * The metric names of a PromQL expression: identifiers that are neither functions, keywords,
     * label names (inside braces or by/without/on lists), durations, numbers nor strings.
     */
    static Set<String> metricNames(String promql) {
        String text = STRING.matcher(promql).replaceAll("\"\"");
        text = MATCHERS.matcher(text).replaceAll(" ");
        text = RANGE.matcher(text).replaceAll(" ");
        text = LABEL_LIST.matcher(text).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(text);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (!KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
