package ai.sutazai.agent.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.McpBridgeStubs;
import ai.sutazai.agent.testing.MemoryStubs;
import ai.sutazai.agent.testing.SseClient;
import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.agent.testing.ToolModels;
import ai.sutazai.commons.testing.InjectWireMock;
import ai.sutazai.commons.testing.TestTokens;

/**
 * The tool loop of a chat turn, with a stub model that calls tools (Ollama's and OpenAI's wire
 * formats) and a WireMock bridge replaying the real bridge's answers in front of server-everything:
 * results go back to the model, every step shows as tool_call / tool_result events, independent
 * calls run in parallel, and bad arguments, unknown tools, a looping model, a slow tool and a
 * bridge that fails each end in a tool error or a clear final event, never a crash.
 */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class ToolLoopTest {

    private static final String CALCULATOR = "tools-calculator";
    private static final String OPENAI_CALCULATOR = "tools-openai-calculator";
    private static final String ECHOER = "tools-echoer";
    private static final String SUM = "everything__get-sum";
    private static final String ECHO = "everything__echo";

    StubLlm llm;

    @InjectWireMock("mcp-bridge-service")
    WireMockServer bridge;

    @InjectWireMock("memory-service")
    WireMockServer memory;

    @BeforeAll
    static void registerAgents() {
        Agents.register(Map.of("id", CALCULATOR, "name", "Calculator", "kind", "llm", "model", "tools-ollama",
                "systemPrompt", "Use your tools.", "tools", List.of("everything__get-*", ECHO)));
        Agents.register(Map.of("id", ECHOER, "name", "Echoer", "kind", "llm", "model", "tools-ollama",
                "tools", List.of(ECHO)));
    }

    @AfterAll
    static void removeAgents() {
        Agents.remove(CALCULATOR);
        Agents.remove(ECHOER);
        Agents.remove(OPENAI_CALCULATOR);
    }

    @BeforeEach
    void reset() {
        llm.reset();
        MemoryStubs.healthy(memory);
        McpBridgeStubs.everything(bridge);
    }

    // A model that calls the given tools first, then answers with what the tools said.
    private void callsThenAnswers(String model, ToolModels.Call... calls) {
        llm.script(model, call -> ToolModels.hasToolResults(call)
                ? ToolModels.ollamaText(model, "Tools said: " + ToolModels.toolResults(call).stream()
                        .map(result -> result.getString("content")).toList())
                : ToolModels.ollamaCalls(model, calls));
    }

    private static List<SseClient.Event> chat(String agent, String message, String extra) {
        try (SseClient stream = SseClient.post("/api/v1/chat", TestTokens.user(), "{\"agentId\":\"" + agent
                + "\",\"message\":\"" + message + "\",\"stream\":true" + extra + "}")) {
            assertThat(stream.status(), is(200));
            return stream.rest();
        }
    }


    @Test
    void aModelThatCallsASumGetsTheBridgesResultAndTheClientTheFinalText() {
        callsThenAnswers("tools-ollama", ToolModels.call(SUM, new JsonObject().put("a", 2).put("b", 3)));

        List<SseClient.Event> events = chat(CALCULATOR, "What is 2 + 3?", "");

        assertThat(SseClient.steps(events), contains("start", "tool_call", "tool_result", "done"));
        JsonObject call = events.get(1).json();
        assertThat(call.getString("name"), is(SUM));
        assertThat(call.getJsonObject("arguments"), is(new JsonObject().put("a", 2).put("b", 3)));
        assertThat(call.getInteger("step"), is(1));
        JsonObject result = events.get(2).json();
        assertThat(result.getString("id"), is(call.getString("id")));
        assertThat(result.getBoolean("error"), is(false));
        assertThat(result.getString("content"), is(McpBridgeStubs.SUM_2_3));
        String text = SseClient.text(events);
        assertThat(text, is("Tools said: [" + McpBridgeStubs.SUM_2_3 + "]"));
        assertThat(events.get(events.size() - 1).json().getString("finishReason"), is("stop"));

        // The bridge got the call for the caller, naming the agent for its audit.
        List<LoggedRequest> calls = bridge.findAll(postRequestedFor(urlPathEqualTo(McpBridgeStubs.CALLS + "get-sum/call")));
        assertThat(calls, hasSize(1));
        assertThat(calls.get(0).getHeader("Authorization"), startsWith("Bearer "));
        assertThat(calls.get(0).getHeader("X-Agent-Id"), is(CALCULATOR));
        // The model was offered the agent's tools in Ollama's format and got the result as a tool message.
        StubLlm.Call first = llm.callsFor("tools-ollama").get(0);
        JsonArray offered = first.body().getJsonArray("tools");
        List<String> offeredNames = offered.stream().map(tool -> ((JsonObject) tool).getJsonObject("function")
                .getString("name")).toList();
        assertThat(offeredNames, contains(ECHO, "everything__get-annotated-message", "everything__get-env",
                "everything__get-resource-links", "everything__get-resource-reference",
                "everything__get-structured-content", SUM, "everything__get-tiny-image"));
        JsonObject sum = offered.stream().map(JsonObject.class::cast)
                .filter(tool -> tool.getJsonObject("function").getString("name").equals(SUM)).findFirst().orElseThrow();
        assertThat(sum.getString("type"), is("function"));
        assertThat(sum.getJsonObject("function").getJsonObject("parameters").getJsonArray("required"),
                is(new JsonArray().add("a").add("b")));
        StubLlm.Call second = llm.callsFor("tools-ollama").get(1);
        JsonArray messages = ToolModels.messages(second);
        JsonObject asked = messages.getJsonObject(messages.size() - 2);
        assertThat(asked.getString("role"), is("assistant"));
        assertThat(asked.getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function").getString("name"), is(SUM));
        JsonObject answered = messages.getJsonObject(messages.size() - 1);
        assertThat(answered.getString("role"), is("tool"));
        assertThat(answered.getString("tool_name"), is(SUM));
        assertThat(answered.getString("content"), is(McpBridgeStubs.SUM_2_3));
    }

    @Test
    void theOpenAiFormatWorksTheSameWay() {
        Agents.remove(OPENAI_CALCULATOR);
        Agents.register(Map.of("id", OPENAI_CALCULATOR, "name", "OpenAI calculator", "kind", "openai",
                "model", "tools-openai", "tools", List.of(SUM),
                "connection", Map.of("baseUrl", llm.url() + "/legacy/v1", "apiKey", StubLlm.API_KEY)));
        llm.script("tools-openai", call -> ToolModels.hasToolResults(call)
                ? ToolModels.openAiText("tools-openai", "It is: " + ToolModels.toolResults(call).get(0).getString("content"))
                : ToolModels.openAiCalls("tools-openai", ToolModels.call(SUM, new JsonObject().put("a", 2).put("b", 3))));

        List<SseClient.Event> events = chat(OPENAI_CALCULATOR, "What is 2 + 3?", "");

        assertThat(SseClient.steps(events), contains("start", "tool_call", "tool_result", "done"));
        assertThat(events.get(1).json().getString("id"), is("call_" + SUM + "_0"));
        assertThat(events.get(2).json().getString("content"), is(McpBridgeStubs.SUM_2_3));
        assertThat(events.get(3).json().getString("content"), is("It is: " + McpBridgeStubs.SUM_2_3));
        StubLlm.Call second = llm.callsFor("tools-openai").get(1);
        JsonArray messages = ToolModels.messages(second);
        JsonObject asked = messages.getJsonObject(messages.size() - 2);
        JsonObject function = asked.getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function");
        // OpenAI's shape: arguments as JSON text, the result answering the call by id.
        assertThat(new JsonObject(function.getString("arguments")), is(new JsonObject().put("a", 2).put("b", 3)));
        assertThat(messages.getJsonObject(messages.size() - 1).getString("tool_call_id"), is("call_" + SUM + "_0"));
        assertThat(llm.callsFor("tools-openai").get(0).body().getJsonArray("tools").getJsonObject(0)
                .getJsonObject("function").getString("name"), is(SUM));
    }

    @Test
    void twoIndependentCallsOfOneStepRunAtOnce() {
        McpBridgeStubs.slowCalls(bridge, 600);
        callsThenAnswers("tools-ollama", ToolModels.call(ECHO, new JsonObject().put("message", "one")),
                ToolModels.call(ECHO, new JsonObject().put("message", "two")));

        List<SseClient.Event> events = chat(ECHOER, "Echo twice", "");

        assertThat(SseClient.steps(events), contains("start", "tool_call", "tool_call", "tool_result", "tool_result", "done"));
        // Both calls reached the bridge before either answered (each takes 600 ms).
        List<LoggedRequest> calls = bridge.findAll(postRequestedFor(urlPathEqualTo(McpBridgeStubs.CALLS + "echo/call")));
        assertThat(calls, hasSize(2));
        long apart = Math.abs(calls.get(0).getLoggedDate().getTime() - calls.get(1).getLoggedDate().getTime());
        assertThat(apart, lessThan(400L));
        long toolStep = (events.get(4).arrivedAt() - events.get(1).arrivedAt()) / 1_000_000;
        assertThat(toolStep, lessThan(1_100L));
        assertThat(events.get(3).json().getLong("durationMs"), greaterThanOrEqualTo(600L));
        // The model gets the results in the order it asked for them.
        List<JsonObject> results = ToolModels.toolResults(llm.callsFor("tools-ollama").get(1));
        assertThat(results.stream().map(result -> result.getString("tool_name")).toList(), contains(ECHO, ECHO));
    }

    @Test
    void argumentsThatBreakTheSchemaGiveTheModelAToolErrorAndNeverReachTheBridge() {
        callsThenAnswers("tools-ollama", ToolModels.call(SUM, new JsonObject().put("a", "two")));

        List<SseClient.Event> events = chat(CALCULATOR, "What is two plus?", "");

        assertThat(SseClient.steps(events), contains("start", "tool_call", "tool_result", "done"));
        JsonObject result = events.get(2).json();
        assertThat(result.getBoolean("error"), is(true));
        assertThat(result.getString("content"), containsString("do not match the input schema of " + SUM));
        assertThat(result.getString("content"), containsString("/a"));
        assertThat(result.getString("content"), containsString("b"));
        bridge.verify(0, postRequestedFor(urlPathMatching(McpBridgeStubs.CALLS + ".*")));
        String given = ToolModels.toolResults(llm.callsFor("tools-ollama").get(1)).get(0).getString("content");
        assertThat(given, startsWith("ERROR: "));
    }

    @Test
    void argumentsThatAreNotJsonAreTheModelsErrorToo() {
        llm.script("tools-ollama", call -> ToolModels.hasToolResults(call) ? ToolModels.ollamaText("tools-ollama", "Sorry.")
                : List.of(new JsonObject().put("model", "tools-ollama").put("message", new JsonObject()
                        .put("role", "assistant").put("content", "").put("tool_calls", new JsonArray().add(new JsonObject()
                                .put("function", new JsonObject().put("name", SUM).put("arguments", "{a: 2")))))
                        .put("done", false).encode(), ToolModels.ollamaText("tools-ollama", "").get(2)));

        List<SseClient.Event> events = chat(CALCULATOR, "Sum?", "");

        assertThat(SseClient.steps(events), contains("start", "tool_call", "tool_result", "done"));
        assertThat(events.get(2).json().getString("content"), containsString("must be a JSON object"));
    }

    @Test
    void aToolNotInTheAgentsListIsRefusedEvenWhenTheBridgeHasIt() {
        callsThenAnswers("tools-ollama", ToolModels.call(SUM, new JsonObject().put("a", 2).put("b", 3)));

        List<SseClient.Event> events = chat(ECHOER, "What is 2 + 3?", "");

        assertThat(SseClient.steps(events), contains("start", "tool_call", "tool_result", "done"));
        JsonObject result = events.get(2).json();
        assertThat(result.getBoolean("error"), is(true));
        assertThat(result.getString("content"), is("Tool " + SUM + " is not available to agent " + ECHOER
                + "; its tools are: " + ECHO + "."));
        bridge.verify(0, postRequestedFor(urlPathMatching(McpBridgeStubs.CALLS + ".*")));
        // It was never offered either.
        List<String> offered = llm.callsFor("tools-ollama").get(0).body().getJsonArray("tools").stream()
                .map(tool -> ((JsonObject) tool).getJsonObject("function").getString("name")).toList();
        assertThat(offered, contains(ECHO));
    }

    @Test
    void aModelThatLoopsIsStoppedAtMaxStepsWithAClearFinalEvent() {
        llm.script("tools-ollama", call -> ToolModels.ollamaCalls("tools-ollama",
                ToolModels.call(ECHO, new JsonObject().put("message", "again"))));

        List<SseClient.Event> events = chat(ECHOER, "Loop", ",\"maxSteps\":2");

        assertThat(SseClient.steps(events), contains("start", "tool_call", "tool_result", "tool_call", "tool_result", "done"));
        JsonObject done = events.get(events.size() - 1).json();
        assertThat(done.getString("finishReason"), is("max_steps"));
        assertThat(done.getJsonArray("warnings").getString(0), containsString("after 2 tool steps"));
        assertThat(llm.callsFor("tools-ollama"), hasSize(3));
        bridge.verify(2, postRequestedFor(urlPathEqualTo(McpBridgeStubs.CALLS + "echo/call")));
    }

    @Test
    void aRequestCannotRaiseMaxStepsAboveTheCeiling() {
        llm.script("tools-ollama", call -> ToolModels.ollamaCalls("tools-ollama",
                ToolModels.call(ECHO, new JsonObject().put("message", "again"))));

        List<SseClient.Event> events = chat(ECHOER, "Loop", ",\"maxSteps\":1000");

        JsonObject done = events.get(events.size() - 1).json();
        assertThat(done.getString("finishReason"), is("max_steps"));
        // The operator's ceiling (agent.tools.max-steps-ceiling, 16), not the request's 1000.
        assertThat(done.getJsonArray("warnings").getString(0), containsString("after 16 tool steps"));
        bridge.verify(16, postRequestedFor(urlPathEqualTo(McpBridgeStubs.CALLS + "echo/call")));
    }

    @Test
    void aToolThatTimesOutIsAToolErrorAndTheLoopGoesOn() {
        McpBridgeStubs.slowCalls(bridge, 3_000);
        callsThenAnswers("tools-ollama", ToolModels.call(ECHO, new JsonObject().put("message", "slow")));

        List<SseClient.Event> events = chat(ECHOER, "Echo slowly", "");

        assertThat(SseClient.steps(events), contains("start", "tool_call", "tool_result", "done"));
        JsonObject result = events.get(2).json();
        assertThat(result.getBoolean("error"), is(true));
        assertThat(result.getString("content"), containsString("timed out"));
        assertThat(events.get(events.size() - 1).json().getString("finishReason"), is("stop"));
    }

    @Test
    void aBridgeThatFailsACallTellsTheModelTheToolIsUnavailable() {
        McpBridgeStubs.callsFail(bridge);
        callsThenAnswers("tools-ollama", ToolModels.call(ECHO, new JsonObject().put("message", "hi")));

        List<SseClient.Event> events = chat(ECHOER, "Echo", "");

        assertThat(SseClient.steps(events), contains("start", "tool_call", "tool_result", "done"));
        JsonObject result = events.get(2).json();
        assertThat(result.getBoolean("error"), is(true));
        assertThat(result.getString("content"), containsString("Tool " + ECHO));
    }

    @Test
    void aBridgeThatIsDownLeavesTheAgentWithoutItsMcpToolsAndTheAnswerSaysSo() {
        McpBridgeStubs.down(bridge);
        llm.script("tools-ollama", call -> ToolModels.ollamaText("tools-ollama", "I cannot echo right now."));

        List<SseClient.Event> events = chat(ECHOER, "Echo", "");

        assertThat(SseClient.steps(events), contains("start", "done"));
        JsonObject done = events.get(events.size() - 1).json();
        assertThat(done.getJsonArray("warnings").getString(0), containsString("The MCP bridge cannot be reached"));
        StubLlm.Call call = llm.callsFor("tools-ollama").get(0);
        assertThat(call.body().containsKey("tools"), is(false));
        JsonArray messages = ToolModels.messages(call);
        assertThat(messages.getJsonObject(0).getString("role"), is("system"));
        assertThat(messages.getJsonObject(0).getString("content"), containsString("unavailable"));
    }

    @Test
    void anAgentWithoutToolsIsCalledAsBefore() {
        Agents.persona("tools-none", "tools-plain", "No tools.");
        try {
            llm.script("tools-plain", call -> ToolModels.ollamaText("tools-plain", "Plain answer."));
            given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                    .body("{\"agentId\":\"tools-none\",\"message\":\"Hi\"}").post("/api/v1/chat").then()
                    .statusCode(200).body("reply", is("Plain answer."));
            assertThat(llm.callsFor("tools-plain").get(0).body().containsKey("tools"), is(false));
            assertThat(bridge.getAllServeEvents(), hasSize(0));
        } finally {
            Agents.remove("tools-none");
        }
    }

    @Test
    void theJsonAnswerOfATurnWithToolsIsItsFinalText() {
        callsThenAnswers("tools-ollama", ToolModels.call(SUM, new JsonObject().put("a", 2).put("b", 3)));

        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"agentId\":\"" + CALCULATOR + "\",\"message\":\"What is 2 + 3?\"}").post("/api/v1/chat").then()
                .statusCode(200).body("reply", is("Tools said: [" + McpBridgeStubs.SUM_2_3 + "]"))
                .body("usage.promptTokens", is(40));
    }

    @Test
    void toolsAreRefusedForKindsThatCannotCallThem() {
        given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("id", "tools-legacy").put("name", "Legacy").put("kind", "http")
                        .put("connection", new JsonObject().put("baseUrl", "http://127.0.0.1:9/legacy"))
                        .put("tools", new JsonArray().add(ECHO)).encode())
                .post("/api/v1/agents").then().statusCode(400)
                .body("errors.field", hasItem("tools"));
        given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("id", "tools-bad").put("name", "Bad").put("kind", "llm")
                        .put("tools", new JsonArray().add("rm -rf")).encode())
                .post("/api/v1/agents").then().statusCode(400)
                .body("errors.field", hasItem(startsWith("tools")));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/agents/" + CALCULATOR).then().statusCode(200)
                .body("tools", contains("everything__get-*", ECHO));
    }
}
