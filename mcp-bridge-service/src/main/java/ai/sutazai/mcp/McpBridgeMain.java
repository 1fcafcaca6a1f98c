package ai.sutazai.mcp;

import io.quarkus.runtime.annotations.QuarkusMain;

import ai.sutazai.commons.config.ServiceLauncher;

/** Starts mcp-bridge-service once its settings have been checked. */
@QuarkusMain
public final class McpBridgeMain {

    private McpBridgeMain() {
    }

    public static void main(String... args) {
        ServiceLauncher.checkConfigThenRun("mcp-bridge-service", args, check -> check.jwt().common());
    }
}
