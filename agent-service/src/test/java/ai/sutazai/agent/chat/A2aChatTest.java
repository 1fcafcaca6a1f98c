package ai.sutazai.agent.chat;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

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
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.testing.A2aRemote;
import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.MemoryStubs;
import ai.sutazai.agent.testing.SseClient;
import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.commons.testing.InjectWireMock;
import ai.sutazai.commons.testing.TestTokens;

/**
 * Chat with imported A2A agents against the recorded v1.0 and v0.3 servers: the answer streams
 * chunk by chunk over SendStreamingMessage or message/stream, a Message or a question ends it, a
 * failed task and the server's errors are the suite's problems, and a client that leaves aborts the
 * call.
 */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class A2aChatTest {

    private static final String V1_AGENT = "chat-a2a-v1";
    private static final String V03_AGENT = "chat-a2a-v03";
    private static final String QUESTION = "What is the capital of France?";
    private static A2aRemote remote;

    StubLlm llm;

    @InjectWireMock("memory-service")
    WireMockServer memory;

    @BeforeAll
    static void importAgents() {
        remote = new A2aRemote();
        remote.importAgent(V1_AGENT, A2aRemote.V1);
        remote.importAgent(V03_AGENT, A2aRemote.V03);
    }

    @AfterAll
    static void removeAgents() {
        List.of(V1_AGENT, V03_AGENT, "chat-a2a-whole", "chat-a2a-endless", "chat-a2a-no-token").forEach(Agents::remove);
        remote.close();
    }

    @BeforeEach
    void reset() {
        remote.reset();
        llm.reset();
        MemoryStubs.healthy(memory);
    }

    @Test
    void aV1AgentStreamsItsArtifactChunksAsTokensOverSendStreamingMessage() {
        assertStreamsTheAnswer(V1_AGENT);
        JsonObject rpc = remote.lastRpc(A2aRemote.V1);
        assertThat(rpc.getString("jsonrpc"), is("2.0"));
        assertThat(rpc.getString("method"), is("SendStreamingMessage"));
        JsonObject message = rpc.getJsonObject("params").getJsonObject("message");
        assertThat(message.getString("role"), is("ROLE_USER"));
        assertThat(message.getJsonArray("parts").encode(), is("[{\"text\":\"" + QUESTION + "\"}]"));
        assertThat(message.getString("kind"), nullValue());
        remote.server().verify(postRequestedFor(urlPathEqualTo("/v1/a2a/jsonrpc"))
                .withHeader("A2A-Version", equalTo("1.0"))
                .withHeader("Authorization", equalTo("Bearer " + A2aRemote.TOKEN)));
    }

    @Test
    void aV03AgentStreamsItsArtifactChunksAsTokensOverMessageStream() {
        assertStreamsTheAnswer(V03_AGENT);
        JsonObject rpc = remote.lastRpc(A2aRemote.V03);
        assertThat(rpc.getString("method"), is("message/stream"));
        JsonObject message = rpc.getJsonObject("params").getJsonObject("message");
        assertThat(message.getString("kind"), is("message"));
        assertThat(message.getString("role"), is("user"));
        assertThat(message.getJsonArray("parts").encode(), is("[{\"text\":\"" + QUESTION + "\",\"kind\":\"text\"}]"));
        remote.server().verify(postRequestedFor(urlPathEqualTo("/v03/a2a/jsonrpc"))
                .withHeader("A2A-Version", equalTo("0.3")));
    }

    private static void assertStreamsTheAnswer(String agent) {
        try (SseClient stream = SseClient.post("/api/v1/chat", TestTokens.user(),
                "{\"agentId\":\"" + agent + "\",\"message\":\"" + QUESTION + "\",\"stream\":true}")) {
            assertThat(stream.status(), is(200));
            List<SseClient.Event> events = stream.rest();
            assertThat(events.stream().map(SseClient.Event::name).toList(),
                    contains("start", "token", "token", "token", "done"));
            assertThat(events.get(0).json().getString("agentId"), is(agent));
            // The working status message ("Looking it up") is progress, not answer.
            assertThat(events.subList(1, 4).stream().map(event -> event.json().getString("content")).toList(),
                    contains("Paris is", " the capital", " of France."));
            assertThat(events.get(4).json().getString("finishReason"), is("stop"));
            assertThat(events.get(4).json().getBoolean("historyStored"), is(true));
        }
    }

    @Test
    void aJsonChatCollectsTheWholeAnswerAndAMessageIsAnAnswerToo() {
        for (String agent : List.of(V1_AGENT, V03_AGENT)) {
            chat(agent, QUESTION).statusCode(200).body("reply", is(A2aRemote.ANSWER)).body("finishReason", is("stop"))
                    .body("agentId", is(agent));
            chat(agent, "hello there").statusCode(200).body("reply", is("Hello! I am the fixed agent."))
                    .body("finishReason", is("stop"));
        }
    }

    @Test
    void aTaskThatNeedsInputEndsWithTheAgentsQuestion() {
        for (String agent : List.of(V1_AGENT, V03_AGENT)) {
            chat(agent, "which capital?").statusCode(200).body("reply", is("Which city do you mean?"))
                    .body("finishReason", is("input-required"));
        }
    }

    @Test
    void aTaskThatFailsIsABadGatewayWithTheAgentsReason() {
        for (String agent : List.of(V1_AGENT, V03_AGENT)) {
            try (SseClient stream = SseClient.post("/api/v1/chat", TestTokens.user(),
                    "{\"agentId\":\"" + agent + "\",\"message\":\"Please fail\",\"stream\":true}")) {
                List<SseClient.Event> events = stream.rest();
                assertThat(events.stream().map(SseClient.Event::name).toList(), contains("start", "error"));
                JsonObject problem = events.get(1).json();
                assertThat(problem.getString("type"), is("urn:sutazai:problem:bad-gateway"));
                assertThat(problem.getString("detail"), is("The A2A server of agent " + agent
                        + " reports the task failed: The fixed agent failed on purpose."));
            }
        }
    }

    @Test
    void anAgentWhoseCardSaysItDoesNotStreamIsAskedWithMessageSend() {
        for (String version : List.of(A2aRemote.V1, A2aRemote.V03)) {
            Agents.register(Map.of("id", "chat-a2a-whole", "name", "Whole", "kind", "a2a", "connection",
                    Map.of("baseUrl", remote.baseUrl(version), "rpcUrl", remote.rpcUrl(version), "protocolVersion",
                            version.equals(A2aRemote.V1) ? "1.0" : "0.3.0", "streaming", false, "apiKey",
                            A2aRemote.TOKEN)));
            try {
                chat("chat-a2a-whole", QUESTION).statusCode(200).body("reply", is(A2aRemote.ANSWER));
                JsonObject rpc = remote.lastRpc(version);
                if (version.equals(A2aRemote.V1)) {
                    assertThat(rpc.getString("method"), is("SendMessage"));
                } else {
                    assertThat(rpc.getString("method"), is("message/send"));
                    assertThat(rpc.getJsonObject("params").getJsonObject("configuration").getBoolean("blocking"), is(true));
                }
            } finally {
                Agents.remove("chat-a2a-whole");
            }
        }
    }

    @Test
    void theServersJsonRpcErrorsAndRefusalsAreBadGateways() {
        // A stream refused before it starts: the SDK's servers answer with one JSON-RPC error as JSON.
        remote.server().stubFor(post(urlPathEqualTo("/v1/a2a/jsonrpc")).atPriority(1)
                .willReturn(A2aRemote.json(200, A2aRemote.read("v1/error-invalid-params.response.json"))));
        assertProblem(chat(V1_AGENT, QUESTION), 502, "bad-gateway").body("detail", is("The A2A server of agent "
                + V1_AGENT + " answered with JSON-RPC error -32602 (invalid params): message.messageId is required."));

        remote.server().stubFor(post(urlPathEqualTo("/v03/a2a/jsonrpc")).atPriority(1)
                .willReturn(A2aRemote.json(200, A2aRemote.read("v03/error-method-not-found.response.json"))));
        assertProblem(chat(V03_AGENT, QUESTION), 502, "bad-gateway").body("detail", containsString(
                "answered with JSON-RPC error -32601 (method not found): Method not found: no/such"));

        // Without the token the server wants, it answers 401.
        Agents.register(Map.of("id", "chat-a2a-no-token", "name", "No token", "kind", "a2a", "connection",
                Map.of("baseUrl", remote.baseUrl(A2aRemote.V03), "rpcUrl", remote.rpcUrl(A2aRemote.V03),
                        "protocolVersion", "0.3.0", "streaming", true)));
        remote.reset();
        assertProblem(chat("chat-a2a-no-token", QUESTION), 502, "bad-gateway").body("detail",
                is("The A2A server of agent chat-a2a-no-token answered 401: it does not accept the agent's credentials."));
    }

    @Test
    void earlierMessagesOfTheTurnGoAlongAsASecondPart() {
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body(new JsonObject().put("agentId", V1_AGENT).put("messages", List.of(
                        Map.of("role", "user", "content", "I am planning a trip."),
                        Map.of("role", "assistant", "content", "Where to?"),
                        Map.of("role", "user", "content", QUESTION))).encode())
                .post("/api/v1/chat").then().statusCode(200).body("reply", is(A2aRemote.ANSWER));
        JsonObject message = remote.lastRpc(A2aRemote.V1).getJsonObject("params").getJsonObject("message");
        assertThat(message.getJsonArray("parts").getJsonObject(0).getString("text"), is(QUESTION));
        assertThat(message.getJsonArray("parts").getJsonObject(1).getString("text"), is("Context of the message above "
                + "(earlier in this conversation, oldest first):\nuser: I am planning a trip.\nassistant: Where to?"));
    }

    @Test
    void aClientThatLeavesClosesTheA2aConnectionWithinASecond() {
        Agents.register(Map.of("id", "chat-a2a-endless", "name", "Endless", "kind", "a2a", "connection",
                Map.of("baseUrl", llm.url() + "/a2a", "rpcUrl", llm.url() + "/a2a/endless", "protocolVersion", "1.0",
                        "streaming", true)));
        SseClient stream = SseClient.post("/api/v1/chat", TestTokens.user(),
                "{\"agentId\":\"chat-a2a-endless\",\"message\":\"Go on for ever\",\"stream\":true}");
        assertThat(stream.next().name(), is("start"));
        assertThat(stream.next().json().getString("content"), is("more "));
        long left = System.nanoTime();
        stream.close();

        StubLlm.Call call = llm.calls().stream().filter(c -> c.path().equals("/a2a/endless")).findFirst().orElseThrow();
        long closed = call.closedAt().orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(TimeUnit.NANOSECONDS.toMillis(closed - left), lessThan(1000L));
        assertThat(call.body().getString("method"), is("SendStreamingMessage"));
    }

    private static ValidatableResponse chat(String agent, String message) {
        return given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body(new JsonObject().put("agentId", agent).put("message", message).encode())
                .post("/api/v1/chat").then();
    }
}
