package ai.sutazai.agent.task;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.SseClient;
import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.agent.testing.Tasks;
import ai.sutazai.commons.testing.TestTokens;

/** Tasks as a client submits, reads, lists and cancels them, run by the service's own workers. */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class TaskApiTest {

    StubLlm llm;

    @BeforeAll
    static void registerAgents() {
        Agents.register(Map.of("id", "task-sky", "name", "Sky", "kind", "llm", "model", "tinyllama",
                "maxConcurrency", 8, "capabilities", List.of("weather")));
        Agents.register(Map.of("id", "task-endless", "name", "Endless", "kind", "llm", "model", "stub-endless",
                "maxConcurrency", 4));
        Agents.register(Map.of("id", "task-busy", "name", "Busy", "kind", "llm", "model", "stub-unavailable",
                "maxConcurrency", 4));
        Agents.register(Map.of("id", "task-missing", "name", "Missing", "kind", "llm", "model", "stub-missing",
                "maxConcurrency", 4));
        Agents.register(Map.of("id", "task-off", "name", "Off", "kind", "llm", "model", "tinyllama", "enabled", false,
                "capabilities", List.of("weather")));
    }

    @AfterAll
    static void removeAgents() {
        List.of("task-sky", "task-endless", "task-busy", "task-missing", "task-off").forEach(Agents::remove);
    }

    @Test
    void aSubmittedTaskRunsToItsResultWithTimingsAndOneAttempt() {
        String token = TestTokens.user();
        var submitted = Tasks.submit(token, "{\"agentId\":\"task-sky\",\"input\":\"Why is the sky blue?\"}", null)
                .statusCode(202).body("state", is("submitted")).body("agentId", is("task-sky")).body("priority", is(0))
                .body("maxAttempts", is(5)).body("input.messages[0].content", is("Why is the sky blue?"))
                .extract();
        String id = submitted.path("id");
        assertThat(submitted.header("Location"), endsWith("/api/v1/tasks/" + id));
        JsonPath done = Tasks.awaitState(token, id, "completed");
        assertThat(done.getString("result.text"), is("The sky looks blue because of Rayleigh scattering."));
        assertThat(done.getString("result.finishReason"), is("stop"));
        assertThat(done.getInt("attempts"), is(1));
        assertThat(done.getList("attemptLog"), hasSize(1));
        assertThat(done.getString("attemptLog[0].outcome"), is("completed"));
        assertThat(done.getString("startedAt"), notNullValue());
        assertThat(done.getString("finishedAt"), notNullValue());
        // The backend heard the task's input, as a chat turn of the agent.
        assertThat(llm.callsFor("tinyllama").stream().anyMatch(call -> call.body().encode().contains("Why is the sky")),
                is(true));
    }

    @Test
    void aCapabilityPicksAnEnabledAgentThatHasIt() {
        String token = TestTokens.user();
        Tasks.submit(token, "{\"capability\":\"weather\",\"input\":\"Rain?\"}", null).statusCode(202)
                .body("agentId", is("task-sky"));
        assertProblem(Tasks.submit(token, "{\"capability\":\"juggling\",\"input\":\"Hi\"}", null), 422, "unprocessable")
                .body("detail", containsString("No agent has the capability juggling"));
    }

    @Test
    void tasksAreTheirOwnersAloneExceptForAdmins() {
        String owner = TestTokens.user();
        String id = Tasks.submitted(owner, "{\"agentId\":\"task-sky\",\"input\":\"Mine\"}");
        assertProblem(Tasks.get(TestTokens.user(), id), 404, "not-found");
        assertProblem(Tasks.cancel(TestTokens.user(), id), 404, "not-found");
        Tasks.get(Agents.admin(), id).statusCode(200).body("ownerId", notNullValue());
        Tasks.get(owner, id).statusCode(200).body("ownerId", is((Object) null));
        assertProblem(Tasks.get(owner, "not-a-uuid"), 404, "not-found");
    }

    @Test
    void listsArePagedNewestFirstAndFiltered() {
        String token = TestTokens.user();
        String first = Tasks.submitted(token, "{\"agentId\":\"task-sky\",\"input\":\"One\"}");
        String second = Tasks.submitted(token, "{\"agentId\":\"task-sky\",\"input\":\"Two\"}");
        String third = Tasks.submitted(token, "{\"agentId\":\"task-endless\",\"input\":\"Three\",\"runAt\":\""
                + Instant.now().plusSeconds(3600) + "\"}");
        JsonPath page = given().auth().oauth2(token).queryParam("limit", 2).get("/api/v1/tasks").then().statusCode(200)
                .body("items", hasSize(2)).extract().jsonPath();
        assertThat(page.getList("items.id"), is(List.of(third, second)));
        given().auth().oauth2(token).queryParam("limit", 2).queryParam("cursor", page.getString("nextCursor"))
                .get("/api/v1/tasks").then().statusCode(200).body("items.id", is(List.of(first)))
                .body("nextCursor", is((Object) null));
        given().auth().oauth2(token).queryParam("agentId", "task-endless").get("/api/v1/tasks").then()
                .body("items.id", is(List.of(third)));
        given().auth().oauth2(token).queryParam("state", "submitted").get("/api/v1/tasks").then()
                .body("items.id", hasItem(third)).body("items.state", everyItem(is("submitted")));
        assertProblem(given().auth().oauth2(token).queryParam("state", "sleeping").get("/api/v1/tasks").then(), 400,
                "validation").body("errors[0].field", is("state"));
        assertProblem(given().auth().oauth2(token).queryParam("parentId", "x").get("/api/v1/tasks").then(), 400,
                "validation").body("errors[0].field", is("parentId"));
        Tasks.cancel(token, third).statusCode(200);
    }

    @Test
    void theSameIdempotencyKeyAndBodyGiveTheSameTaskAndAnotherBodyIsRefused() {
        String token = TestTokens.user();
        String body = "{\"agentId\":\"task-sky\",\"input\":\"Once only\"}";
        String id = Tasks.submit(token, body, "key-1").statusCode(202).extract().path("id");
        Tasks.submit(token, body, "key-1").statusCode(200).body("id", is(id));
        assertProblem(Tasks.submit(token, "{\"agentId\":\"task-sky\",\"input\":\"Twice\"}", "key-1"), 422,
                "unprocessable").body("detail", containsString("Idempotency-Key key-1 was used for another request"));
        // Keys are per owner: another user's same key is a task of their own.
        Tasks.submit(TestTokens.user(), body, "key-1").statusCode(202).body("id", not(id));
    }

    @Test
    void tenConcurrentSubmitsWithOneKeyCreateOneTask() throws Exception {
        String token = TestTokens.user();
        String body = "{\"agentId\":\"task-sky\",\"input\":\"Ten at once\"}";
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Map.Entry<Integer, String>>> calls = java.util.Collections.nCopies(10, () -> {
                var response = Tasks.submit(token, body, "burst").extract();
                return Map.entry(response.statusCode(), response.path("id"));
            });
            List<Map.Entry<Integer, String>> answers = pool.invokeAll(calls).stream().map(TaskApiTest::get).toList();
            Set<String> ids = answers.stream().map(Map.Entry::getValue).collect(Collectors.toSet());
            assertThat(ids, hasSize(1));
            assertThat(answers.stream().filter(answer -> answer.getKey() == 202).count(), is(1L));
            assertThat(answers.stream().filter(answer -> answer.getKey() == 200).count(), is(9L));
        } finally {
            pool.shutdownNow();
        }
        given().auth().oauth2(token).get("/api/v1/tasks").then().body("items", hasSize(1));
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aQueuedTaskIsCanceledAtOnce() {
        String token = TestTokens.user();
        String id = Tasks.submitted(token, "{\"agentId\":\"task-sky\",\"input\":\"Later\",\"runAt\":\""
                + Instant.now().plusSeconds(3600) + "\"}");
        Tasks.cancel(token, id).statusCode(200).body("state", is("canceled")).body("finishedAt", notNullValue());
        assertThat(Tasks.get(token, id).extract().path("attempts"), is(0));
    }

    @Test
    void aRunningTaskIsStoppedAndItsBackendCallAborted() {
        String token = TestTokens.user();
        String id = Tasks.submitted(token, "{\"agentId\":\"task-endless\",\"input\":\"Count forever\"}");
        Tasks.awaitState(token, id, "working");
        await().atMost(Duration.ofSeconds(5)).until(() -> !llm.callsFor("stub-endless").isEmpty());
        StubLlm.Call call = llm.callsFor("stub-endless").get(llm.callsFor("stub-endless").size() - 1);
        long asked = System.nanoTime();
        Tasks.cancel(token, id).statusCode(200).body("state", is("canceled"));
        long closedAt = call.closedAt().orTimeout(2, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(Duration.ofNanos(closedAt - asked).toMillis(), lessThan(2000L));
        JsonPath task = Tasks.get(token, id).extract().jsonPath();
        assertThat(task.getString("attemptLog[0].outcome"), is("canceled"));
    }

    @Test
    void aFinishedTaskCannotBeCanceled() {
        String token = TestTokens.user();
        String id = Tasks.submitted(token, "{\"agentId\":\"task-sky\",\"input\":\"Quick\"}");
        Tasks.awaitState(token, id, "completed");
        assertProblem(Tasks.cancel(token, id), 409, "conflict").body("detail", containsString("is completed already"));
    }

    @Test
    void retryableFailuresAreRetriedWithBackoffUntilTheTaskIsDead() {
        String token = TestTokens.user();
        String id = Tasks.submitted(token, "{\"agentId\":\"task-busy\",\"input\":\"Busy?\",\"maxAttempts\":3}");
        JsonPath dead = Tasks.awaitState(token, id, "dead");
        assertThat(dead.getInt("attempts"), is(3));
        assertThat(dead.getList("attemptLog"), hasSize(3));
        assertThat(dead.getString("attemptLog[2].error"), containsString("answered 503"));
        assertThat(dead.getString("error"), containsString("answered 503"));
        assertThat(llm.callsFor("stub-unavailable").stream()
                .filter(call -> call.body().encode().contains("Busy?")).count(), is(3L));
        // Each retry was scheduled the formula's wait after the failed attempt ended (test base 300 ms, ±10 %).
        List<String> retryAts;
        try (SseClient events = SseClient.get("/api/v1/tasks/" + id + "/events", token, Map.of())) {
            retryAts = events.rest().stream().map(SseClient.Event::json).filter(event -> event.containsKey("retryAt"))
                    .map(event -> event.getString("retryAt")).toList();
        }
        assertThat(retryAts, hasSize(2));
        for (int attempt = 1; attempt <= 2; attempt++) {
            long waited = Duration.between(OffsetDateTime.parse(dead.getString("attemptLog[" + (attempt - 1) + "].endedAt")),
                    OffsetDateTime.parse(retryAts.get(attempt - 1))).toMillis();
            long formula = 300L << (attempt - 1);
            assertThat(waited, is(both(greaterThanOrEqualTo(Math.round(formula * 0.9)))
                    .and(lessThanOrEqualTo(Math.round(formula * 1.1)))));
        }
    }

    @Test
    void aBackendThatRefusesTheRequestFailsTheTaskWithoutRetries() {
        String token = TestTokens.user();
        String id = Tasks.submitted(token, "{\"agentId\":\"task-missing\",\"input\":\"Hello\",\"maxAttempts\":5}");
        JsonPath failed = Tasks.awaitState(token, id, "failed");
        assertThat(failed.getInt("attempts"), is(1));
        assertThat(failed.getString("error"), containsString("answered 404"));
    }

    @Test
    void badSubmissionsNameTheFieldThatIsWrong() {
        String token = TestTokens.user();
        assertProblem(Tasks.submit(token, "{\"input\":\"Hi\"}", null), 400, "validation")
                .body("errors[0].field", is("agentId"));
        assertProblem(Tasks.submit(token, "{\"agentId\":\"task-sky\",\"capability\":\"weather\",\"input\":\"Hi\"}", null),
                400, "validation").body("errors[0].field", is("agentId"));
        assertProblem(Tasks.submit(token, "{\"agentId\":\"task-sky\"}", null), 400, "validation")
                .body("errors[0].field", is("input"));
        assertProblem(Tasks.submit(token, "{\"agentId\":\"task-sky\",\"input\":42}", null), 400, "validation")
                .body("errors[0].field", is("input"));
        assertProblem(Tasks.submit(token, "{\"agentId\":\"task-sky\",\"input\":\"Hi\",\"priority\":10}", null), 400,
                "validation").body("errors[0].field", is("priority"));
        assertProblem(Tasks.submit(token, "{\"agentId\":\"task-sky\",\"input\":\"Hi\",\"maxAttempts\":0}", null), 400,
                "validation").body("errors[0].field", is("maxAttempts"));
        assertProblem(Tasks.submit(token, "{\"agentId\":\"task-sky\",\"input\":\"Hi\",\"runAt\":\"tomorrow\"}", null),
                400, "validation");
        assertProblem(Tasks.submit(token, "{\"agentId\":\"task-sky\",\"input\":\"Hi\",\"parentId\":\"nope\"}", null),
                400, "validation");
        assertProblem(Tasks.submit(token, "{\"agentId\":\"no-such-agent\",\"input\":\"Hi\"}", null), 404, "not-found");
        assertProblem(Tasks.submit(token, "{\"agentId\":\"task-off\",\"input\":\"Hi\"}", null), 503,
                "service-unavailable");
        assertProblem(Tasks.submit(token, "{\"agentId\":\"task-sky\",\"input\":\"Hi\"}", "k".repeat(201)), 400, "validation")
                .body("errors[0].field", is("Idempotency-Key"));
        assertProblem(Tasks.submit(token, "{\"agentId\":\"task-sky\",\"input\":\"Hi\",\"parentId\":\""
                + java.util.UUID.randomUUID() + "\"}", null), 404, "not-found");
    }
}
