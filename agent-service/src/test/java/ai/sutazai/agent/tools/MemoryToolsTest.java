package ai.sutazai.agent.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.testing.MemoryStubs;
import ai.sutazai.agent.testing.SseClient;
import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.agent.testing.ToolModels;
import ai.sutazai.commons.testing.InjectWireMock;
import ai.sutazai.commons.testing.TestTokens;

/**
 * The bundled Letta persona uses its memory tools: it stores a fact with {@code memory_store} in
 * one conversation and finds it with {@code memory_search} in another, through memory-service
 * acting for the caller. memory-service is its WireMock double, answering in the shapes of its
 * API ({@code POST /api/v1/memory/memories} → the stored memory; {@code POST /api/v1/memory/search}
 * → hits), and keeping the fact once stored (a WireMock scenario).
 */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class MemoryToolsTest {

    private static final String FACT = "The user's cat is called Miso.";
    private static final String MODEL = "tinyllama";

    StubLlm llm;

    @InjectWireMock("memory-service")
    WireMockServer memory;

    @BeforeEach
    void reset() {
        llm.reset();
        MemoryStubs.healthy(memory);
    }

    @AfterEach
    void forgetScripts() {
        llm.reset();
    }

    private static String memoryJson(String owner) {
        return new JsonObject().put("id", "0b6f3c5e-6d6c-4a57-9a59-1f0d5b9c4a11").put("ownerId", owner)
                .put("namespace", "default").putNull("key").put("content", FACT).put("agentId", "letta")
                .putNull("sessionId").put("tags", new JsonArray()).put("metadata", new JsonObject()).putNull("importance")
                .putNull("expiresAt").put("createdAt", "2026-12-04T02:00:00Z").put("updatedAt", "2026-12-04T02:00:00Z")
                .put("version", 1).put("embeddingStatus", "ready").encode();
    }

    @Test
    void lettaStoresAFactInOneConversationAndFindsItInAnother() {
        String owner = UUID.randomUUID().toString();
        String token = TestTokens.forSubject(owner);
        memory.stubFor(post(urlPathEqualTo("/api/v1/memory/memories")).inScenario("fact")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("stored")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(memoryJson(owner))));
        memory.stubFor(post(urlPathEqualTo("/api/v1/memory/search")).inScenario("fact").whenScenarioStateIs("stored")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"items\":[{\"memory\":" + memoryJson(owner) + ",\"score\":0.81,"
                                + "\"scores\":{\"semantic\":0.81},\"ranks\":{\"semantic\":1}}],\"nextCursor\":null,"
                                + "\"mode\":\"semantic\",\"vectorBackend\":\"exact\"}")));
        // Letta stores what it is told, and searches when asked; then it answers with what its tool said.
        llm.script(MODEL, call -> {
            if (ToolModels.hasToolResults(call)) {
                return ToolModels.ollamaText(MODEL, "Memory says: " + ToolModels.toolResults(call).get(0).getString("content"));
            }
            JsonArray messages = ToolModels.messages(call);
            String last = messages.getJsonObject(messages.size() - 1).getString("content");
            return last.startsWith("Remember")
                    ? ToolModels.ollamaCalls(MODEL, ToolModels.call("memory_store", new JsonObject().put("content", FACT)))
                    : ToolModels.ollamaCalls(MODEL, ToolModels.call("memory_search",
                            new JsonObject().put("query", "name of the user's cat")));
        });

        List<SseClient.Event> first = chat(token, "Remember: my cat is called Miso.", "conv-" + UUID.randomUUID());
        assertThat(SseClient.steps(first), contains("start", "tool_call", "tool_result", "done"));
        assertThat(first.get(1).json().getString("name"), is("memory_store"));
        assertThat(first.get(2).json().getBoolean("error"), is(false));
        assertThat(first.get(2).json().getString("content"), containsString("\"stored\":true"));
        // Stored for the caller, with their own token, as written by Letta.
        memory.verify(postRequestedFor(urlPathEqualTo("/api/v1/memory/memories"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withRequestBody(matchingJsonPath("$.content", equalTo(FACT)))
                .withRequestBody(matchingJsonPath("$.agentId", equalTo("letta")))
                .withRequestBody(matchingJsonPath("$.ownerId", equalTo(owner))));

        List<SseClient.Event> second = chat(token, "What is my cat called?", "conv-" + UUID.randomUUID());
        assertThat(SseClient.steps(second), contains("start", "tool_call", "tool_result", "done"));
        assertThat(second.get(1).json().getString("name"), is("memory_search"));
        assertThat(second.get(2).json().getString("content"), containsString(FACT));
        String text = SseClient.text(second);
        assertThat(text, containsString("Miso"));
        memory.verify(postRequestedFor(urlPathEqualTo("/api/v1/memory/search"))
                .withRequestBody(matchingJsonPath("$.query", equalTo("name of the user's cat")))
                .withRequestBody(matchingJsonPath("$.ownerId", equalTo(owner))));
    }

    @Test
    void aMemoryServiceThatRefusesAStoreIsAToolErrorTheModelReads() {
        memory.stubFor(post(urlPathEqualTo("/api/v1/memory/memories")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"urn:sutazai:problem:validation\",\"title\":\"Request validation failed\","
                        + "\"status\":400,\"detail\":\"content is too long\"}")));
        llm.script(MODEL, call -> ToolModels.hasToolResults(call) ? ToolModels.ollamaText(MODEL, "I could not store it.")
                : ToolModels.ollamaCalls(MODEL, ToolModels.call("memory_store", new JsonObject().put("content", FACT))));

        List<SseClient.Event> events = chat(TestTokens.user(), "Remember: my cat is called Miso.", null);

        assertThat(SseClient.steps(events), contains("start", "tool_call", "tool_result", "done"));
        assertThat(events.get(2).json().getBoolean("error"), is(true));
        assertThat(events.get(2).json().getString("content"), containsString("refused the call with 400"));
    }

    private static List<SseClient.Event> chat(String token, String message, String conversation) {
        try (SseClient stream = SseClient.post("/api/v1/chat", token, new JsonObject().put("agentId", "letta")
                .put("message", message).put("stream", true).put("conversationId", conversation).encode())) {
            assertThat(stream.status(), is(200));
            return stream.rest();
        }
    }

}
