package ai.sutazai.agent.openai;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.McpBridgeStubs;
import ai.sutazai.agent.testing.SseClient;
import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.agent.testing.ToolModels;
import ai.sutazai.commons.testing.InjectWireMock;
import ai.sutazai.commons.testing.TestPeers;
import ai.sutazai.commons.testing.TestTokens;

/**
 * The official {@code openai} npm client talks to platform agents through
 * {@code /api/v1/openai}: a completion, a stream with usage, the model list, and OpenAI's own error
 * shape, so its typed errors work.
 */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class OpenAiCompatibilityTest {

    StubLlm llm;

    @InjectWireMock("mcp-bridge-service")
    WireMockServer bridge;

    @BeforeEach
    void reset() {
        llm.reset();
        // Aider may use the bridge's filesystem tools; this bridge has none, so it gets no tools.
        McpBridgeStubs.everything(bridge);
    }

    @Test
    void theOpenAiClientGetsACompletionFromTheAgentNamedAsModel() throws Exception {
        JsonObject answer = openai("complete", "aider");
        assertThat(answer.getString("object"), is("chat.completion"));
        assertThat(answer.getString("id"), startsWith("chatcmpl-"));
        assertThat(answer.getString("model"), is("aider"));
        assertThat(answer.getString("text"), is("The sky looks blue because of Rayleigh scattering."));
        assertThat(answer.getString("role"), is("assistant"));
        assertThat(answer.getString("finishReason"), is("stop"));
        assertThat(answer.getJsonObject("usage").encode(),
                is("{\"prompt_tokens\":38,\"completion_tokens\":9,\"total_tokens\":47}"));
        // The agent's own system prompt comes first, then the client's messages; the request's options apply.
        StubLlm.Call call = llm.callsFor("tinyllama").get(0);
        JsonArray messages = call.body().getJsonArray("messages");
        assertThat(messages.getJsonObject(0).getString("content"), startsWith("You are Aider"));
        assertThat(messages.getJsonObject(1).getString("content"), is("Answer in one sentence."));
        assertThat(messages.getJsonObject(2).getString("content"), is("What is the capital of France?"));
        assertThat(call.body().getJsonObject("options").getInteger("num_predict"), is(50));
        assertThat(call.body().getJsonObject("options").getDouble("temperature"), is(0.2));
    }

    @Test
    void theOpenAiClientStreamsTheAnswerWithUsage() throws Exception {
        JsonObject answer = openai("stream", "langchain");
        assertThat(answer.getString("text"), is("The sky looks blue because of Rayleigh scattering."));
        assertThat(answer.getString("finishReason"), is("stop"));
        assertThat(answer.getJsonObject("usage").getInteger("completion_tokens"), is(9));
        // A role chunk, eight content chunks, the finish, the usage: one id for all.
        assertThat(answer.getInteger("chunks"), is(11));
        assertThat(answer.getInteger("ids"), is(1));
    }

    @Test
    void theRawStreamIsChunksThenUsageThenDone() {
        try (SseClient stream = SseClient.post("/api/v1/openai/chat/completions", TestTokens.user(),
                "{\"model\":\"langchain\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}")) {
            assertThat(stream.header("Content-Type"), startsWith("text/event-stream"));
            List<SseClient.Event> events = stream.rest();
            JsonObject first = events.get(0).json();
            assertThat(first.getString("object"), is("chat.completion.chunk"));
            assertThat(first.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("role"),
                    is("assistant"));
            assertThat(first.containsKey("usage"), is(true));
            assertThat(first.getValue("usage"), nullValue());
            JsonObject usage = events.get(events.size() - 2).json();
            assertThat(usage.getJsonArray("choices").size(), is(0));
            assertThat(usage.getJsonObject("usage").getInteger("total_tokens"), is(47));
            assertThat(events.get(events.size() - 1).data(), is("[DONE]"));
        }
        // Without include_usage there is no usage chunk, and no "usage" key at all.
        try (SseClient stream = SseClient.post("/api/v1/openai/chat/completions", TestTokens.user(),
                "{\"model\":\"langchain\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
            List<SseClient.Event> events = stream.rest();
            assertThat(events.size(), is(11));
            assertThat(events.get(0).json().containsKey("usage"), is(false));
            assertThat(events.get(9).json().getJsonArray("choices").getJsonObject(0).getString("finish_reason"),
                    is("stop"));
        }
    }

    @Test
    void anErrorMidStreamIsOpenAisErrorObjectWithNoDoneAfterIt() {
        given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"openai-failing\",\"name\":\"Failing\",\"kind\":\"llm\",\"model\":\"stub-error\"}")
                .post("/api/v1/agents").then().statusCode(201);
        try (SseClient stream = SseClient.post("/api/v1/openai/chat/completions", TestTokens.user(),
                "{\"model\":\"openai-failing\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
            List<SseClient.Event> events = stream.rest();
            JsonObject error = events.get(events.size() - 1).json().getJsonObject("error");
            assertThat(error.getString("type"), is("api_error"));
            assertThat(error.getString("code"), is("bad_gateway"));
            assertThat(error.getString("message"), containsString("unexpected EOF"));
            assertThat(events.stream().map(SseClient.Event::data).toList(), not(hasItem("[DONE]")));
        } finally {
            Agents.remove("openai-failing");
        }
    }

    @Test
    void theOpenAiClientListsEnabledAgentsAsModels() throws Exception {
        JsonObject answer = openai("models", "letta");
        List<String> ids = answer.getJsonArray("ids").stream().map(String.class::cast).toList();
        assertThat(ids, hasItems("letta", "aider", "langchain", "gpt-engineer"));
        assertThat(answer.getString("retrieved"), is("letta"));
        assertThat(answer.getString("ownedBy"), is("sutazai"));
    }

    @Test
    void errorsComeInOpenAisShapeSoTheClientRaisesItsTypedErrors() throws Exception {
        JsonObject unknown = openai("unknown-model", "letta");
        assertThat(unknown.getString("errorClass"), is("NotFoundError"));
        assertThat(unknown.getInteger("status"), is(404));
        assertThat(unknown.getString("type"), is("invalid_request_error"));
        assertThat(unknown.getString("code"), is("model_not_found"));

        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"model\":\"letta\",\"messages\":[{\"role\":\"wizard\",\"content\":\"Hi\"}],\"temperature\":\"hot\"}")
                .post("/api/v1/openai/chat/completions").then().statusCode(400)
                .contentType(startsWith("application/json"))
                .body("error.type", is("invalid_request_error"))
                .body("error.param", is("temperature"))
                .body("error.code", is("validation"));
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"model\":\"letta\",\"messages\":[{\"role\":\"wizard\",\"content\":\"Hi\"}]}")
                .post("/api/v1/openai/chat/completions").then().statusCode(400)
                .body("error.param", is("messages[0].role"))
                .body("error.message", containsString("must be system, developer, user, assistant or tool"));
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"model\":\"letta\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}")
                .post("/api/v1/openai/chat/completions").then().statusCode(400)
                .body("error.param", is("messages[0].content"));
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON).body("{\"model\":")
                .post("/api/v1/openai/chat/completions").then().statusCode(400)
                .body("error.type", is("invalid_request_error"))
                .body("error.message", containsString("not valid JSON"));
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"model\":\"letta\",\"n\":3,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/api/v1/openai/chat/completions").then().statusCode(400).body("error.param", is("n"));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/openai/models/no-such-agent").then().statusCode(404)
                .body("error.code", is("model_not_found"));
    }

    @Test
    void theOpenAiClientGetsStandardToolCallsForItsOwnToolsAndSendsTheResultsBack() throws Exception {
        Agents.remove("oai-tools");
        Agents.persona("oai-tools", "oai-tools-model", "Use the tools you are given.");
        try {
            llm.script("oai-tools-model", call -> ToolModels.hasToolResults(call)
                    ? ToolModels.ollamaText("oai-tools-model", "It is " + new JsonObject(ToolModels.toolResults(call)
                            .get(0).getString("content")).getString("sky") + " in Paris.")
                    : ToolModels.ollamaCalls("oai-tools-model",
                            ToolModels.call("get_weather", new JsonObject().put("city", "Paris"))));

            JsonObject answer = openai("tools", "oai-tools");

            assertThat(answer.getString("finishReason"), is("tool_calls"));
            assertThat(answer.getValue("content"), is(nullValue()));
            JsonObject call = answer.getJsonArray("calls").getJsonObject(0);
            assertThat(call.getString("type"), is("function"));
            assertThat(call.getString("name"), is("get_weather"));
            assertThat(call.getJsonObject("arguments"), is(new JsonObject().put("city", "Paris")));
            assertThat(answer.getString("final"), is("It is sunny in Paris."));
            assertThat(answer.getString("finalReason"), is("stop"));
            // The client's tool reached the model; its result came back as a tool message with the tool's name.
            StubLlm.Call first = llm.callsFor("oai-tools-model").get(0);
            assertThat(first.body().getJsonArray("tools").getJsonObject(0).getJsonObject("function")
                    .getString("name"), is("get_weather"));
            JsonObject result = ToolModels.toolResults(llm.callsFor("oai-tools-model").get(1)).get(0);
            assertThat(result.getString("tool_name"), is("get_weather"));

            llm.script("oai-tools-model", again -> ToolModels.ollamaCalls("oai-tools-model",
                    ToolModels.call("get_weather", new JsonObject().put("city", "Paris"))));
            JsonObject streamed = openai("tools-stream", "oai-tools");
            assertThat(streamed.getString("finishReason"), is("tool_calls"));
            assertThat(streamed.getJsonArray("calls").getJsonObject(0).getString("name"), is("get_weather"));
            assertThat(streamed.getJsonArray("calls").getJsonObject(0).getJsonObject("arguments"),
                    is(new JsonObject().put("city", "Paris")));
        } finally {
            Agents.remove("oai-tools");
        }
    }

    @Test
    void badClientToolsAreA400NamingEachOne() {
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"model\":\"langchain\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"has spaces\"}}]}")
                .post("/api/v1/openai/chat/completions").then().statusCode(400)
                .body("error.param", is("tools[0]"));
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"model\":\"langchain\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                        + "{\"role\":\"tool\",\"content\":\"42\"}]}")
                .post("/api/v1/openai/chat/completions").then().statusCode(400)
                .body("error.param", is("messages[1].tool_call_id"));
    }

    @Test
    void theChatBoundsHoldHereToo() {
        String huge = "x".repeat(2 * 1024 * 1024);
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"model\":\"letta\",\"messages\":[{\"role\":\"user\",\"content\":\"" + huge + "\"}]}")
                .post("/api/v1/openai/chat/completions").then().statusCode(400)
                .body("error.param", is("messages[0].content"))
                .body("error.message", containsString("must be at most 100000 characters"));
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"model\":\"letta\",\"messages\":[{\"role\":\"user\",\"content\":[]}]}")
                .post("/api/v1/openai/chat/completions").then().statusCode(400)
                .body("error.param", is("messages[0].content")).body("error.message", containsString("must not be blank"));
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"model\":\"letta\",\"max_tokens\":2000000,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/api/v1/openai/chat/completions").then().statusCode(400).body("error.param", is("max_tokens"));
        // An assistant turn without content (OpenAI allows it) is fine.
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"model\":\"langchain\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                        + "{\"role\":\"assistant\",\"content\":null},{\"role\":\"user\",\"content\":\"Again\"}]}")
                .post("/api/v1/openai/chat/completions").then().statusCode(200)
                .body("choices[0].message.content", is("The sky looks blue because of Rayleigh scattering."));
        assertThat(llm.callsFor("tinyllama"), hasSize(1));
    }

    private static JsonObject openai(String mode, String model) throws IOException, InterruptedException {
        ProcessBuilder node = new ProcessBuilder("node", TestPeers.client("openai-chat.mjs").toString(), mode)
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "http://localhost:" + RestAssured.port + "/api/v1/openai");
        node.environment().put("API_KEY", TestTokens.user());
        node.environment().put("MODEL", model);
        Process process = node.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the openai client did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(output, process.exitValue(), is(0));
        String last = output.substring(output.lastIndexOf('\n') + 1);
        assertThat(last.length(), greaterThanOrEqualTo(2));
        return new JsonObject(last);
    }
}
