package ai.sutazai.health.consul;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.TestTokens;

/** With CONSUL_ENABLED=false (the tests' default), there is no Consul view and the status shows none. */
@QuarkusTest
class ConsulDisabledTest {

    @Test
    void theViewAnswersNotFoundSayingConsulIsNotEnabled() {
        assertProblem(given().auth().oauth2(TestTokens.user()).get("/api/v1/system/consul").then(), 404, "not-found")
                .body("detail", containsString("CONSUL_ENABLED=false"));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/system/status").then()
                .body("components.find { it.consul != null }", nullValue());
    }
}
