package ai.sutazai.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.TestTokens;

/** GET /api/v1/health over stand-in instances of the four other services, and the gateway itself. */
@QuarkusTest
@QuarkusTestResource(SuiteDoubleResource.class)
class SuiteHealthTest {

    private static final String HEALTH = "/api/v1/health";

    SuiteDouble suite;

    @AfterEach
    void everythingReadyAgain() {
        suite.allReady();
    }

    @Test
    void allUpIsUp() {
        given().get(HEALTH).then().statusCode(200)
                .body("status", is("UP"))
                .body("checkedAt", notNullValue())
                .body("services.name", hasItems("gateway-service", "agent-service", "memory-service",
                        "health-service", "mcp-bridge-service"))
                .body("services", hasSize(5))
                .body("services.status", everyItem(is("UP")))
                .body("services.find { it.name == 'agent-service' }.instances", is(2))
                .body("services.find { it.name == 'agent-service' }.critical", is(true))
                .body("services.find { it.name == 'mcp-bridge-service' }.critical", is(false));
    }

    @Test
    void nonCriticalServiceDownIsDegraded() {
        suite.notReady("mcp-bridge-service#1");
        given().get(HEALTH).then().statusCode(200)
                .body("status", is("DEGRADED"))
                .body("services.find { it.name == 'mcp-bridge-service' }.status", is("DOWN"))
                .body("services.find { it.name == 'mcp-bridge-service' }.error", startsWith("localhost:"));
    }

    @Test
    void criticalServiceWithoutReadyInstanceIsDownWith503() {
        suite.notReady("memory-service#1");
        given().get(HEALTH).then().statusCode(503)
                .body("status", is("DOWN"))
                .body("services.find { it.name == 'memory-service' }.status", is("DOWN"));
    }

    @Test
    void oneOfTwoInstancesDownIsDegraded() {
        suite.notReady("agent-service#2");
        given().get(HEALTH).then().statusCode(200)
                .body("status", is("DEGRADED"))
                .body("services.find { it.name == 'agent-service' }.status", is("DEGRADED"))
                .body("services.find { it.name == 'agent-service' }.instances", is(2));
    }

    @Test
    void hangingInstanceCostsItsTimeoutAndCountsAsDown() {
        suite.hangs("agent-service#1");
        long start = System.nanoTime();
        given().get(HEALTH).then().statusCode(200)
                .body("status", is("DEGRADED"))
                .body("services.find { it.name == 'agent-service' }.status", is("DEGRADED"))
                .body("services.find { it.name == 'agent-service' }.latencyMs", lessThan(3000));
        // The default per-instance timeout is 2 s; a small margin for the rest of the fan-out.
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(elapsed, lessThan(3500L));
    }

    @Test
    void detailsOnlyForAdministrators() {
        given().get(HEALTH).then().statusCode(200).body("services.checks", everyItem(nullValue()));
        given().auth().oauth2(TestTokens.user()).get(HEALTH).then().statusCode(200)
                .body("services.checks", everyItem(nullValue()));
        given().auth().oauth2(TestTokens.user("admin")).get(HEALTH).then().statusCode(200)
                .body("services.find { it.name == 'memory-service' }.checks[0].name", is("database"))
                .body("services.find { it.name == 'gateway-service' }.checks.name", hasItems("database", "redis"));
    }

    @Test
    void trailingSlashDoesNotMatter() {
        given().get(HEALTH + "/").then().statusCode(200).body("status", is("UP"));
    }
}
