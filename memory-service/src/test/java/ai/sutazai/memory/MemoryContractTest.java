package ai.sutazai.memory;

import java.util.Optional;

import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.ServiceContractTest;

@QuarkusTest
class MemoryContractTest extends ServiceContractTest {

    @Override
    protected Optional<String> ownSchema() {
        return Optional.of("memory");
    }
}
