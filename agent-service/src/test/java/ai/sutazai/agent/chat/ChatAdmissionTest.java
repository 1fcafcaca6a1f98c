package ai.sutazai.agent.chat;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.MemoryStubs;
import ai.sutazai.agent.testing.SseClient;
import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.commons.testing.InjectWireMock;
import ai.sutazai.commons.testing.TestTokens;

/** Turns an agent cannot take, and requests that are wrong, are refused at once with a precise problem. */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class ChatAdmissionTest {

    StubLlm llm;

    @InjectWireMock("memory-service")
    WireMockServer memory;

    @BeforeAll
    static void registerAgents() {
        Agents.register(Map.of("id", "admit-single", "name", "Single", "kind", "llm", "model", "stub-endless",
                "maxConcurrency", 1));
        Agents.register(Map.of("id", "admit-off", "name", "Off", "kind", "llm", "model", "tinyllama", "enabled", false));
    }

    @AfterAll
    static void removeAgents() {
        Agents.remove("admit-single");
        Agents.remove("admit-off");
    }

    @BeforeEach
    void reset() {
        llm.reset();
        MemoryStubs.healthy(memory);
    }

    @Test
    void anUnknownAgentIsNotFound() {
        assertProblem(chat("{\"agentId\":\"no-such-agent\",\"message\":\"Hi\"}"), 404, "not-found")
                .body("detail", containsString("no agent with the id no-such-agent"));
    }

    @Test
    void aDisabledAgentIsUnavailableWithoutABackendCall() {
        assertProblem(chat("{\"agentId\":\"admit-off\",\"message\":\"Hi\"}"), 503, "service-unavailable")
                .header("Retry-After", is("60"))
                .body("detail", containsString("admit-off is disabled"));
        assertThat(llm.callsFor("tinyllama"), is(empty()));
    }

    @Test
    void chatsBeyondAnAgentsConcurrencyLimitAreTooManyWithRetryAfter() {
        SseClient first = SseClient.post("/api/v1/chat", TestTokens.user(),
                "{\"agentId\":\"admit-single\",\"message\":\"Count\",\"stream\":true}");
        try {
            assertThat(first.next().name(), is("start"));
            assertProblem(chat("{\"agentId\":\"admit-single\",\"message\":\"Me too\"}"), 429, "too-many-requests")
                    .header("Retry-After", is("1"))
                    .body("detail", containsString("answering 1 chats already"));
        } finally {
            first.close();
        }
        // The slot comes back when the first client leaves.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (SseClient again = SseClient.post("/api/v1/chat", TestTokens.user(),
                    "{\"agentId\":\"admit-single\",\"message\":\"Now\",\"stream\":true}")) {
                assertThat(again.status(), is(200));
            }
        });
    }

    @Test
    void aClientThatLeavesWhileHistoryIsReadGivesItsSlotBack() throws Exception {
        memory.stubFor(get(urlPathEqualTo("/api/v1/memory/conversations/slow-1/messages"))
                .willReturn(aResponse().withStatus(404).withFixedDelay(800)));
        // Leaves before any answer: the request is sent, the connection closed while history is read.
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            String body = "{\"agentId\":\"admit-single\",\"conversationId\":\"slow-1\",\"message\":\"Hi\",\"stream\":true}";
            socket.getOutputStream().write(("POST /api/v1/chat HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestTokens.user() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> memory.getAllServeEvents().stream()
                    .anyMatch(event -> event.getRequest().getUrl().contains("slow-1")));
        }
        // Its slot is free again: the one-at-a-time agent takes the next chat.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (SseClient next = SseClient.post("/api/v1/chat", TestTokens.user(),
                    "{\"agentId\":\"admit-single\",\"message\":\"Next\",\"stream\":true}")) {
                assertThat(next.status(), is(200));
            }
        });
    }

    @Test
    void badRequestsNameTheFieldThatIsWrong() {
        assertProblem(chat("{\"agentId\":\"langchain\"}"), 400, "validation")
                .body("errors[0].field", is("message"));
        assertProblem(chat("{\"agentId\":\"langchain\",\"messages\":[]}"), 400, "validation")
                .body("errors[0].field", is("message"));
        assertProblem(chat("{\"agentId\":\"langchain\",\"message\":\"   \"}"), 400, "validation")
                .body("errors[0].field", is("message")).body("errors[0].message", is("must not be blank"));
        assertProblem(chat("{\"agentId\":\"langchain\",\"message\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}"),
                400, "validation").body("errors[0].message", containsString("cannot be combined"));
        assertProblem(chat("{\"agentId\":\"langchain\",\"messages\":[{\"role\":\"wizard\",\"content\":\"b\"}]}"),
                400, "validation").body("errors[0].field", is("messages[0].role"))
                .body("errors[0].message", is("must be system, user or assistant"));
        assertProblem(chat("{\"agentId\":\"langchain\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"},"
                + "{\"role\":\"assistant\",\"content\":\"c\"}]}"), 400, "validation")
                .body("errors[0].field", is("messages[1].role"));
        assertProblem(chat("{\"agentId\":\"langchain\",\"message\":\"Hi\",\"options\":{\"temperature\":\"hot\"}}"),
                400, "validation").body("errors[0].field", is("options.temperature"))
                .body("errors[0].message", is("must be a number"));
        assertProblem(chat("{\"agentId\":\"langchain\",\"message\":\"Hi\",\"options\":{\"temperature\":7}}"),
                400, "validation").body("errors[0].field", is("options.temperature"));
        assertProblem(chat("{\"agentId\":\"Not A Slug\",\"message\":\"Hi\"}"), 400, "validation")
                .body("errors[0].field", is("agentId"));
        assertProblem(chat("{\"agentId\":\"langchain\",\"message\":\"Hi\",\"conversationId\":\"../etc\"}"), 400,
                "validation").body("errors[0].field", is("conversationId"));
        assertProblem(chat("{\"agentId\":\"langchain\",\"message\":"), 400, "bad-request")
                .body("detail", containsString("not valid JSON"));
        assertThat(llm.callsFor("tinyllama"), is(empty()));
    }

    @Test
    void aTwoMegabyteMessageIsRefusedNamingItsLength() {
        String huge = "x".repeat(2 * 1024 * 1024);
        assertProblem(chat("{\"agentId\":\"langchain\",\"message\":\"" + huge + "\"}"), 400, "validation")
                .body("errors", hasSize(1))
                .body("errors[0].field", is("message"))
                .body("errors[0].message", is("must be at most 100000 characters (it has 2097152)"));
        assertThat(llm.callsFor("tinyllama"), is(empty()));
    }

    private static ValidatableResponse chat(String body) {
        return given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/chat").then();
    }
}
