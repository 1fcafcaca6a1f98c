package ai.sutazai.mcp;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.sutazai.commons.testing.StartupConfigIT;

class McpBridgeStartupConfigIT extends StartupConfigIT {

    @Override
    protected String serviceName() {
        return "mcp-bridge-service";
    }

    @Override
    protected boolean usesDatabase() {
        return false;
    }

    @Test
    void aRegistryFileNamingOneServerTwiceIsRefusedWithThatName() throws Exception {
        Path file = workingDirectory.resolve("mcp-servers.json");
        Files.writeString(file, """
                {
                  "mcpServers": {
                    "memory": { "command": "mcp-server-memory" },
                    "filesystem": { "command": "mcp-server-filesystem", "args": ["/srv"] },
                    "memory": { "command": "another-memory-server" }
                  }
                }
                """);
        String output = refusedStart(withValidSettings(Map.of("MCP_SERVERS_FILE", file.toString())));
        assertThat(output, containsString("MCP_SERVERS_FILE (" + file + ") is not valid JSON at line 5: the key"
                + " 'memory' appears twice in the same object"));
        assertThat(output, containsString("unset MCP_SERVERS_FILE to run without MCP servers"));
    }

    @Test
    void aMissingRegistryFileIsRefused() throws Exception {
        String output = refusedStart(withValidSettings(Map.of("MCP_SERVERS_FILE", "/nonexistent/mcp.json")));
        assertThat(output, containsString("MCP_SERVERS_FILE is \"/nonexistent/mcp.json\", which is not a readable file"));
    }
}
