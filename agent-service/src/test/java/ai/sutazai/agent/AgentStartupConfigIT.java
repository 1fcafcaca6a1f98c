package ai.sutazai.agent;

import ai.sutazai.commons.testing.StartupConfigIT;

class AgentStartupConfigIT extends StartupConfigIT {

    @Override
    protected String serviceName() {
        return "agent-service";
    }

    @Override
    protected boolean usesDatabase() {
        return true;
    }
}
