package ai.sutazai.health.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import ai.sutazai.commons.config.VariableExpansion;

/**
 * The probes file: a top-level {@code probes:} list whose entries each give {@code name},
 * {@code type} (or {@code preset}), {@code interval}, {@code timeout}, {@code critical},
 * {@code dependsOn} and the type's own fields, with {@code ${VAR}} and {@code ${VAR:-default}}
 * expanded from the environment. Parsed strictly: every unknown key, bad value, duplicate name,
 * unknown dependency and dependency cycle is reported, each naming its entry.
 */
public final class ProbesFile {

    /** The bundled probes of the suite's own stack, used when no probes file is set. */
    public static final String BUNDLED = "probes-default.yaml";

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final int DEFAULT_FAILURE_THRESHOLD = 2;
    static final int DEFAULT_RECOVERY_THRESHOLD = 2;
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    private static final Duration MAX_INTERVAL = Duration.ofDays(1);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "OPTIONS");
    private static final Set<String> COMMON = Set.of("name", "type", "preset", "interval", "timeout", "critical",
            "dependsOn", "failureThreshold", "recoveryThreshold");
    private static final Map<ProbeType, Set<String>> OWN_KEYS = Map.of(
            ProbeType.HTTP, Set.of("url", "method", "expectStatus", "maxResponseTime", "jsonField", "jsonValue",
                    "headers", "minCertDays", "tlsInsecure"),
            ProbeType.SERVICE, Set.of("url", "headers"),
            ProbeType.TCP, Set.of("host", "port"),
            ProbeType.POSTGRES, Set.of("host", "port", "database", "user", "password"),
            ProbeType.REDIS, Set.of("host", "port", "user", "password"),
            ProbeType.AMQP, Set.of("host", "port", "user", "password", "vhost"),
            ProbeType.CONSUL, Set.of("host", "port"),
            ProbeType.HEARTBEAT, Set.of("token"));
    private static final Set<String> PRESET_KEYS = Set.of("url", "model", "headers", "maxResponseTime",
            "minCertDays", "tlsInsecure");
    private static final Map<ProbeType, Integer> DEFAULT_PORTS = Map.of(ProbeType.POSTGRES, 5432,
            ProbeType.REDIS, 6379, ProbeType.AMQP, 5672, ProbeType.CONSUL, 8500);
    // Jackson keeps the last of two equal keys unless told otherwise, which would hide a typo'd duplicate.
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ProbesFile() {
    }

    /** The probes of the file at {@code path}. */
    public static List<ProbeDefinition> read(Path path, Function<String, Optional<String>> variables) {
        try {
            return parse(Files.readString(path), variables);
        } catch (IOException e) {
            throw new ProbesFileException(List.of("cannot be read (" + e.getMessage() + ")"));
        }
    }

    /** The bundled probes of the suite's own stack. */
    public static List<ProbeDefinition> bundled(Function<String, Optional<String>> variables) {
        try (InputStream in = ProbesFile.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED + " is missing from the service's jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), variables);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + BUNDLED, e);
        }
    }

    // Where and what, but not SnakeYAML's quote of the line it stopped at, which may hold a password.
    private static String syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            return " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
                    + marked.getProblem() + (marked.getContext() == null ? "" : " (" + marked.getContext() + ")");
        }
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return where + ": " + e.getOriginalMessage();
    }

    /** The probes a file's text defines; {@link ProbesFileException} naming every problem otherwise. */
    public static List<ProbeDefinition> parse(String text, Function<String, Optional<String>> variables) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProbesFileException(List.of("is not valid YAML" + syntaxError(e)));
        }
        if (root == null || !root.isObject() || !root.path("probes").isArray()) {
            throw new ProbesFileException(List.of("must be a YAML map with a \"probes:\" list"));
        }
        List<String> problems = new ArrayList<>();
        root.fieldNames().forEachRemaining(key -> {
            if (!key.equals("probes")) {
                problems.add("the top-level key \"" + key + "\" is unknown; only \"probes\" is read");
            }
        });
        VariableExpansion expansion = new VariableExpansion(variables);
        Map<String, ProbeDefinition> probes = new LinkedHashMap<>();
        Map<String, String> labels = new HashMap<>();
        int index = 0;
        for (JsonNode node : root.get("probes")) {
            String label = "probes[" + index++ + "]";
            if (!node.isObject()) {
                problems.add(label + ": an entry must be a map of settings");
                continue;
            }
            label += node.path("name").isTextual() ? " \"" + node.get("name").asText() + "\"" : "";
            EntryReader entry = new EntryReader(node, expansion);
            ProbeDefinition probe = entry(entry);
            String name = node.path("name").asText(null);
            if (name != null && labels.containsKey(name)) {
                entry.problem("the name is already used by " + labels.get(name));
            } else if (name != null) {
                labels.put(name, label);
            }
            if (!entry.problems().isEmpty()) {
                problems.add(label + ": " + String.join("; ", entry.problems()));
            } else {
                probes.put(probe.name(), probe);
            }
        }
        dependencies(probes, labels, problems);
        if (!problems.isEmpty()) {
            throw new ProbesFileException(problems);
        }
        return List.copyOf(probes.values());
    }

    private static ProbeDefinition entry(EntryReader entry) {
        String name = entry.text("name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            entry.problem("the name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String preset = entry.text("preset", false);
        String typeLabel = entry.text("type", preset == null);
        ProbeType type = null;
        if (preset != null && typeLabel != null && !typeLabel.equals(ProbeType.HTTP.label())) {
            entry.problem("a preset is an http probe; leave \"type\" out or write type: http");
        } else if (preset != null) {
            type = ProbeType.HTTP;
        } else if (typeLabel != null) {
            type = ProbeType.fromLabel(typeLabel).orElse(null);
            if (type == null) {
                entry.problem("\"type\" is \"" + typeLabel + "\"; it must be one of " + ProbeType.labels()
                        + " (or give a \"preset\")");
            }
        }
        Duration interval = entry.duration("interval", DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL);
        Duration timeout = entry.duration("timeout", DEFAULT_TIMEOUT.compareTo(interval) > 0 ? interval
                : DEFAULT_TIMEOUT, Duration.ofMillis(10), MAX_INTERVAL);
        if (timeout.compareTo(interval) > 0) {
            entry.problem("\"timeout\" (" + timeout + ") is longer than \"interval\" (" + interval
                    + "); a check must end before the next is due");
        }
        boolean critical = entry.bool("critical", false);
        List<String> dependsOn = entry.texts("dependsOn");
        int failures = entry.integer("failureThreshold", DEFAULT_FAILURE_THRESHOLD, 1, 100);
        int recoveries = entry.integer("recoveryThreshold", DEFAULT_RECOVERY_THRESHOLD, 1, 100);
        if (type == null) {
            return null;
        }
        Set<String> allowed = new HashSet<>(COMMON);
        allowed.addAll(preset != null ? PRESET_KEYS : OWN_KEYS.get(type));
        entry.onlyKeys(allowed, preset != null ? "a preset" : "a " + type.label() + " probe");
        ProbeTarget target = preset != null ? preset(entry, preset) : target(entry, type);
        if (target == null || !entry.problems().isEmpty()) {
            return null;
        }
        return new ProbeDefinition(name, type, preset,
                interval, timeout, critical, List.copyOf(dependsOn), failures, recoveries, target);
    }

    private static ProbeTarget target(EntryReader entry, ProbeType type) {
        return switch (type) {
            case HTTP -> http(entry, List.of(new ProbeTarget.HttpStep(url(entry), method(entry),
                    entry.texts("expectStatus").stream().map(status -> status(entry, status)).toList(),
                    entry.text("jsonField", false), entry.text("jsonValue", false))));
            case SERVICE -> {
                String url = url(entry);
                yield http(entry, List.of(new ProbeTarget.HttpStep(url == null ? null
                        : trimSlash(url) + ServiceProbe.READINESS_PATH, "GET", List.of(), null, null)));
            }
            case HEARTBEAT -> {
                String token = entry.text("token", true);
                if (token != null && token.length() < 16) {
                    entry.problem("\"token\" must be at least 16 characters (e.g. from: openssl rand -hex 16)");
                }
                yield new ProbeTarget.Heartbeat(token);
            }
            default -> host(entry, type);
        };
    }

    private static ProbeTarget host(EntryReader entry, ProbeType type) {
        String host = entry.text("host", true);
        int port = DEFAULT_PORTS.containsKey(type) ? entry.integer("port", DEFAULT_PORTS.get(type), 1, 65535)
                : entry.has("port") ? entry.integer("port", 0, 1, 65535) : missingPort(entry);
        return switch (type) {
            case POSTGRES -> new ProbeTarget.Host(host, port, Optional.ofNullable(entry.text("database", false))
                    .orElse("postgres"), entry.text("user", true), entry.text("password", false), null);
            case REDIS -> new ProbeTarget.Host(host, port, null, entry.text("user", false),
                    entry.text("password", false), null);
            case AMQP -> new ProbeTarget.Host(host, port, null, Optional.ofNullable(entry.text("user", false))
                    .orElse("guest"), Optional.ofNullable(entry.text("password", false)).orElse("guest"),
                    Optional.ofNullable(entry.text("vhost", false)).orElse("/"));
            default -> new ProbeTarget.Host(host, port, null, null, null, null);
        };
    }

    private static int missingPort(EntryReader entry) {
        entry.problem("\"port\" is required");
        return 0;
    }

    private static ProbeTarget preset(EntryReader entry, String name) {
        Optional<Presets.Preset> preset = Presets.named(name);
        if (preset.isEmpty()) {
            entry.problem("\"preset\" is \"" + name + "\"; it must be one of " + Presets.names());
            return null;
        }
        String url = entry.has("url") ? url(entry) : preset.get().defaultUrl();
        String model = Optional.ofNullable(entry.text("model", false)).orElse(Presets.DEFAULT_OLLAMA_MODEL);
        return url == null ? null : http(entry, preset.get().steps().apply(trimSlash(url), model));
    }

    private static ProbeTarget http(EntryReader entry, List<ProbeTarget.HttpStep> steps) {
        Duration maxResponseTime = entry.has("maxResponseTime")
                ? entry.duration("maxResponseTime", null, Duration.ofMillis(1), MAX_INTERVAL) : null;
        Integer minCertDays = entry.optionalInteger("minCertDays", 0, 3650);
        boolean tlsInsecure = entry.bool("tlsInsecure", false);
        Map<String, String> headers = entry.map("headers");
        if (steps.stream().anyMatch(step -> step.url() == null)) {
            return null;
        }
        if (steps.get(0).jsonValue() != null && steps.get(0).jsonField() == null) {
            entry.problem("\"jsonValue\" needs a \"jsonField\" to compare with");
        }
        return new ProbeTarget.Http(steps, headers, maxResponseTime, minCertDays, tlsInsecure);
    }

    private static String url(EntryReader entry) {
        String url = entry.text("url", true);
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // Reported below.
        }
        entry.problem("\"url\" must be an absolute http:// or https:// URL with a host");
        return null;
    }

    private static String method(EntryReader entry) {
        String method = Optional.ofNullable(entry.text("method", false)).orElse("GET").toUpperCase(Locale.ROOT);
        if (!HTTP_METHODS.contains(method)) {
            entry.problem("\"method\" is \"" + method + "\"; it must be one of GET, HEAD, POST, PUT, OPTIONS");
        }
        return method;
    }

    private static Integer status(EntryReader entry, String status) {
        if (status.strip().matches("[1-5]\\d\\d")) {
            return Integer.parseInt(status.strip());
        }
        entry.problem("\"expectStatus\" holds \"" + status + "\"; each must be an HTTP status from 100 to 599");
        return 0;
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void dependencies(Map<String, ProbeDefinition> probes, Map<String, String> labels,
            List<String> problems) {
        for (ProbeDefinition probe : probes.values()) {
            for (String dependency : probe.dependsOn()) {
                if (dependency.equals(probe.name())) {
                    problems.add(labels.get(probe.name()) + ": \"dependsOn\" names the probe itself");
                } else if (!probes.containsKey(dependency)) {
                    problems.add(labels.get(probe.name()) + ": \"dependsOn\" names \"" + dependency
                            + "\", which is no probe of this file");
                }
            }
        }
        Set<String> reported = new HashSet<>();
        for (ProbeDefinition probe : probes.values()) {
            cycle(probe.name(), probes, new ArrayList<>()).ifPresent(cycle -> {
                if (reported.addAll(cycle)) {
                    problems.add(labels.get(probe.name()) + ": \"dependsOn\" makes a cycle: "
                            + String.join(" -> ", cycle) + " -> " + cycle.get(0));
                }
            });
        }
    }

    private static Optional<List<String>> cycle(String name, Map<String, ProbeDefinition> probes, List<String> path) {
        int seen = path.indexOf(name);
        if (seen >= 0) {
            return seen == 0 ? Optional.of(List.copyOf(path)) : Optional.empty();
        }
        ProbeDefinition probe = probes.get(name);
        if (probe == null) {
            return Optional.empty();
        }
        path.add(name);
        for (String dependency : probe.dependsOn()) {
            if (!dependency.equals(name)) {
                Optional<List<String>> cycle = cycle(dependency, probes, path);
                if (cycle.isPresent()) {
                    return cycle;
                }
            }
        }
        path.remove(path.size() - 1);
        return Optional.empty();
    }
}
