package ai.sutazai.agent.a2a;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.oneOf;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.SseClient;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.agent.testing.Tasks;
import ai.sutazai.commons.testing.TestTokens;

/** The A2A server on the wire, both versions: cards, JSON-RPC methods on our tasks, streams and errors. */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class A2aServerTest {

    private static final String ANSWER = "The sky looks blue because of Rayleigh scattering.";

    @BeforeAll
    static void registerAgents() {
        Agents.register(Map.of("id", "a2a-sky", "name", "Sky", "description", "Explains the weather", "kind", "llm",
                "model", "tinyllama", "maxConcurrency", 8, "capabilities", List.of("weather")));
        Agents.register(Map.of("id", "a2a-endless", "name", "Endless", "kind", "llm", "model", "stub-endless",
                "maxConcurrency", 8));
    }

    @AfterAll
    static void removeAgents() {
        Agents.remove("a2a-sky");
        Agents.remove("a2a-endless");
    }

    private static ValidatableResponse rpc(String token, String method, JsonObject params) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("jsonrpc", "2.0").put("id", 7).put("method", method).put("params", params)
                        .encode())
                .post("/a2a").then().statusCode(200).body("jsonrpc", is("2.0"));
    }

    private static JsonObject message(boolean v1, String text, String agentId) {
        JsonObject part = v1 ? new JsonObject().put("text", text) : new JsonObject().put("kind", "text").put("text", text);
        JsonObject message = new JsonObject().put("messageId", UUID.randomUUID().toString())
                .put("role", v1 ? "ROLE_USER" : "user").put("parts", List.of(part));
        if (!v1) {
            message.put("kind", "message");
        }
        return new JsonObject().put("message", message).put("metadata", new JsonObject().put("agentId", agentId));
    }

    @Test
    void theCardsArePublicAndListTheAgentsAsSkillsWithTheEndpointAndBearerTokens() {
        given().get("/.well-known/agent-card.json").then().statusCode(200)
                .body("name", is("SutazAI"))
                .body("supportedInterfaces.protocolVersion", is(List.of("1.0", "0.3")))
                .body("supportedInterfaces[0].protocolBinding", is("JSONRPC"))
                .body("supportedInterfaces[0].url", endsWith("/a2a"))
                .body("capabilities.streaming", is(true))
                .body("securitySchemes.bearer.httpAuthSecurityScheme.scheme", is("Bearer"))
                .body("skills.id", hasItem("a2a-sky"))
                .body("skills.find { it.id == 'a2a-sky' }.tags", is(List.of("weather")));
        given().get("/.well-known/agent.json").then().statusCode(200)
                .body("protocolVersion", is("0.3.0")).body("url", endsWith("/a2a"))
                .body("securitySchemes.bearer.type", is("http")).body("skills.id", hasItem("a2a-sky"));
        given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "ai.example.com")
                .get("/.well-known/agent-card.json").then().body("url", is("https://ai.example.com/a2a"));
    }

    @Test
    void sendMessageWaitsForTheTaskAndAnswersItInEachVersionsShape() {
        String token = TestTokens.user();
        JsonObject v1 = new JsonObject(rpc(token, "SendMessage", message(true, "Why is the sky blue?", "a2a-sky"))
                .body("id", is(7)).extract().asString()).getJsonObject("result").getJsonObject("task");
        assertThat(v1.getJsonObject("status").getString("state"), is("TASK_STATE_COMPLETED"));
        assertThat(v1.getJsonArray("artifacts").getJsonObject(0).getJsonArray("parts").getJsonObject(0).getString("text"),
                is(ANSWER));
        assertThat(v1.getJsonArray("history").getJsonObject(0).getString("role"), is("ROLE_USER"));
        assertThat(v1.containsKey("kind"), is(false));
        // The same task through the REST API.
        Tasks.get(token, v1.getString("id")).statusCode(200).body("agentId", is("a2a-sky"));
        // Without a contextId of its own, a task is its own context; a given one groups tasks.
        assertThat(v1.getString("contextId"), is(v1.getString("id")));
        JsonObject inContext = message(true, "Still blue?", "a2a-sky");
        inContext.getJsonObject("message").put("contextId", "trip-42");
        String grouped = rpc(token, "SendMessage", inContext).body("result.task.contextId", is("trip-42"))
                .extract().path("result.task.id");
        rpc(token, "ListTasks", new JsonObject().put("contextId", "trip-42")).body("result.tasks.id", is(List.of(grouped)));

        JsonObject v03 = new JsonObject(rpc(token, "message/send", message(false, "And at night?", "a2a-sky")).extract()
                .asString()).getJsonObject("result");
        assertThat(v03.getString("kind"), is("task"));
        assertThat(v03.getJsonObject("status").getString("state"), is("completed"));
        assertThat(v03.getJsonArray("history").getJsonObject(0).getString("kind"), is("message"));
        assertThat(v03.getJsonArray("artifacts").getJsonObject(0).getJsonArray("parts").getJsonObject(0)
                .getString("kind"), is("text"));
    }

    @Test
    void theSameMessageIdSentTwiceIsOneTask() {
        String token = TestTokens.user();
        JsonObject params = message(true, "Once", "a2a-sky");
        String first = rpc(token, "SendMessage", params).extract().path("result.task.id");
        String again = rpc(token, "SendMessage", params).extract().path("result.task.id");
        assertThat(again, is(first));
    }

    @Test
    void aStreamCarriesTheTaskThenItsAnswerInPiecesThenTheFinalStateInEachVersion() {
        String token = TestTokens.user();
        for (boolean v1 : List.of(true, false)) {
            String method = v1 ? "SendStreamingMessage" : "message/stream";
            List<JsonObject> results;
            try (SseClient stream = SseClient.post("/a2a", token, new JsonObject().put("jsonrpc", "2.0").put("id", "s1")
                    .put("method", method).put("params", message(v1, "Stream it", "a2a-sky")).encode())) {
                assertThat(stream.header("Content-Type"), is("text/event-stream"));
                results = stream.rest().stream().map(event -> event.json().getJsonObject("result")).toList();
            }
            JsonObject first = v1 ? results.get(0).getJsonObject("task") : results.get(0);
            // The task as it is when the stream starts: a worker may have taken it already.
            assertThat(first.getJsonObject("status").getString("state"), is(oneOf(v1 ? "TASK_STATE_SUBMITTED" : "submitted",
                    v1 ? "TASK_STATE_WORKING" : "working")));
            StringBuilder answer = new StringBuilder();
            results.stream().map(result -> v1 ? result.getJsonObject("artifactUpdate") : result)
                    .filter(update -> update != null && update.containsKey("artifact"))
                    .forEach(update -> answer.append(update.getJsonObject("artifact").getJsonArray("parts")
                            .getJsonObject(0).getString("text")));
            assertThat(answer.toString(), is(ANSWER));
            JsonObject last = v1 ? results.get(results.size() - 1).getJsonObject("statusUpdate")
                    : results.get(results.size() - 1);
            assertThat(last.getJsonObject("status").getString("state"), is(v1 ? "TASK_STATE_COMPLETED" : "completed"));
            if (!v1) {
                assertThat(last.getString("kind"), is("status-update"));
                assertThat(last.getBoolean("final"), is(true));
            }
        }
    }

    @Test
    void aTaskIsReadListedSubscribedToAndCanceled() {
        String token = TestTokens.user();
        JsonObject params = message(true, "Count forever", "a2a-endless");
        params.put("configuration", new JsonObject().put("returnImmediately", true));
        String id = rpc(token, "SendMessage", params).extract().path("result.task.id");
        Tasks.awaitState(token, id, "working");
        rpc(token, "GetTask", new JsonObject().put("id", id)).body("result.status.state", is("TASK_STATE_WORKING"));
        rpc(token, "tasks/get", new JsonObject().put("id", id)).body("result.status.state", is("working"));
        rpc(token, "ListTasks", new JsonObject().put("status", "TASK_STATE_WORKING"))
                .body("result.tasks.id", hasItem(id)).body("result.nextPageToken", is(""));
        try (SseClient stream = SseClient.post("/a2a", token, new JsonObject().put("jsonrpc", "2.0").put("id", 9)
                .put("method", "SubscribeToTask").put("params", new JsonObject().put("id", id)).encode())) {
            assertThat(stream.next().json().getJsonObject("result").getJsonObject("task").getString("id"), is(id));
            assertThat(stream.next().json().getJsonObject("result").containsKey("artifactUpdate"), is(true));
        }
        rpc(token, "CancelTask", new JsonObject().put("id", id)).body("result.status.state", is("TASK_STATE_CANCELED"));
        rpc(token, "tasks/cancel", new JsonObject().put("id", id)).body("error.code", is(-32002));
        rpc(token, "SubscribeToTask", new JsonObject().put("id", id)).body("error.code", is(-32004));
    }

    @Test
    void badCallsGetA2aErrorsAndOtherUsersTasksAreNotFound() {
        String token = TestTokens.user();
        String id = rpc(token, "SendMessage", message(true, "Mine", "a2a-sky")).extract().path("result.task.id");
        rpc(TestTokens.user(), "GetTask", new JsonObject().put("id", id)).body("error.code", is(-32001));
        rpc(token, "GetTask", new JsonObject().put("id", "nope")).body("error.code", is(-32001));
        rpc(token, "GetTask", new JsonObject()).body("error.code", is(-32602));
        rpc(token, "NoSuchMethod", new JsonObject()).body("error.code", is(-32601));
        rpc(token, "CreateTaskPushNotificationConfig", new JsonObject()).body("error.code", is(-32003));
        rpc(token, "SendMessage", new JsonObject()).body("error.code", is(-32602));
        rpc(token, "SendMessage", message(true, "Hi", "no-such-agent")).body("error.code", is(-32602))
                .body("error.data.status", is(404));
        JsonObject withTask = message(true, "More", "a2a-sky");
        withTask.getJsonObject("message").put("taskId", id);
        rpc(token, "SendMessage", withTask).body("error.code", is(-32004));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{not json").post("/a2a").then()
                .statusCode(200).body("error.code", is(-32700)).body("id", is((Object) null));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("[]").post("/a2a").then()
                .body("error.code", is(-32600));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"jsonrpc\":\"2.0\",\"method\":\"GetTask\"}")
                .post("/a2a").then().body("error.code", is(-32600));
        // The endpoint takes bearer tokens only.
        given().contentType(ContentType.JSON).body("{}").post("/a2a").then().statusCode(401)
                .contentType(containsString("application/problem+json"));
        assertThat(id, not(is((String) null)));
        assertThat(rpc(token, "GetTask", new JsonObject().put("id", id).put("historyLength", 1))
                .extract().jsonPath().getList("result.history"), notNullValue());
    }
}
