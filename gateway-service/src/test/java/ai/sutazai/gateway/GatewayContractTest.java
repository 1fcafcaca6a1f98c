package ai.sutazai.gateway;

import java.util.Optional;

import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.ServiceContractTest;

@QuarkusTest
class GatewayContractTest extends ServiceContractTest {

    @Override
    protected Optional<String> ownSchema() {
        return Optional.of("identity");
    }
}
