package ai.sutazai.system;

import static ai.sutazai.system.DeployFiles.list;
import static ai.sutazai.system.DeployFiles.map;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** deploy/compose/docker-compose.yml, read as compose reads it (anchors and merge keys resolved). */
record ComposeFile(Map<String, Object> root) {

    static final Path PATH = DeployFiles.ROOT.resolve("deploy/compose/docker-compose.yml");
    private static final Pattern URL = Pattern.compile("https?://[^:/\\s'\"]+:(\\d+)(/[^\\s'\")]*)?");

    static ComposeFile read() {
        return new ComposeFile(DeployFiles.yaml(PATH));
    }

    Map<String, Object> services() {
        return map(root.get("services"));
    }

    Map<String, Object> service(String name) {
        return map(services().get(name));
    }

    /** What the {@code environment} key sets for a container (in map or list form), as written. */
    Map<String, String> environment(String name) {
        Object environment = service(name).get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> entries) {
            entries.forEach((key, value) -> variables.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
        } else {
            for (Object entry : list(environment)) {
                String text = String.valueOf(entry);
                int equals = text.indexOf('=');
                variables.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : text.substring(equals + 1));
            }
        }
        return variables;
    }

    List<String> healthcheck(String name) {
        return list(map(service(name).get("healthcheck")).get("test")).stream().map(String::valueOf).toList();
    }

    /** The port and path of the URL a container's health check asks, e.g. {@code 8080} and {@code /q/health/ready}. */
    Optional<Matcher> healthcheckUrl(String name) {
        Matcher matcher = URL.matcher(String.join(" ", healthcheck(name)));
        return matcher.find() ? Optional.of(matcher) : Optional.empty();
    }

    List<String> expose(String name) {
        return list(service(name).get("expose")).stream().map(String::valueOf).toList();
    }

    List<String> profiles(String name) {
        return list(service(name).get("profiles")).stream().map(String::valueOf).toList();
    }
}
