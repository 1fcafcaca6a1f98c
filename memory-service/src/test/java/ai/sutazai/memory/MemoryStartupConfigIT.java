package ai.sutazai.memory;

import ai.sutazai.commons.testing.StartupConfigIT;

class MemoryStartupConfigIT extends StartupConfigIT {

    @Override
    protected String serviceName() {
        return "memory-service";
    }

    @Override
    protected boolean usesDatabase() {
        return true;
    }
}
