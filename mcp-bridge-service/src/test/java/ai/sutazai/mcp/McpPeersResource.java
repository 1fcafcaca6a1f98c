package ai.sutazai.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import ai.sutazai.commons.testing.TestPeers;

/**
 * Real MCP servers from {@code deploy/test-peers} behind the bridge, in one registry file:
 * server-everything over stdio and over Streamable HTTP, server-filesystem confined to a temporary
 * folder, a server that never answers calls, and entries that cannot run.
 */
public class McpPeersResource implements QuarkusTestResourceLifecycleManager {

    /** The folder server-filesystem may read. */
    public static Path filesFolder;
    private static Path folder;
    private static int httpPort;
    private static Process httpPeer;

    @Override
    public Map<String, String> start() {
        try {
            folder = Files.createTempDirectory("mcp-bridge-test");
            filesFolder = Files.createDirectory(folder.resolve("files"));
            Files.writeString(filesFolder.resolve("hello.txt"), "Hello from the test folder.\n");
            Files.writeString(folder.resolve("secret.txt"), "outside the allowed folder\n");
            httpPort = freePort();
            startHttpPeer();
            Path silent = Path.of("src/test/resources/peers/silent-server.mjs").toAbsolutePath();
            String registry = """
                    {
                      "mcpServers": {
                        "everything": {
                          "command": "%s",
                          "args": ["stdio"],
                          "env": { "GREETING": "${MCP_TEST_GREETING:-hello from the registry}" },
                          "x-sutazai": { "denyTools": ["get-tiny-image"] }
                        },
                        "everything-http": { "type": "streamableHttp", "url": "http://127.0.0.1:%d/mcp" },
                        "files": { "command": "%s", "args": ["%s"] },
                        "silent": {
                          "command": "node", "args": ["%s"],
                          "x-sutazai": { "callTimeoutSeconds": 1, "maxConcurrentCalls": 2 }
                        },
                        "changing": {
                          "command": "node", "args": ["%s"], "env": { "ANNOUNCE_LATE_TOOL": "1" }
                        },
                        "endless": {
                          "command": "node", "args": ["%s"], "env": { "ENDLESS_CURSOR": "1" }
                        },
                        "crashing": {
                          "command": "node",
                          "args": ["-e", "console.error('boom: no config found'); process.exit(3)"]
                        },
                        "missing": { "command": "mcp-server-that-is-not-installed" },
                        "websocket": { "type": "websocket", "url": "ws://127.0.0.1:1/mcp" },
                        "unset-variable": { "command": "node", "args": ["${MCP_TEST_VARIABLE_NOBODY_SET}"] },
                        "switched-off": { "command": "node", "disabled": true }
                      }
                    }
                    """.formatted(TestPeers.binary("mcp-server-everything"), httpPort,
                    TestPeers.binary("mcp-server-filesystem"), filesFolder, silent, silent, silent);
            Path file = folder.resolve("mcp-servers.json");
            Files.writeString(file, registry);
            return Map.of("mcp.servers-file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Streamable HTTP peer's endpoint. */
    public static String httpUrl() {
        return "http://127.0.0.1:" + httpPort + "/mcp";
    }

    /** What the Streamable HTTP peer has logged since it last started. */
    public static String httpPeerLog() throws IOException {
        return Files.readString(folder.resolve("everything-http.log"));
    }

    /** Stops the Streamable HTTP peer and starts a fresh one on the same port: every session is gone. */
    public static void restartHttpPeer() throws IOException, InterruptedException {
        httpPeer.destroy();
        httpPeer.waitFor(10, TimeUnit.SECONDS);
        startHttpPeer();
    }

    private static void startHttpPeer() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(TestPeers.binary("mcp-server-everything").toString(),
                "streamableHttp").redirectErrorStream(true)
                .redirectOutput(folder.resolve("everything-http.log").toFile());
        builder.environment().put("PORT", Integer.toString(httpPort));
        httpPeer = builder.start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> accepts(httpPort));
    }

    @Override
    public void stop() {
        if (httpPeer != null) {
            httpPeer.destroy();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
