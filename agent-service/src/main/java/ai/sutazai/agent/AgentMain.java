package ai.sutazai.agent;

import io.quarkus.runtime.annotations.QuarkusMain;

import ai.sutazai.commons.config.ServiceLauncher;

/** Starts agent-service once its settings have been checked. */
@QuarkusMain
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String... args) {
        ServiceLauncher.checkConfigThenRun("agent-service", args, check -> check.jwt().postgres().redis().common());
    }
}
