package ai.sutazai.health;

import java.util.Optional;

import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.ServiceContractTest;

@QuarkusTest
class HealthContractTest extends ServiceContractTest {

    @Override
    protected Optional<String> ownSchema() {
        return Optional.of("health");
    }
}
