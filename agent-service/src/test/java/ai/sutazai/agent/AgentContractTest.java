package ai.sutazai.agent;

import java.util.Optional;

import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.ServiceContractTest;

@QuarkusTest
class AgentContractTest extends ServiceContractTest {

    @Override
    protected Optional<String> ownSchema() {
        return Optional.of("agents");
    }
}
