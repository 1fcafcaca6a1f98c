package ai.sutazai.mcp.registry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryFileTest {

    private static final Function<String, Optional<String>> VARIABLES = name -> Optional.ofNullable(Map.of(
            "API_TOKEN", "t0ken", "EMPTY", "", "HOST", "mcp.example.org").get(name));

    @TempDir
    Path folder;

    @Test
    void readsEveryTransportSpellingOfTheCommonClients() throws IOException {
        List<ServerDefinition> servers = read("""
                { "mcpServers": {
                    "plain": { "command": "npx", "args": ["-y", "pkg"], "env": { "A": "1" }, "cwd": "/tmp" },
                    "stdio": { "type": "stdio", "command": "node" },
                    "upper": { "type": "STDIO", "command": "node" },
                    "http": { "type": "http", "url": "https://mcp.example.org/mcp" },
                    "dashed": { "type": "streamable-http", "url": "http://127.0.0.1:3001/mcp" },
                    "camel": { "type": "streamableHttp", "url": "http://127.0.0.1:3001/mcp" },
                    "cursor": { "url": "http://127.0.0.1:3001/mcp", "headers": { "X-Key": "k" } }
                } }
                """);
        assertEquals(List.of("plain", "stdio", "upper", "http", "dashed", "camel", "cursor"),
                servers.stream().map(ServerDefinition::name).toList());
        ServerDefinition plain = servers.get(0);
        assertEquals(TransportKind.STDIO, plain.transport());
        assertEquals(List.of("-y", "pkg"), plain.args());
        assertEquals(Map.of("A", "1"), plain.env());
        assertEquals("/tmp", plain.cwd());
        assertEquals(TransportKind.STDIO, servers.get(2).transport());
        for (ServerDefinition remote : servers.subList(3, 7)) {
            assertEquals(TransportKind.STREAMABLE_HTTP, remote.transport(), remote.name());
            assertNull(remote.problem(), remote.name());
        }
        assertEquals(Map.of("X-Key", "k"), servers.get(6).headers());
    }

    @Test
    void expandsVariablesWithAndWithoutDefaults() throws IOException {
        ServerDefinition server = read("""
                { "mcpServers": { "remote": {
                    "url": "https://${HOST}/mcp?x=${UNSET:-fallback}",
                    "headers": { "Authorization": "Bearer ${API_TOKEN}", "X-Empty": "${EMPTY:-was empty}" }
                } } }
                """).get(0);
        assertNull(server.problem());
        assertEquals("https://mcp.example.org/mcp?x=fallback", server.url());
        assertEquals(Map.of("Authorization", "Bearer t0ken", "X-Empty", "was empty"), server.headers());
    }

    @Test
    void aBadEntryFailsAloneWithItsReason() throws IOException {
        List<ServerDefinition> servers = read("""
                { "mcpServers": {
                    "good": { "command": "node" },
                    "no-command": { "args": ["x"] },
                    "bad-type": { "type": "websocket", "url": "ws://x" },
                    "legacy-sse": { "type": "sse", "url": "http://x/sse" },
                    "unknown-variable": { "command": "${NOBODY_SET_THIS}" },
                    "bad-option": { "command": "node", "x-sutazai": { "callTimeout": 5 } },
                    "bad-url": { "type": "http", "url": "ftp://x" },
                    "not-an-object": 42,
                    "bad name!": { "command": "node" }
                } }
                """);
        Map<String, String> problems = new HashMap<>();
        servers.forEach(s -> problems.put(s.name(), s.problem()));
        assertNull(problems.get("good"));
        assertThat(problems.get("no-command"), containsString("a stdio server needs a \"command\""));
        assertThat(problems.get("bad-type"), containsString("\"type\" is \"websocket\""));
        assertThat(problems.get("legacy-sse"), containsString("is not supported"));
        assertThat(problems.get("unknown-variable"), containsString("${NOBODY_SET_THIS} is not set"));
        assertThat(problems.get("bad-option"), containsString("unknown option \"callTimeout\""));
        assertThat(problems.get("bad-url"), containsString("must be an http:// or https:// URL"));
        assertThat(problems.get("not-an-object"), containsString("must be a JSON object"));
        assertThat(problems.get("bad name!"), containsString("1 to 64 letters"));
    }

    @Test
    void ourOptionsLiveInTheirOwnKeyOverTheDefaults() throws IOException {
        List<ServerDefinition> servers = read("""
                { "mcpServers": {
                    "tuned": { "command": "node", "x-sutazai": {
                        "callTimeoutSeconds": 1.5, "maxConcurrentCalls": 3, "denyTools": ["rm"],
                        "allowTools": ["ls", "rm"], "restart": "never", "pingFailures": 5 } },
                    "off": { "command": "node", "disabled": true },
                    "plain": { "command": "node", "autoApprove": ["x"], "timeout": 5000 }
                } }
                """);
        ServerOptions tuned = servers.get(0).options();
        assertEquals(Duration.ofMillis(1500), tuned.callTimeout());
        assertEquals(3, tuned.maxConcurrentCalls());
        assertEquals(5, tuned.pingFailures());
        assertFalse(tuned.restartOnFailure());
        assertTrue(tuned.offers("ls"));
        assertFalse(tuned.offers("rm"), "deny wins over allow");
        assertFalse(tuned.offers("cat"), "an allow list leaves out the rest");
        assertFalse(servers.get(1).options().enabled());
        assertEquals(ServerOptions.DEFAULTS, servers.get(2).options(), "other clients' keys are ignored");
    }

    @Test
    void aDuplicatedServerNameStopsTheWholeFileAndIsNamed() throws IOException {
        RegistryFileException refused = assertThrows(RegistryFileException.class, () -> read("""
                { "mcpServers": {
                    "filesystem": { "command": "a" },
                    "memory": { "command": "b" },
                    "filesystem": { "command": "c" }
                } }
                """));
        assertThat(refused.getMessage(), containsString("'filesystem' appears twice"));
        assertThat(refused.getMessage(), containsString("line 4"));
    }

    @Test
    void fileLevelFaultsAreRefused() {
        assertThat(assertThrows(RegistryFileException.class, () -> read("{ \"mcpServers\": { ")).getMessage(),
                containsString("is not valid JSON"));
        assertThat(assertThrows(RegistryFileException.class, () -> read("{ \"servers\": {} }")).getMessage(),
                containsString("\"mcpServers\" object"));
        assertThat(assertThrows(RegistryFileException.class, () -> read("[]")).getMessage(),
                containsString("\"mcpServers\" object"));
        assertThat(assertThrows(RegistryFileException.class,
                () -> RegistryFile.read(folder.resolve("absent.json"), VARIABLES, ServerOptions.DEFAULTS))
                .getMessage(), containsString("cannot be read"));
    }

    @Test
    void anEmptyRegistryRunsNoServers() throws IOException {
        assertEquals(List.of(), read("{ \"mcpServers\": {} }"));
    }

    private List<ServerDefinition> read(String json) throws IOException {
        Path file = folder.resolve("mcp.json");
        Files.writeString(file, json);
        return RegistryFile.read(file, VARIABLES, ServerOptions.DEFAULTS);
    }
}
