package ai.sutazai.gateway;

import ai.sutazai.commons.testing.StartupConfigIT;

class GatewayStartupConfigIT extends StartupConfigIT {

    @Override
    protected String serviceName() {
        return "gateway-service";
    }

    @Override
    protected boolean usesDatabase() {
        return true;
    }
}
