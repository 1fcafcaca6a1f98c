package ai.sutazai.mcp;

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
}
