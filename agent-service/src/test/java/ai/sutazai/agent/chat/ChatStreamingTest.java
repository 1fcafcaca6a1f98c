package ai.sutazai.agent.chat;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.BlackHole;
import ai.sutazai.agent.testing.MemoryStubs;
import ai.sutazai.agent.testing.SseClient;
import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.commons.testing.InjectWireMock;
import ai.sutazai.commons.testing.TestTokens;

/**
 * Chat reaches the chosen agent's backend with its model, system prompt and options, and streams
 * the answer as it is produced: tokens pass on chunk by chunk, errors mid-answer become an error
 * event, a client that leaves stops the backend, and each timeout phase is its own problem.
 */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class ChatStreamingTest {

    private static final String CODER = "chat-coder";
    private static final List<String> FAILING = List.of("stub-error", "stub-cold", "stub-stall", "stub-endless",
            "stub-missing");

    StubLlm llm;

    @InjectWireMock("memory-service")
    WireMockServer memory;

    @BeforeAll
    static void registerAgents() {
        Agents.register(Map.of("id", CODER, "name", "Coder", "kind", "llm", "model", "qwen2.5:3b",
                "systemPrompt", "You are a terse senior engineer.",
                "options", Map.of("temperature", 0.15, "maxTokens", 256, "contextSize", 8192)));
        FAILING.forEach(model -> Agents.persona("chat-" + model, model, "You fail in tests."));
    }

    @AfterAll
    static void removeAgents() {
        Agents.remove(CODER);
        FAILING.forEach(model -> Agents.remove("chat-" + model));
    }

    @BeforeEach
    void reset() {
        llm.reset();
        MemoryStubs.healthy(memory);
    }

    @Test
    void theChosenAgentsModelSystemPromptAndOptionsReachTheBackend() {
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"agentId\":\"" + CODER + "\",\"message\":\"Why is the sky blue?\","
                        + "\"options\":{\"maxTokens\":64}}")
                .post("/api/v1/chat").then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("reply", is("The sky looks blue because of Rayleigh scattering."))
                .body("agentId", is(CODER))
                .body("model", is("qwen2.5:3b"))
                .body("finishReason", is("stop"))
                .body("usage.promptTokens", is(38))
                .body("usage.completionTokens", is(9))
                .body("usage.totalTokens", is(47))
                .body("usage.loadDurationMs", is(1262))
                .body("historyAvailable", is(true))
                .body("historyStored", is(true));

        StubLlm.Call call = llm.callsFor("qwen2.5:3b").get(0);
        assertThat(call.path(), is("/api/chat"));
        JsonArray messages = call.body().getJsonArray("messages");
        assertThat(messages.getJsonObject(0).encode(),
                is("{\"role\":\"system\",\"content\":\"You are a terse senior engineer.\"}"));
        assertThat(messages.getJsonObject(1).encode(),
                is("{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}"));
        // The agent's options, with the request's maxTokens over the agent's own.
        JsonObject options = call.body().getJsonObject("options");
        assertThat(options.getDouble("temperature"), is(0.15));
        assertThat(options.getInteger("num_predict"), is(64));
        assertThat(options.getInteger("num_ctx"), is(8192));
        assertThat(call.body().getBoolean("stream"), is(true));
    }

    @Test
    void theFirstTokenReachesTheClientBeforeTheBackendHasSentItsLastChunk() {
        try (SseClient stream = SseClient.post("/api/v1/chat", TestTokens.user(),
                "{\"agentId\":\"" + CODER + "\",\"message\":\"Why is the sky blue?\",\"stream\":true}")) {
            assertThat(stream.status(), is(200));
            assertThat(stream.header("Content-Type"), startsWith("text/event-stream"));
            SseClient.Event start = stream.next();
            assertThat(start.name(), is("start"));
            assertThat(start.json().getString("agentId"), is(CODER));
            assertThat(start.json().getString("model"), is("qwen2.5:3b"));
            SseClient.Event first = stream.next();
            assertThat(first.name(), is("token"));
            assertThat(first.json().getString("content"), is("The"));
            List<SseClient.Event> rest = stream.rest();

            long lastChunkSent = llm.callsFor("qwen2.5:3b").get(0).lastChunkAt().join();
            // Eight chunks 150 ms apart: the first token arrived about a second before the backend finished.
            assertThat(first.arrivedAt(), lessThan(lastChunkSent));
            assertThat(TimeUnit.NANOSECONDS.toMillis(lastChunkSent - first.arrivedAt()), greaterThanOrEqualTo(500L));

            List<String> names = rest.stream().map(SseClient.Event::name).toList();
            assertThat(names, is(List.of("token", "token", "token", "token", "token", "token", "token", "done")));
            JsonObject done = rest.get(rest.size() - 1).json();
            assertThat(done.getString("finishReason"), is("stop"));
            assertThat(done.getJsonObject("usage").getInteger("completionTokens"), is(9));
            assertThat(done.getBoolean("historyStored"), is(true));
            assertThat(done.getString("conversationId"), is(start.json().getString("conversationId")));
        }
    }

    @Test
    void anErrorLineMidAnswerBecomesAnErrorEventInTheProblemFormat() {
        try (SseClient stream = SseClient.post("/api/v1/chat", TestTokens.user(),
                "{\"agentId\":\"chat-stub-error\",\"message\":\"Hello\",\"stream\":true}")) {
            List<SseClient.Event> events = stream.rest();
            assertThat(events.stream().map(SseClient.Event::name).toList(),
                    contains("start", "token", "token", "error"));
            JsonObject problem = events.get(3).json();
            assertThat(problem.getString("type"), is("urn:sutazai:problem:bad-gateway"));
            assertThat(problem.getInteger("status"), is(502));
            assertThat(problem.getString("detail"), containsString("unexpected EOF"));
            assertThat(problem.getString("requestId"), is(stream.header("X-Request-Id")));
        }
    }

    @Test
    void aClientThatLeavesClosesTheBackendConnectionWithinASecond() {
        SseClient stream = SseClient.post("/api/v1/chat", TestTokens.user(),
                "{\"agentId\":\"chat-stub-endless\",\"message\":\"Count for ever\",\"stream\":true}");
        assertThat(stream.next().name(), is("start"));
        assertThat(stream.next().name(), is("token"));
        long left = System.nanoTime();
        stream.close();

        StubLlm.Call call = llm.callsFor("stub-endless").get(0);
        long closed = call.closedAt().orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(TimeUnit.NANOSECONDS.toMillis(closed - left), lessThan(1000L));
        // The partial answer is kept in the history, marked as interrupted.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> memory.verify(1,
                postRequestedFor(urlPathMatching(".*/messages"))
                        .withRequestBody(matchingJsonPath("$.role", equalTo("assistant")))));
        memory.verify(postRequestedFor(urlPathMatching(".*/messages"))
                .withRequestBody(matchingJsonPath("$.role", equalTo("assistant")))
                .withRequestBody(matchingJsonPath("$.metadata.status", equalTo("interrupted")))
                .withRequestBody(matchingJsonPath("$.content", equalTo("The"))));
    }

    @Test
    void eachTimeoutPhaseFailsWithItsOwnProblem() throws Exception {
        // No first token (a model that never loads): 3 s in the test profile.
        assertProblem(given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"agentId\":\"chat-stub-cold\",\"message\":\"Hello\"}").post("/api/v1/chat").then(),
                504, "first-token-timeout").body("detail", containsString("sent no first token within 3000 ms"));
        // A first chunk, then silence: 2 s.
        try (SseClient stream = SseClient.post("/api/v1/chat", TestTokens.user(),
                "{\"agentId\":\"chat-stub-stall\",\"message\":\"Hello\",\"stream\":true}")) {
            List<SseClient.Event> events = stream.rest();
            assertThat(events.stream().map(SseClient.Event::name).toList(), contains("start", "token", "error"));
            assertThat(events.get(2).json().getString("type"), is("urn:sutazai:problem:idle-timeout"));
        }
        // Chunks that never end: the whole answer's bound, 8 s.
        try (SseClient stream = SseClient.post("/api/v1/chat", TestTokens.user(),
                "{\"agentId\":\"chat-stub-endless\",\"message\":\"Hello\",\"stream\":true}")) {
            List<SseClient.Event> events = stream.rest();
            SseClient.Event last = events.get(events.size() - 1);
            assertThat(last.name(), is("error"));
            assertThat(last.json().getString("type"), is("urn:sutazai:problem:total-timeout"));
            assertThat(events.size(), greaterThanOrEqualTo(20));
        }
        // A backend that takes no connection: 1 s.
        try (var hole = new BlackHole()) {
            Agents.register(Map.of("id", "chat-unreachable", "name", "Unreachable", "kind", "openai",
                    "model", "gpt-4o-mini", "connection", Map.of("baseUrl", hole.url())));
            assertProblem(given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                    .body("{\"agentId\":\"chat-unreachable\",\"message\":\"Hello\"}").post("/api/v1/chat").then(),
                    504, "connect-timeout");
        } finally {
            Agents.remove("chat-unreachable");
        }
    }

    @Test
    void remoteAgentsAnswerThroughTheirOwnContracts() {
        Agents.register(Map.of("id", "chat-remote-openai", "name", "Remote", "kind", "openai", "model", "gpt-4o-mini",
                "systemPrompt", "Be brief.", "connection", Map.of("baseUrl", llm.url() + "/v1", "apiKey", StubLlm.API_KEY)));
        Agents.register(Map.of("id", "chat-remote-legacy", "name", "Legacy", "kind", "http",
                "connection", Map.of("baseUrl", llm.url() + "/legacy")));
        try {
            try (SseClient stream = SseClient.post("/api/v1/chat", TestTokens.user(),
                    "{\"agentId\":\"chat-remote-openai\",\"message\":\"Capital of France?\",\"stream\":true}")) {
                List<SseClient.Event> events = stream.rest();
                assertThat(events.stream().filter(e -> e.name().equals("token")).map(e -> e.json().getString("content"))
                        .toList(), is(List.of("Paris", " is", " the", " capital", " of", " France.")));
                JsonObject done = events.get(events.size() - 1).json();
                assertThat(done.getJsonObject("usage").getInteger("promptTokens"), is(24));
            }
            StubLlm.Call remote = llm.callsFor("gpt-4o-mini").get(0);
            assertThat(remote.path(), is("/v1/chat/completions"));
            assertThat(remote.authorization(), is("Bearer " + StubLlm.API_KEY));
            assertThat(remote.body().getJsonObject("stream_options").getBoolean("include_usage"), is(true));
            assertThat(remote.body().getJsonArray("messages").getJsonObject(0).getString("content"), is("Be brief."));

            given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                    .body("{\"agentId\":\"chat-remote-legacy\",\"message\":\"Ping\"}").post("/api/v1/chat").then()
                    .statusCode(200).body("reply", is("Legacy agent heard: Ping")).body("usage.completionTokens", is(4));
            assertThat(llm.calls().get(llm.calls().size() - 1).path(), is("/legacy/chat"));
        } finally {
            Agents.remove("chat-remote-openai");
            Agents.remove("chat-remote-legacy");
        }
    }

    @Test
    void linesCutAcrossChunksWithCarriageReturnsAndNoFinalNewlineReadWhole() {
        Agents.persona("chat-split", "stub-split", "You split.");
        try {
            given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                    .body("{\"agentId\":\"chat-split\",\"message\":\"Hello\"}").post("/api/v1/chat").then()
                    .statusCode(200).body("reply", is("The sky looks blue because of Rayleigh scattering."))
                    .body("usage.completionTokens", is(9));
        } finally {
            Agents.remove("chat-split");
        }
    }

    @Test
    void aModelTheBackendLacksIsABadGatewayNamingIt() {
        assertProblem(given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"agentId\":\"chat-stub-missing\",\"message\":\"Hello\"}").post("/api/v1/chat").then(),
                502, "bad-gateway").body("detail", containsString("answered 404: model \"stub-missing\" not found"));
        assertThat(llm.callsFor("stub-missing"), hasSize(1));
        assertThat(llm.callsFor("qwen2.5:3b"), is(empty()));
    }
}
