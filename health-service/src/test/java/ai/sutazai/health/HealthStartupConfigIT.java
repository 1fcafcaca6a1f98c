package ai.sutazai.health;

import ai.sutazai.commons.testing.StartupConfigIT;

class HealthStartupConfigIT extends StartupConfigIT {

    @Override
    protected String serviceName() {
        return "health-service";
    }

    @Override
    protected boolean usesDatabase() {
        return true;
    }
}
