package ai.sutazai.agent.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

import ai.sutazai.agent.testing.A2aRemote;
import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.commons.testing.TestTokens;

/** The live status of an a2a agent is a fetch of its card: up while it serves one, down when it stops. */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class A2aStatusTest {

    private static final String AGENT = "status-a2a";
    private static A2aRemote remote;

    @Inject
    AgentStatusMonitor monitor;

    @BeforeAll
    static void importAgent() {
        remote = new A2aRemote();
        remote.importAgent(AGENT, A2aRemote.V03);
    }

    @AfterAll
    static void removeAgent() {
        Agents.remove(AGENT);
        remote.close();
    }

    @BeforeEach
    void resetRemote() {
        remote.reset();
    }

    @Test
    void anA2aAgentIsHealthyWhileItServesItsCardAndDownWhenItStops() {
        round();
        round();
        agent().body("status", is("healthy")).body("lastError", nullValue()).body("latencyMs", greaterThanOrEqualTo(0));
        // The check is the card fetch itself, with the agent's token; no message is sent.
        remote.server().verify(getRequestedFor(urlPathEqualTo("/v03/.well-known/agent-card.json")));
        assertThat(remote.rpcCalls(A2aRemote.V03).size(), is(0));

        remote.server().stubFor(get(urlPathEqualTo("/v03/.well-known/agent-card.json")).atPriority(0)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        round();
        agent().body("status", is("degraded"))
                .body("lastError", containsString("The A2A server of agent " + AGENT))
                .body("lastError", not(containsString(remote.baseUrl(A2aRemote.V03))));
        round();
        round();
        agent().body("status", is("down"));

        // A card that is no longer a card counts as failed too.
        remote.reset();
        remote.server().stubFor(get(urlPathEqualTo("/v03/.well-known/agent-card.json")).atPriority(0)
                .willReturn(A2aRemote.json(200, "{\"status\":\"ok\"}")));
        round();
        agent().body("status", is("down")).body("lastError", containsString("is not an agent card"));

        remote.reset();
        round();
        agent().body("status", is("degraded"));
        round();
        agent().body("status", is("healthy")).body("lastError", nullValue());
    }

    private void round() {
        monitor.checkAll().await().atMost(Duration.ofSeconds(20));
    }

    private static ValidatableResponse agent() {
        return given().auth().oauth2(TestTokens.user()).get("/api/v1/agents/" + AGENT).then().statusCode(200);
    }
}
