package ai.sutazai.system;

import static ai.sutazai.system.DeployFiles.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.sutazai.mcp.registry.RegistryFile;
import ai.sutazai.mcp.registry.ServerDefinition;
import ai.sutazai.mcp.registry.ServerOptions;
import ai.sutazai.mcp.registry.TransportKind;

/**
 * deploy/mcp/mcp-servers.json, the bridge's default registry, runs out of the box: the bridge accepts
 * every entry, and each server, started from the binaries npm ci installs in deploy/mcp, answers an
 * MCP initialize.
 */
class McpServersTest {

    private static final Path MCP = ROOT.resolve("deploy/mcp");
    private static final Pattern DEPENDENCY = Pattern.compile("\"(@[^\"]+)\": \"([^\"]+)\"");

    @Test
    void theBridgeAcceptsEveryEntry(@TempDir Path data) {
        List<ServerDefinition> servers = servers(data);
        assertEquals(List.of("filesystem", "memory", "sequential-thinking", "everything"),
                servers.stream().map(ServerDefinition::name).toList());
        servers.forEach(server -> {
            assertNull(server.problem(), server.name() + " would fail in the bridge");
            assertEquals(TransportKind.STDIO, server.transport(), server.name());
        });
    }

    @Test
    void isTheDefaultRegistryLocallyAndInCompose() {
        assertTrue(DeployFiles.read(ROOT.resolve(".env.example")).contains("\nMCP_SERVERS_FILE=deploy/mcp/mcp-servers.json\n"));
        ComposeFile compose = ComposeFile.read();
        Map<String, String> environment = compose.environment("mcp-bridge-service");
        assertTrue(DeployFiles.list(compose.service("mcp-bridge-service").get("volumes"))
                .contains("../mcp/mcp-servers.json:" + environment.get("MCP_SERVERS_FILE") + ":ro"));
        assertEquals(Dockerfile.of("mcp-bridge-service", "jvm").environment().get("MCP_DATA_DIR"),
                environment.get("MCP_DATA_DIR"), "the servers' data folder is the image's, a volume in compose");
        assertTrue(DeployFiles.list(compose.service("mcp-bridge-service").get("volumes"))
                .contains("mcp-data:" + environment.get("MCP_DATA_DIR")));
    }

    @Test
    void packagesSharedWithTheTestPeersHaveOneVersion() {
        Map<String, String> servers = dependencies(MCP.resolve("package.json"));
        Map<String, String> peers = dependencies(ROOT.resolve("deploy/test-peers/package.json"));
        servers.forEach((name, version) -> {
            if (peers.containsKey(name)) {
                assertEquals(peers.get(name), version, name + " differs between deploy/mcp and deploy/test-peers");
            }
        });
        String lock = DeployFiles.read(MCP.resolve("package-lock.json"));
        servers.forEach((name, version) -> assertTrue(lock.contains("\"node_modules/" + name + "\": {\n      \"version\": \""
                + version + "\""), name + " " + version + " is not what package-lock.json installs: run npm install in deploy/mcp"));
    }

    @Test
    void everyServerAnswersInitialize(@TempDir Path data) throws Exception {
        Path bin = MCP.resolve("node_modules/.bin");
        assertTrue(Files.isDirectory(bin), "install the servers first: (cd deploy/mcp && npm ci), as .ci/run"
                + " and deploy/local/run.sh do");
        Files.createDirectories(data.resolve("files"));
        List<String> silent = new ArrayList<>();
        for (ServerDefinition server : servers(data)) {
            Path command = bin.resolve(server.command());
            assertTrue(Files.isExecutable(command), server.command() + " is not installed by deploy/mcp/package.json");
            List<String> line = new ArrayList<>(List.of(command.toString()));
            line.addAll(server.args());
            ProcessBuilder builder = new ProcessBuilder(line).directory(ROOT.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(server.env());
            Process process = builder.start();
            try {
                if (!answersInitialize(process)) {
                    silent.add(server.name());
                }
            } finally {
                process.getOutputStream().close();
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
        assertEquals(List.of(), silent, "servers that did not answer initialize within 30 s");
    }

    private static List<ServerDefinition> servers(Path data) {
        Map<String, String> variables = Map.of("MCP_DATA_DIR", data.toString());
        return RegistryFile.read(MCP.resolve("mcp-servers.json"), name -> Optional.ofNullable(variables.get(name)),
                ServerOptions.DEFAULTS);
    }

    private static boolean answersInitialize(Process process) throws Exception {
        OutputStream in = process.getOutputStream();
        in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"deploy-check\",\"version\":\"1\"}}}\n")
                .getBytes(StandardCharsets.UTF_8));
        in.flush();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.contains("\"id\":1") && line.contains("\"serverInfo\"")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return false;
        }
    }

    private static Map<String, String> dependencies(Path packageJson) {
        String text = DeployFiles.read(packageJson);
        String dependencies = text.substring(text.indexOf("\"dependencies\""));
        Map<String, String> versions = new TreeMap<>();
        Matcher matcher = DEPENDENCY.matcher(dependencies.substring(0, dependencies.indexOf('}')));
        while (matcher.find()) {
            versions.put(matcher.group(1), matcher.group(2));
        }
        return versions;
    }
}
