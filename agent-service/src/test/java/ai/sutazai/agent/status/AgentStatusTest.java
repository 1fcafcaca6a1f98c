package ai.sutazai.agent.status;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.commons.testing.TestTokens;

/**
 * Live status from background checks: a persona whose model the backend stops serving goes
 * degraded, then down (and chat is refused without a backend call), and comes back by itself;
 * remote agents are checked at their own endpoints.
 */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class AgentStatusTest {

    private static final String PERSONA = "status-persona";

    StubLlm llm;

    @Inject
    AgentStatusMonitor monitor;

    @BeforeAll
    static void registerAgents() {
        Agents.persona(PERSONA, "phi3:mini", "You are checked.");
    }

    @AfterAll
    static void removeAgents() {
        Agents.remove(PERSONA);
    }

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @AfterEach
    void serveAgain() {
        llm.up();
    }

    @Test
    void aPersonaGoesDownWhenItsModelIsGoneAndComesBackWithoutARestart() {
        llm.serve("tinyllama:latest", "phi3:mini");
        // Two passes make it healthy whatever an earlier test left it at.
        round();
        round();
        agent(PERSONA).body("status", is("healthy")).body("lastError", nullValue())
                .body("latencyMs", greaterThanOrEqualTo(0)).body("lastCheckedAt", notNullValue());

        llm.serve("tinyllama:latest");
        round();
        agent(PERSONA).body("status", is("degraded")).body("lastError", containsString("does not serve the model phi3:mini"));
        round();
        agent(PERSONA).body("status", is("degraded"));
        round();
        agent(PERSONA).body("status", is("down"));

        assertProblem(given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"agentId\":\"" + PERSONA + "\",\"message\":\"Hello?\"}").post("/api/v1/chat").then(),
                503, "service-unavailable")
                // The next check is one status interval away (an hour in the test profile).
                .header("Retry-After", is("3600"))
                .body("detail", containsString("status-persona is down (The platform's Ollama backend does not serve the model "
                        + "phi3:mini"));
        assertThat(llm.callsFor("phi3:mini"), is(empty()));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/agents?status=down").then().statusCode(200)
                .body("items.id", hasItem(PERSONA));

        llm.serve("tinyllama:latest", "phi3:mini");
        round();
        agent(PERSONA).body("status", is("degraded")).body("lastError", nullValue());
        round();
        agent(PERSONA).body("status", is("healthy"));
    }

    @Test
    void aBackendThatIsGoneTakesEveryPersonaDownAndBackWhenItReturns() {
        llm.down();
        round();
        round();
        round();
        agent("letta").body("status", is("down")).body("lastError", containsString("cannot be reached"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("agent_status{agent=\"letta\",status=\"down\"} 1.0"));
        llm.up();
        round();
        round();
        agent("letta").body("status", is("healthy"));
    }

    @Test
    void remoteAgentsAreCheckedAtTheirOwnEndpoints() {
        Agents.register(Map.of("id", "status-openai", "name", "Remote OpenAI", "kind", "openai", "model", "qwen2.5:3b",
                "connection", Map.of("baseUrl", llm.url() + "/legacy/v1", "apiKey", StubLlm.API_KEY)));
        Agents.register(Map.of("id", "status-legacy", "name", "Legacy", "kind", "http",
                "connection", Map.of("baseUrl", llm.url() + "/legacy")));
        try {
            round();
            agent("status-openai").body("status", is("healthy"));
            agent("status-legacy").body("status", is("healthy"));
            // The legacy contract answers 200 while it says it is degraded: that counts as a failed check.
            llm.failModelLists(true);
            round();
            agent("status-legacy").body("status", is("degraded")).body("lastError", containsString("reports itself degraded"));
            agent("status-openai").body("status", is("degraded")).body("lastError", containsString("answered 500"));
        } finally {
            Agents.remove("status-openai");
            Agents.remove("status-legacy");
        }
    }

    private void round() {
        monitor.checkAll().await().atMost(Duration.ofSeconds(20));
    }

    private static ValidatableResponse agent(String id) {
        return given().auth().oauth2(TestTokens.user()).get("/api/v1/agents/" + id).then().statusCode(200);
    }
}
