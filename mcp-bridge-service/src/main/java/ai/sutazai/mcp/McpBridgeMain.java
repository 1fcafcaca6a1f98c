package ai.sutazai.mcp;

import java.nio.file.Path;
import java.util.Optional;

import io.quarkus.runtime.annotations.QuarkusMain;

import ai.sutazai.commons.config.ServiceLauncher;
import ai.sutazai.mcp.registry.RegistryFile;
import ai.sutazai.mcp.registry.RegistryFileException;
import ai.sutazai.mcp.registry.ServerOptions;

/** Starts mcp-bridge-service once its settings, the registry file among them, have been checked. */
@QuarkusMain
public final class McpBridgeMain {

    private McpBridgeMain() {
    }

    public static void main(String... args) {
        ServiceLauncher.checkConfigThenRun("mcp-bridge-service", args, check -> check.jwt().common()
                .file("MCP_SERVERS_FILE", McpBridgeMain::registryFileProblem,
                        "correct the file, or unset MCP_SERVERS_FILE to run without MCP servers"));
    }

    // Only faults of the whole file stop the service; a bad entry leaves just that server failed.
    private static Optional<String> registryFileProblem(Path path) {
        try {
            RegistryFile.read(path, variable -> Optional.of(""), ServerOptions.DEFAULTS);
            return Optional.empty();
        } catch (RegistryFileException e) {
            return Optional.of(e.getMessage());
        }
    }
}
