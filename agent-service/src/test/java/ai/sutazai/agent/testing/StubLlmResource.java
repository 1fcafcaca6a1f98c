package ai.sutazai.agent.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points agent-service's Ollama at a {@link StubLlm} and injects the stub into fields of its type. */
public class StubLlmResource implements QuarkusTestResourceLifecycleManager {

    private StubLlm stub;

    @Override
    public Map<String, String> start() {
        stub = new StubLlm();
        return Map.of("agent.llm.ollama-base-url", stub.url());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stub, new TestInjector.MatchesType(StubLlm.class));
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
