package ai.sutazai.agent.a2a;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.agent.testing.Tasks;
import ai.sutazai.commons.testing.TestPeers;
import ai.sutazai.commons.testing.TestTokens;

/**
 * The official A2A client (@a2a-js/sdk 1.3.0, deploy/test-peers) against our server, once speaking
 * v1.0 and once through its v0.3 compatibility layer: it reads our card, sends, streams and cancels.
 */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class A2aSdkClientTest {

    private static final String ANSWER = "The sky looks blue because of Rayleigh scattering.";

    @BeforeAll
    static void registerAgents() {
        Agents.register(Map.of("id", "sdk-sky", "name", "Sky", "kind", "llm", "model", "tinyllama", "maxConcurrency", 8));
        Agents.register(Map.of("id", "sdk-endless", "name", "Endless", "kind", "llm", "model", "stub-endless",
                "maxConcurrency", 8));
    }

    @AfterAll
    static void removeAgents() {
        Agents.remove("sdk-sky");
        Agents.remove("sdk-endless");
    }

    @ParameterizedTest
    @ValueSource(strings = { "1.0", "0.3" })
    void theSdkClientReadsTheCardSendsStreamsAndCancels(String protocol) throws Exception {
        String token = TestTokens.user();
        JsonObject card = client(token, protocol, List.of("card")).get(0);
        assertThat(card.getString("protocolVersion"), startsWith(protocol));
        assertThat(card.getString("url"), is("http://localhost:" + RestAssured.port + "/a2a"));
        assertThat(card.getJsonObject("card").getJsonArray("skills").stream().map(skill -> ((JsonObject) skill)
                .getString("id")).toList(), hasItem("sdk-sky"));

        JsonObject sent = client(token, protocol, List.of("--skill", "sdk-sky", "send", "Why is the sky blue?")).get(0);
        assertThat(sent.getString("kind"), is("task"));
        assertThat(sent.getString("state"), is("TASK_STATE_COMPLETED"));
        assertThat(sent.getString("text"), is(ANSWER));
        Tasks.get(token, sent.getString("taskId")).statusCode(200).body("agentId", is("sdk-sky"));

        List<JsonObject> streamed = client(token, protocol, List.of("--skill", "sdk-sky", "stream", "Stream it"));
        List<JsonObject> events = streamed.stream().filter(line -> line.getString("type").equals("event")).toList();
        assertThat(events.get(0).getString("kind"), is("task"));
        String pieces = events.stream().filter(event -> event.getString("kind").equals("artifactUpdate"))
                .map(event -> event.getString("text")).reduce("", String::concat);
        assertThat(pieces, is(ANSWER));
        assertThat(events.get(events.size() - 1).getString("state"), is("TASK_STATE_COMPLETED"));

        List<JsonObject> canceled = client(token, protocol, List.of("--skill", "sdk-endless", "stream", "Go on",
                "--cancel-after", "3"));
        JsonObject cancel = canceled.stream().filter(line -> line.getString("type").equals("cancel")).findFirst()
                .orElseThrow();
        assertThat(cancel.getString("state"), is("TASK_STATE_CANCELED"));
        Tasks.get(token, cancel.getString("taskId")).body("state", is("canceled"));
    }

    private static List<JsonObject> client(String token, String protocol, List<String> command)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("node", TestPeers.client("a2a-client.mjs").toString(),
                "--base", "http://localhost:" + RestAssured.port, "--token", token, "--protocol", protocol));
        arguments.addAll(command);
        Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the A2A client did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(output, process.exitValue(), is(0));
        return output.lines().filter(line -> line.startsWith("{")).map(JsonObject::new).toList();
    }
}
