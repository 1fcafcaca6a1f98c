package ai.sutazai.mcp;

import java.util.Optional;

import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.ServiceContractTest;

@QuarkusTest
class McpBridgeContractTest extends ServiceContractTest {

    @Override
    protected Optional<String> ownSchema() {
        return Optional.empty();
    }
}
