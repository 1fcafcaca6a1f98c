package ai.sutazai.gateway;

import io.quarkus.runtime.annotations.QuarkusMain;

import ai.sutazai.commons.config.ServiceLauncher;

/** Starts gateway-service once its settings have been checked. */
@QuarkusMain
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String... args) {
        ServiceLauncher.checkConfigThenRun("gateway-service", args, check -> check.jwt().identity().edge().postgres().redis().common()
                .calls("agent-service", "memory-service", "health-service", "mcp-bridge-service"));
    }
}
