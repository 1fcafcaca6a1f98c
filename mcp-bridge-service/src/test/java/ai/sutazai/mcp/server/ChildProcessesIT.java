package ai.sutazai.mcp.server;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.sutazai.commons.testing.ServiceProcess;
import ai.sutazai.commons.testing.TcpForwarder;
import ai.sutazai.commons.testing.TestPeers;
import ai.sutazai.commons.testing.TestTokens;

/** The packaged service leaves no child process behind when it is stopped the way orchestrators stop it. */
class ChildProcessesIT {

    @TempDir
    Path folder;

    @Test
    void aGracefulStopLeavesNoChildProcess() throws Exception {
        Path files = Files.createDirectory(folder.resolve("files"));
        Path registry = folder.resolve("mcp-servers.json");
        // A shell that starts a grandchild in the background, as npx → sh → node chains do.
        Files.writeString(registry, """
                { "mcpServers": {
                    "everything": { "command": "%s" },
                    "files": { "command": "%s", "args": ["%s"] },
                    "wrapped": { "command": "sh", "args": ["-c", "sleep 600 & exec %s"] }
                } }
                """.formatted(TestPeers.binary("mcp-server-everything"), TestPeers.binary("mcp-server-filesystem"),
                files, TestPeers.binary("mcp-server-everything")));
        int port = TcpForwarder.freePort();
        Map<String, String> environment = Map.of(
                "JWT_SECRET", TestTokens.secret(),
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "MCP_SERVERS_FILE", registry.toString(),
                "PATH", System.getenv("PATH"));

        List<ProcessHandle> children;
        try (ServiceProcess service = ServiceProcess.start(folder, environment)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    ServiceProcess.body(port, "/api/v1/mcp/status", TestTokens.user()).contains("\"ready\":3"));
            children = service.descendants();
            // Three servers, and the shell's background sleep.
            assertThat(children.stream().map(p -> p.info().command().orElse("")).toList().toString(),
                    children.size(), greaterThanOrEqualTo(4));

            service.close();
            assertThat(service.isAlive(), is(false));
            assertThat(service.output(), containsString("stopped 3 MCP server(s)"));
        }
        assertThat(children.stream().filter(ChildProcessesIT::running).map(ProcessHandle::pid).toList(), empty());
    }

    // A killed grandchild whose parent died first stays a zombie until init reaps it, and a container's
    // init may never do so; it runs no more, which is what counts.
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone while we looked
        }
    }

    @Test
    void withoutARegistryFileTheServiceIsReadyWithNoServers() throws Exception {
        int port = TcpForwarder.freePort();
        try (ServiceProcess service = ServiceProcess.start(folder, Map.of("JWT_SECRET", TestTokens.secret(),
                "QUARKUS_HTTP_PORT", Integer.toString(port), "PATH", System.getenv("PATH")))) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ServiceProcess.status(port, "/q/health/ready") == 200);
            assertThat(ServiceProcess.body(port, "/api/v1/mcp/status", TestTokens.user()),
                    containsString("\"servers\":0"));
            assertThat(service.descendants(), hasSize(0));
        }
    }
}
