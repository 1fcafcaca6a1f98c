package ai.sutazai.health;

import java.util.Optional;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.ServiceContractTest;

// The probe targets serve every test of the module (restrictToAnnotatedClass = false): one start of Quarkus for all.
@QuarkusTest
@QuarkusTestResource(value = ProbeTargets.class, restrictToAnnotatedClass = false)
class HealthContractTest extends ServiceContractTest {

    @Override
    protected Optional<String> ownSchema() {
        return Optional.of("health");
    }
}
