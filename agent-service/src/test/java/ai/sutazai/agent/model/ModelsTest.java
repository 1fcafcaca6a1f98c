package ai.sutazai.agent.model;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.commons.testing.TestTokens;

/** The model list comes from the backend, normalised, or is a 503: never a list of our own. */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class ModelsTest {

    StubLlm llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @AfterEach
    void up() {
        llm.up();
    }

    @Test
    void ollamasTagsAndLoadedModelsAreNormalisedFieldByField() {
        given().auth().oauth2(TestTokens.user()).get("/api/v1/models").then().statusCode(200)
                .body("nextCursor", nullValue())
                .body("items.id", is(List.of("tinyllama:latest", "qwen2.5:3b")))
                .body("items[0].provider", is("ollama"))
                .body("items[0].family", is("llama"))
                .body("items[0].parameterSize", is("1B"))
                .body("items[0].quantization", is("Q4_0"))
                .body("items[0].sizeBytes", is(637700138))
                .body("items[0].modifiedAt", is("2026-11-20T09:12:44.118905133Z"))
                .body("items[0].loaded", is(true))
                .body("items[0].expiresAt", is("2026-11-28T10:19:03.457102554Z"))
                .body("items[1].family", is("qwen2"))
                .body("items[1].loaded", is(false))
                .body("items[1].expiresAt", nullValue());
    }

    @Test
    void aBackendThatIsGoneIsAServiceUnavailableProblem() {
        llm.down();
        assertProblem(given().auth().oauth2(TestTokens.user()).get("/api/v1/models").then(), 503, "service-unavailable")
                .header("Retry-After", is("5"))
                .body("detail", containsString("cannot be reached"));
    }

    @Test
    void aBackendThatFailsIsABadGatewayProblem() {
        llm.failModelLists(true);
        assertProblem(given().auth().oauth2(TestTokens.user()).get("/api/v1/models").then(), 502, "bad-gateway")
                .body("detail", containsString("answered 500: stub models are failing"));
    }
}
