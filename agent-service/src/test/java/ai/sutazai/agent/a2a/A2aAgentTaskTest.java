package ai.sutazai.agent.a2a;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.oneOf;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import ai.sutazai.agent.testing.A2aRemote;
import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.agent.testing.Tasks;
import ai.sutazai.commons.testing.TestTokens;

/** Tasks for agents imported from remote A2A servers (recorded v1.0 and v0.3 exchanges) run to their answer. */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class A2aAgentTaskTest {

    private static A2aRemote remote;

    @BeforeAll
    static void importAgents() {
        remote = new A2aRemote();
        remote.importAgent("task-remote-v1", A2aRemote.V1);
        remote.importAgent("task-remote-v03", A2aRemote.V03);
    }

    @AfterAll
    static void removeAgents() {
        Agents.remove("task-remote-v1");
        Agents.remove("task-remote-v03");
        remote.close();
    }

    @Test
    void aTaskForAnImportedAgentCompletesWithTheRemoteAnswerInEitherVersion() {
        String token = TestTokens.user();
        for (String agent : new String[] { "task-remote-v1", "task-remote-v03" }) {
            String id = Tasks.submitted(token, "{\"agentId\":\"" + agent + "\",\"input\":\"What is the capital of France?\"}");
            JsonPath done = Tasks.awaitState(token, id, "completed");
            assertThat(done.getString("result.text"), is(A2aRemote.ANSWER));
        }
    }

    @Test
    void aRemoteTaskThatFailsFailsOurs() {
        String token = TestTokens.user();
        String id = Tasks.submitted(token, "{\"agentId\":\"task-remote-v1\",\"input\":\"Please fail\",\"maxAttempts\":1}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Tasks.get(token, id)
                .body("state", oneOf("failed", "dead")));
        JsonPath ended = Tasks.get(token, id).extract().jsonPath();
        assertThat(ended.getInt("attempts"), is(1));
        assertThat(ended.getString("error"), notNullValue());
    }
}
