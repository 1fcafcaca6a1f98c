package ai.sutazai.agent.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.json.JsonArray;

import ai.sutazai.agent.memory.MemoryClient;
import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.MemoryStubs;
import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.commons.testing.InjectWireMock;
import ai.sutazai.commons.testing.TestTokens;

/**
 * A turn's history lives in memory-service: read before the answer, the turn appended after it,
 * acting for the caller with their own token. With memory-service down the chat still answers and
 * says the turn was not stored; a recalling agent (Letta) cites the caller's memories.
 */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class ChatHistoryTest {

    private static final String AGENT = "history-helper";

    StubLlm llm;

    @InjectWireMock("memory-service")
    WireMockServer memory;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeAll
    static void registerAgent() {
        Agents.persona(AGENT, "tinyllama", "You help.");
    }

    @AfterAll
    static void removeAgent() {
        Agents.remove(AGENT);
    }

    @BeforeEach
    void reset() {
        llm.reset();
        MemoryStubs.healthy(memory);
    }

    @AfterEach
    void closeBreakers() {
        breakers.resetAll();
    }

    @Test
    void theConversationsHistoryGoesToTheModelAndTheTurnIsStoredForTheCaller() {
        String user = UUID.randomUUID().toString();
        String token = TestTokens.forSubject(user);
        MemoryStubs.history(memory, "trip-42", "user", "I am planning a trip to Lisbon.", "assistant",
                "Lovely! When do you leave?");

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"agentId\":\"" + AGENT + "\",\"conversationId\":\"trip-42\",\"message\":\"In May. What to pack?\"}")
                .post("/api/v1/chat").then().statusCode(200)
                .body("conversationId", is("trip-42"))
                .body("historyAvailable", is(true))
                .body("historyStored", is(true))
                .body("warnings", hasSize(0));

        JsonArray prompt = llm.callsFor("tinyllama").get(0).body().getJsonArray("messages");
        assertThat(prompt.size(), is(4));
        assertThat(prompt.getJsonObject(1).getString("content"), is("I am planning a trip to Lisbon."));
        assertThat(prompt.getJsonObject(2).getString("role"), is("assistant"));
        assertThat(prompt.getJsonObject(3).getString("content"), is("In May. What to pack?"));

        memory.verify(getRequestedFor(urlPathEqualTo("/api/v1/memory/conversations/trip-42/messages"))
                .withQueryParam("last", equalTo("20")).withHeader("Authorization", equalTo("Bearer " + token)));
        memory.verify(postRequestedFor(urlPathEqualTo("/api/v1/memory/conversations/trip-42/messages"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withRequestBody(matchingJsonPath("$.role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.content", equalTo("In May. What to pack?")))
                .withRequestBody(matchingJsonPath("$.ownerId", equalTo(user)))
                .withRequestBody(matchingJsonPath("$.agentId", equalTo(AGENT))));
        memory.verify(postRequestedFor(urlPathEqualTo("/api/v1/memory/conversations/trip-42/messages"))
                .withRequestBody(matchingJsonPath("$.role", equalTo("assistant")))
                .withRequestBody(matchingJsonPath("$.content", equalTo("The sky looks blue because of Rayleigh scattering.")))
                .withRequestBody(matchingJsonPath("$.metadata.status", equalTo("complete")))
                .withRequestBody(matchingJsonPath("$.metadata.model", equalTo("tinyllama"))));
    }

    @Test
    void aTurnWithoutConversationIdStartsANewConversation() {
        String conversationId = given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"agentId\":\"" + AGENT + "\",\"message\":\"Hello\"}")
                .post("/api/v1/chat").then().statusCode(200)
                .body("conversationId", matchesPattern("[0-9a-f-]{36}"))
                .extract().path("conversationId");
        memory.verify(2, postRequestedFor(urlPathEqualTo("/api/v1/memory/conversations/" + conversationId + "/messages")));
        // A new conversation has no history to read: the answer does not wait for memory-service to say so.
        memory.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/memory/conversations/" + conversationId + "/messages")));
    }

    @Test
    void withMemoryServiceDownTheChatStillAnswersAndSaysTheTurnWasNotStored() {
        MemoryStubs.down(memory);
        for (int i = 0; i < 12; i++) {
            given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                    .body("{\"agentId\":\"" + AGENT + "\",\"conversationId\":\"lost-1\",\"message\":\"Hello\"}")
                    .post("/api/v1/chat").then().statusCode(200)
                    .body("reply", is("The sky looks blue because of Rayleigh scattering."))
                    .body("historyAvailable", is(false))
                    .body("historyStored", is(false))
                    .body("warnings", hasItem(containsString("this turn is not stored")));
        }
        // Enough failures open the history breaker: later turns do not wait for memory-service at all.
        assertThat(breakers.currentState(MemoryClient.HISTORY), is(CircuitBreakerState.OPEN));
        assertThat(llm.callsFor("tinyllama"), hasSize(12));
    }

    @Test
    void aRecallingAgentCitesTheCallersRelevantMemoriesInItsSystemContext() {
        String user = UUID.randomUUID().toString();
        memory.stubFor(post(urlPathEqualTo("/api/v1/memory/search"))
                .willReturn(okJson("{\"items\":["
                        + "{\"memory\":{\"id\":\"0b5c7a4e-1f1d-4c55-9a0e-5a2f4d7f1e01\",\"ownerId\":\"" + user
                        + "\",\"content\":\"I drink an espresso every morning.\",\"createdAt\":\"2026-11-30T08:00:00Z\"},"
                        + "\"score\":0.71}],\"nextCursor\":null,\"mode\":\"semantic\",\"vectorBackend\":\"exact\"}")));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(TestTokens.user())
                .get("/api/v1/agents/letta").statusCode() == 200);

        given().auth().oauth2(TestTokens.forSubject(user)).contentType(ContentType.JSON)
                .body("{\"agentId\":\"letta\",\"message\":\"What do I like in the morning?\"}")
                .post("/api/v1/chat").then().statusCode(200)
                .body("memories[0].label", is("m1"))
                .body("memories[0].id", is("0b5c7a4e-1f1d-4c55-9a0e-5a2f4d7f1e01"))
                .body("memories[0].score", is(0.71f));

        memory.verify(postRequestedFor(urlPathEqualTo("/api/v1/memory/search"))
                .withRequestBody(matchingJsonPath("$.query", equalTo("What do I like in the morning?")))
                .withRequestBody(matchingJsonPath("$.mode", equalTo("semantic")))
                .withRequestBody(matchingJsonPath("$.limit", equalTo("5")))
                .withRequestBody(matchingJsonPath("$.ownerId", equalTo(user))));
        String system = llm.callsFor("tinyllama").get(0).body().getJsonArray("messages").getJsonObject(0)
                .getString("content");
        assertThat(system, containsString("You are Letta"));
        assertThat(system, containsString("[m1] (2026-11-30) I drink an espresso every morning."));
    }
}
