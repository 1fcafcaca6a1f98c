package ai.sutazai.agent.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

import ai.sutazai.commons.testing.WireMockServiceResource;

/**
 * The test profile of agent-service's tests: the model backend is a {@link StubLlm}, memory-service
 * is WireMock ({@link MemoryStubs}), and so is mcp-bridge-service ({@link McpBridgeStubs}). One
 * profile, so the test classes share one start.
 */
public class StubbedBackends implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(StubLlmResource.class),
                new TestResourceEntry(WireMockServiceResource.class,
                        Map.of(WireMockServiceResource.SERVICE, "memory-service")),
                new TestResourceEntry(WireMockServiceResource.class,
                        Map.of(WireMockServiceResource.SERVICE, "mcp-bridge-service")));
    }
}
