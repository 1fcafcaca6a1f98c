package ai.sutazai.agent.task;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.agent.testing.Tasks;
import ai.sutazai.commons.testing.TestTokens;

/** Parents and children: a parent completes after its last child, holding their results; canceling it cancels them. */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class TaskTreeTest {

    @BeforeAll
    static void registerAgents() {
        Agents.register(Map.of("id", "tree-sky", "name", "Sky", "kind", "llm", "model", "tinyllama",
                "maxConcurrency", 8));
        Agents.register(Map.of("id", "tree-endless", "name", "Endless", "kind", "llm", "model", "stub-endless",
                "maxConcurrency", 8));
    }

    @AfterAll
    static void removeAgents() {
        Agents.remove("tree-sky");
        Agents.remove("tree-endless");
    }

    @Test
    void aParentWithThreeChildrenCompletesAfterTheLastAndHoldsTheirResults() {
        String token = TestTokens.user();
        String parent = Tasks.submitted(token, "{\"agentId\":\"tree-sky\",\"input\":\"Plan the trip\"}");
        // The children start later than the parent's own work ends: it has to wait for them.
        Instant later = Instant.now().plusSeconds(3);
        List<String> children = List.of("Book trains", "Book hotels", "Find a guide").stream()
                .map(input -> Tasks.submitted(token, "{\"agentId\":\"tree-sky\",\"input\":\"" + input
                        + "\",\"parentId\":\"" + parent + "\",\"runAt\":\"" + later + "\"}"))
                .toList();
        JsonPath waiting = Tasks.awaitState(token, parent, "working");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                Tasks.get(token, parent).extract().jsonPath().getBoolean("waitingForChildren"));
        assertThat(waiting.getList("children"), hasSize(3));

        JsonPath done = Tasks.awaitState(token, parent, "completed");
        assertThat(done.getString("result.text"), is("The sky looks blue because of Rayleigh scattering."));
        assertThat(done.getList("result.children.id"), is(children));
        assertThat(done.getList("result.children.state"), everyItem(is("completed")));
        assertThat(done.getList("result.children.result.text"), hasSize(3));
        Instant lastChild = children.stream().map(child -> Instant.parse(Tasks.get(token, child).extract()
                .path("finishedAt"))).max(Instant::compareTo).orElseThrow();
        assertThat(Instant.parse(done.getString("finishedAt")), greaterThanOrEqualTo(lastChild));
        given().auth().oauth2(token).queryParam("parentId", parent).get("/api/v1/tasks").then()
                .body("items.id", containsInAnyOrder(children.toArray()));
    }

    @Test
    void cancelingAParentCancelsItsOpenChildrenQueuedAndRunning() {
        String token = TestTokens.user();
        String parent = Tasks.submitted(token, "{\"agentId\":\"tree-endless\",\"input\":\"Go on and on\"}");
        String running = Tasks.submitted(token, "{\"agentId\":\"tree-endless\",\"input\":\"Me too\",\"parentId\":\""
                + parent + "\"}");
        String queued = Tasks.submitted(token, "{\"agentId\":\"tree-sky\",\"input\":\"Later\",\"parentId\":\"" + parent
                + "\",\"runAt\":\"" + Instant.now().plusSeconds(3600) + "\"}");
        Tasks.awaitState(token, running, "working");
        Tasks.cancel(token, parent).statusCode(200).body("state", is("canceled"));
        Tasks.awaitState(token, queued, "canceled");
        Tasks.awaitState(token, running, "canceled");
        // A finished parent takes no more children.
        assertProblem(Tasks.submit(token, "{\"agentId\":\"tree-sky\",\"input\":\"Too late\",\"parentId\":\"" + parent
                + "\"}", null), 409, "conflict");
    }
}
