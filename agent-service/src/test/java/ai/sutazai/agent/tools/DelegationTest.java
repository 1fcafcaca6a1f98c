package ai.sutazai.agent.tools;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.MemoryStubs;
import ai.sutazai.agent.testing.SseClient;
import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.agent.testing.Tasks;
import ai.sutazai.agent.testing.ToolModels;
import ai.sutazai.commons.testing.InjectWireMock;
import ai.sutazai.commons.testing.TestTokens;

/**
 * The bundled CrewAI persona hands work to other agents with {@code delegate}: inside a task, each
 * delegation is a child task, and the parent completes after both with their results in its own
 * (the parent/child semantics of tasks); the steps are in the task's events. Inside a chat, a
 * delegation is a task of the caller's whose id is the answer.
 */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class DelegationTest {

    private static final String WRITER = "deleg-writer";
    private static final String CHECKER = "deleg-checker";
    private static final String CREW_MODEL = "tinyllama";

    StubLlm llm;

    @InjectWireMock("memory-service")
    WireMockServer memory;

    @BeforeAll
    static void registerAgents() {
        Agents.register(Map.of("id", WRITER, "name", "Writer", "kind", "llm", "model", "deleg-writer-model",
                "capabilities", List.of("writing")));
        Agents.register(Map.of("id", CHECKER, "name", "Checker", "kind", "llm", "model", "deleg-checker-model",
                "capabilities", List.of("fact-checking")));
    }

    @AfterAll
    static void removeAgents() {
        Agents.remove(WRITER);
        Agents.remove(CHECKER);
    }

    @BeforeEach
    void reset() {
        llm.reset();
        MemoryStubs.healthy(memory);
        llm.script("deleg-writer-model", call -> ToolModels.ollamaText("deleg-writer-model", "Draft: tea is good."));
        llm.script("deleg-checker-model", call -> ToolModels.ollamaText("deleg-checker-model", "Checked: all true."));
        // CrewAI delegates the writing by id and the checking by capability, then says so.
        llm.script(CREW_MODEL, call -> ToolModels.hasToolResults(call)
                ? ToolModels.ollamaText(CREW_MODEL, "Plan: the writer drafts, the checker checks.")
                : ToolModels.ollamaCalls(CREW_MODEL,
                        ToolModels.call("delegate", new JsonObject().put("agentId", WRITER).put("input", "Write about tea")),
                        ToolModels.call("delegate", new JsonObject().put("capability", "fact-checking")
                                .put("input", "Check the post about tea"))));
    }

    @AfterEach
    void forgetScripts() {
        llm.reset();
    }

    @Test
    void aCrewAiTaskDelegatesTwoSubTasksAndCompletesAfterBothWithTheirResults() {
        String token = TestTokens.user();
        String parent = Tasks.submitted(token, "{\"agentId\":\"crewai\",\"input\":\"Publish a checked post about tea\"}");

        JsonPath done = Tasks.awaitState(token, parent, "completed");

        assertThat(done.getString("result.text"), is("Plan: the writer drafts, the checker checks."));
        assertThat(done.getList("result.children"), hasSize(2));
        assertThat(done.getList("result.children.agentId"), containsInAnyOrder(WRITER, CHECKER));
        assertThat(done.getList("result.children.state"), everyItem(is("completed")));
        assertThat(done.getList("result.children.result.text"), containsInAnyOrder("Draft: tea is good.",
                "Checked: all true."));
        given().auth().oauth2(token).queryParam("parentId", parent).get("/api/v1/tasks").then().statusCode(200)
                .body("items", hasSize(2));

        // The tool steps are in the parent's events, between its state changes.
        try (SseClient events = SseClient.get("/api/v1/tasks/" + parent + "/events", token, Map.of())) {
            List<SseClient.Event> all = events.rest();
            List<String> kinds = all.stream().map(SseClient.Event::name).filter(name -> name.startsWith("tool")).toList();
            assertThat(kinds, contains("tool_call", "tool_call", "tool_result", "tool_result"));
            JsonObject firstResult = all.stream().filter(event -> event.name().equals("tool_result")).findFirst()
                    .orElseThrow().json();
            assertThat(firstResult.getString("name"), is("delegate"));
            assertThat(firstResult.getBoolean("error"), is(false));
            JsonObject delegated = new JsonObject(firstResult.getString("content"));
            assertThat(delegated.getString("taskId"), notNullValue());
            // Inside a task, delegate waited for the sub-task: the model read its result.
            assertThat(delegated.getString("state"), is("completed"));
            assertThat(delegated.getString("result"), is(oneOf("Draft: tea is good.", "Checked: all true.")));
        }
    }

    @Test
    void insideAChatADelegationAnswersTheNewTasksId() {
        String token = TestTokens.user();
        llm.script(CREW_MODEL, call -> ToolModels.hasToolResults(call)
                ? ToolModels.ollamaText(CREW_MODEL, "Handed over.")
                : ToolModels.ollamaCalls(CREW_MODEL,
                        ToolModels.call("delegate", new JsonObject().put("agentId", WRITER).put("input", "Write about tea"))));

        List<SseClient.Event> events;
        try (SseClient stream = SseClient.post("/api/v1/chat", token,
                "{\"agentId\":\"crewai\",\"message\":\"Get a post written\",\"stream\":true}")) {
            events = stream.rest();
        }
        JsonObject result = events.stream().filter(event -> event.name().equals("tool_result")).findFirst()
                .orElseThrow().json();
        assertThat(result.getBoolean("error"), is(false));
        String child = new JsonObject(result.getString("content")).getString("taskId");
        JsonPath task = Tasks.awaitState(token, child, "completed");
        assertThat(task.getString("agentId"), is(WRITER));
        assertThat(task.getString("parentId"), is((String) null));
        assertThat(task.getString("result.text"), is("Draft: tea is good."));
    }

    @Test
    void anAgentCannotDelegateToItself() {
        llm.script(CREW_MODEL, call -> ToolModels.hasToolResults(call) ? ToolModels.ollamaText(CREW_MODEL, "Fine.")
                : ToolModels.ollamaCalls(CREW_MODEL,
                        ToolModels.call("delegate", new JsonObject().put("agentId", "crewai").put("input", "Loop"))));

        List<SseClient.Event> events;
        try (SseClient stream = SseClient.post("/api/v1/chat", TestTokens.user(),
                "{\"agentId\":\"crewai\",\"message\":\"Delegate to yourself\",\"stream\":true}")) {
            events = stream.rest();
        }
        JsonObject result = events.stream().filter(event -> event.name().equals("tool_result")).findFirst()
                .orElseThrow().json();
        assertThat(result.getBoolean("error"), is(true));
        assertThat(result.getString("content"), is("an agent cannot delegate to itself; answer the work yourself or "
                + "pick another agent"));
    }
}
