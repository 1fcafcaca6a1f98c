package ai.sutazai.system;

import static ai.sutazai.system.DeployFiles.ROOT;
import static ai.sutazai.system.DeployFiles.SERVICES;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.sutazai.health.probe.ProbesFile;

/**
 * deploy/compose/docker-compose.yml says what the code does: it validates without an engine, every
 * setting reaches the services from .env, images are pinned, and ports, health checks and probes are
 * the ones the services really serve.
 */
class ComposeFileTest {

    // ${NAME}, ${NAME:-default}, ${NAME:?error}, but not $${NAME}, which compose leaves to the container.
    private static final Pattern INTERPOLATED = Pattern.compile("(?<!\\$)\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern PROPERTY_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    // name:tag with a tag that names a version: digits, not "latest".
    private static final Pattern PINNED = Pattern.compile("[a-z0-9./-]+:(?!latest$)[A-Za-z0-9._-]*\\d[A-Za-z0-9._-]*");
    private static final Set<String> REQUIRED = Set.of("JWT_SECRET", "POSTGRES_PASSWORD");

    private final ComposeFile compose = ComposeFile.read();

    @Test
    void validatesWithDockerCompose(@TempDir Path dir) throws Exception {
        // The file reads ../../.env: give it the .env deploy/local/run.sh writes, in a copy of the layout.
        DeployFiles.generatedEnv(dir);
        Path projectDirectory = Files.createDirectories(dir.resolve("deploy/compose"));
        DeployFiles.Result result = DeployFiles.run("docker-compose", "--env-file", dir.resolve(".env").toString(),
                "--project-directory", projectDirectory.toString(), "-f", ComposeFile.PATH.toString(),
                "--profile", "stores", "--profile", "mcp", "config", "-q");
        assertEquals(0, result.exitCode(), "docker-compose config (Debian: apt-get install docker-compose; .ci/run"
                + " installs it) refused deploy/compose/docker-compose.yml:\n" + result.output());
    }

    @Test
    void everyVariableReachesTheServicesThatReadIt(@TempDir Path dir) {
        Map<String, String> env = DeployFiles.generatedEnv(dir);
        Set<String> unlisted = new TreeSet<>();
        Matcher interpolated = INTERPOLATED.matcher(DeployFiles.read(ComposeFile.PATH));
        while (interpolated.find()) {
            if (!env.containsKey(interpolated.group(1))) {
                unlisted.add(interpolated.group(1));
            }
        }
        assertEquals(Set.of(), unlisted, "variables the compose file interpolates but .env.example does not list");
        for (String service : SERVICES) {
            assertEquals(List.of("../../.env"), list(compose.service(service).get("env_file")),
                    service + " must read the repository's .env, the one deploy/local/run.sh writes");
            Map<String, String> environment = compose.environment(service);
            Set<String> unreached = new TreeSet<>();
            DeployFiles.settings(service).values().forEach(value -> {
                Matcher matcher = PROPERTY_VARIABLE.matcher(value);
                while (matcher.find()) {
                    if (!env.containsKey(matcher.group(1)) && !environment.containsKey(matcher.group(1))) {
                        unreached.add(matcher.group(1));
                    }
                }
            });
            assertEquals(Set.of(), unreached, "variables " + service + " reads that neither .env nor compose gives it");
            for (String required : REQUIRED) {
                assertFalse(env.get(required).isEmpty(), "the generated .env must fill in " + required);
                assertFalse(environment.containsKey(required), service + " must take " + required + " from .env as is");
            }
        }
    }

    @Test
    void valuesThatHoldOnlyOnTheLocalMachineAreOverridden(@TempDir Path dir) {
        Map<String, String> env = DeployFiles.generatedEnv(dir);
        List<String> localOnly = env.entrySet().stream()
                .filter(e -> e.getValue().contains("localhost") || e.getValue().contains("127.0.0.1")
                        || e.getValue().startsWith("deploy/"))
                .map(Map.Entry::getKey).toList();
        assertFalse(localOnly.isEmpty(), "the generated .env should point at this machine somewhere");
        for (String service : SERVICES) {
            Map<String, String> environment = compose.environment(service);
            List<String> missing = localOnly.stream().filter(name -> !environment.containsKey(name)).toList();
            assertEquals(List.of(), missing, service + " must override what only holds on the local machine");
            assertEquals("true", environment.get("CONSUL_ENABLED"), service + " must find the others through Consul");
            assertEquals(service, environment.get("SERVICE_ADVERTISED_HOST"),
                    service + " must register under the name the network knows it by");
            assertEquals(service, DeployFiles.settings(service).get("quarkus.application.name"),
                    "the compose service must be named as " + service + " names itself in Consul");
        }
    }

    @Test
    void everyImageIsPinned() {
        String version = projectVersion();
        compose.services().keySet().forEach(name -> {
            String image = String.valueOf(compose.service(name).get("image"));
            assertTrue(PINNED.matcher(image).matches(), name + " runs " + image + ": pin a version, never latest");
        });
        for (String service : SERVICES) {
            assertEquals("sutazai/" + service + ":" + version, compose.service(service).get("image"),
                    service + "'s image is tagged with the project's version");
            Map<String, Object> build = map(compose.service(service).get("build"));
            assertEquals("../..", build.get("context"), service + " builds from the repository root");
            assertEquals(service + "/src/main/docker/Dockerfile.jvm", build.get("dockerfile"));
        }
    }

    @Test
    void portsAndHealthChecksAreTheOnesTheServicesServe() {
        Map<String, String> shared = compose.environment("gateway-service");
        for (String service : SERVICES) {
            String port = containerPort(service);
            assertEquals(List.of(port), compose.expose(service), service + " listens on " + port + " in its image");
            Matcher url = compose.healthcheckUrl(service).orElseThrow(
                    () -> new AssertionError(service + "'s health check asks no URL"));
            assertEquals(port, url.group(1), service + "'s health check asks another port than it listens on");
            assertEquals(readinessPath(service), url.group(2), service + "'s health check asks another path");
            String addresses = service.replace("-service", "").replace('-', '_').toUpperCase() + "_SERVICE_ADDRESSES";
            if (!service.equals("gateway-service")) {
                assertEquals(service + ":" + port, shared.get(addresses), addresses + " must name the container port");
            }
        }
    }

    @Test
    void everyContainerHasAHealthCheckAndAMemoryLimit() {
        compose.services().keySet().forEach(name -> {
            assertFalse(compose.healthcheck(name).isEmpty(), name + " has no health check");
            assertTrue(String.valueOf(compose.service(name).get("mem_limit")).matches("\\d+[mg]"),
                    name + " has no memory limit (mem_limit, which docker-compose 1.29 and compose v2 both apply)");
        });
    }

    @Test
    void startOrderWaitsOnlyForHealthyServicesOfTheCoreStack() {
        compose.services().keySet().forEach(name -> map(compose.service(name).get("depends_on")).forEach((target, how) -> {
            assertEquals("service_healthy", map(how).get("condition"), name + " must wait for " + target + " to be healthy");
            assertFalse(compose.healthcheck(target).isEmpty(), target + " has no health check to wait for");
            assertEquals(List.of(), compose.profiles(target), name + " cannot wait for " + target + " of an optional profile");
        }));
    }

    @Test
    void filesItMountsAndBuildsExist() {
        Path base = ComposeFile.PATH.getParent();
        List<String> missing = new ArrayList<>();
        compose.services().keySet().forEach(name -> {
            for (Object volume : list(compose.service(name).get("volumes"))) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith(".") && !Files.exists(base.resolve(source))) {
                    missing.add(name + ": " + source);
                }
            }
            Map<String, Object> build = map(compose.service(name).get("build"));
            if (!build.isEmpty() && !Files.isRegularFile(base.resolve(String.valueOf(build.get("context")))
                    .resolve(String.valueOf(build.get("dockerfile"))))) {
                missing.add(name + ": " + build);
            }
        });
        assertEquals(List.of(), missing, "files the compose file names that do not exist");
    }

    @Test
    void dataLivesInDeclaredNamedVolumes() {
        Set<String> used = new TreeSet<>();
        compose.services().keySet().forEach(name -> list(compose.service(name).get("volumes")).stream()
                .map(volume -> String.valueOf(volume).split(":")[0]).filter(source -> !source.startsWith("."))
                .forEach(used::add));
        assertEquals(new TreeSet<>(map(compose.root().get("volumes")).keySet()), used,
                "named volumes used and declared must be the same");
    }

    @Test
    void onlyKongIsTrustedWithClientAddresses() {
        String kong = String.valueOf(map(map(map(compose.service("kong").get("networks")).get("default"))).get("ipv4_address"));
        assertEquals(kong, compose.environment("gateway-service").get("TRUSTED_PROXIES"));
        String subnet = String.valueOf(map(list(map(map(map(compose.root().get("networks")).get("default")).get("ipam"))
                .get("config")).get(0)).get("subnet"));
        assertTrue(subnet.endsWith(".0/24") && kong.startsWith(subnet.substring(0, subnet.length() - "0/24".length())),
                "Kong's address " + kong + " must lie in the network's subnet " + subnet);
        assertEquals(List.of("10200:8000"), list(compose.service("kong").get("ports")),
                "the API is published on the old platform's port 10200, to Kong's proxy");
        assertEquals("0.0.0.0:8000", compose.environment("kong").get("KONG_PROXY_LISTEN"));
    }

    @Test
    void healthServiceProbesTheStackAtItsContainerPorts(@TempDir Path dir) {
        Map<String, String> variables = new LinkedHashMap<>(DeployFiles.generatedEnv(dir));
        variables.putAll(compose.environment("health-service"));
        assertTrue(list(compose.service("health-service").get("volumes"))
                .contains("./probes.yaml:" + variables.get("HEALTH_PROBES_FILE") + ":ro"));
        String probes = DeployFiles.read(ComposeFile.PATH.resolveSibling("probes.yaml"));
        // The file health-service would refuse at start, read as it reads it.
        ProbesFile.parse(probes, name -> Optional.ofNullable(variables.get(name)));
        Matcher target = Pattern.compile("(?m)^\\s+(?:url: https?://([a-z0-9-]+):(\\d+)|host: ([a-z0-9-]+)\\s*\\n\\s+port: (\\d+))")
                .matcher(probes);
        Set<String> probed = new TreeSet<>();
        while (target.find()) {
            String host = target.group(1) != null ? target.group(1) : target.group(3);
            String port = target.group(2) != null ? target.group(2) : target.group(4);
            assertTrue(compose.expose(host).contains(port), "a probe asks " + host + ":" + port
                    + ", which the compose file does not expose");
            probed.add(host);
        }
        Set<String> containers = new TreeSet<>(compose.services().keySet());
        // health-service does not probe itself; the MCP peer is the bridge's to watch.
        containers.removeAll(Set.of("health-service", "mcp-everything"));
        assertEquals(containers, probed, "every container of the stack should be probed");
    }

    static String containerPort(String service) {
        return Dockerfile.of(service, "jvm").environment().get("QUARKUS_HTTP_PORT");
    }

    // /q/health/ready unless the service moves the non-application root or the health paths; an
    // absolute one is taken from the HTTP root, as Quarkus takes it.
    static String readinessPath(String service) {
        Map<String, String> settings = DeployFiles.settings(service);
        assertEquals("/", settings.getOrDefault("quarkus.http.root-path", "/"), service + " moves its HTTP root");
        String root = under("", settings.getOrDefault("quarkus.http.non-application-root-path", "q"));
        String health = under(root, settings.getOrDefault("quarkus.smallrye-health.root-path", "health"));
        return under(health, settings.getOrDefault("quarkus.smallrye-health.readiness-path", "ready"));
    }

    private static String under(String parent, String path) {
        return path.startsWith("/") ? path : parent + "/" + path;
    }

    private static String projectVersion() {
        Matcher version = Pattern.compile("<artifactId>sutazai-platform</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(DeployFiles.read(ROOT.resolve("pom.xml")));
        assertTrue(version.find(), "no version in pom.xml");
        return version.group(1);
    }
}
