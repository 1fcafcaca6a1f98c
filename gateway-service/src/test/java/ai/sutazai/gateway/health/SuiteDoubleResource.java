package ai.sutazai.gateway.health;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the gateway's static discovery at a {@link SuiteDouble}: two agent instances, one of each other. */
public class SuiteDoubleResource implements QuarkusTestResourceLifecycleManager {

    private SuiteDouble suite;

    @Override
    public Map<String, String> start() {
        suite = new SuiteDouble("agent-service#1", "agent-service#2", "memory-service#1", "health-service#1",
                "mcp-bridge-service#1");
        return Map.of(
                "quarkus.stork.agent-service.service-discovery.address-list", suite.addresses("agent-service"),
                "quarkus.stork.memory-service.service-discovery.address-list", suite.addresses("memory-service"),
                "quarkus.stork.health-service.service-discovery.address-list", suite.addresses("health-service"),
                "quarkus.stork.mcp-bridge-service.service-discovery.address-list", suite.addresses("mcp-bridge-service"));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(suite, new TestInjector.MatchesType(SuiteDouble.class));
    }

    @Override
    public void stop() {
        suite.stop();
    }
}
