package ai.sutazai.agent.task;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.SseClient;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.agent.testing.Tasks;
import ai.sutazai.commons.testing.TestTokens;

/** A task's event stream as a client that drops and resumes it sees it: every event once, in order, then the end. */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class TaskEventsTest {

    @BeforeAll
    static void registerAgent() {
        Agents.register(Map.of("id", "events-sky", "name", "Sky", "kind", "llm", "model", "tinyllama",
                "maxConcurrency", 4));
    }

    @AfterAll
    static void removeAgent() {
        Agents.remove("events-sky");
    }

    @Test
    void aClientThatLeavesAfterEventThreeGetsTheRestOnReconnectWithoutGapOrDuplicate() {
        String token = TestTokens.user();
        String id = Tasks.submitted(token, "{\"agentId\":\"events-sky\",\"input\":\"Why is the sky blue?\"}");
        List<SseClient.Event> seen = new ArrayList<>();
        try (SseClient first = SseClient.get("/api/v1/tasks/" + id + "/events", token, Map.of())) {
            assertThat(first.status(), is(200));
            assertThat(first.header("Content-Type"), is("text/event-stream"));
            while (seen.size() < 3) {
                SseClient.Event event = first.next();
                if (event.id() != null) {
                    seen.add(event);
                }
            }
        }
        // The task goes on emitting while nobody listens.
        try (SseClient resumed = SseClient.get("/api/v1/tasks/" + id + "/events", token,
                Map.of("Last-Event-ID", seen.get(2).id()))) {
            resumed.rest().stream().filter(event -> event.id() != null).forEach(seen::add);
        }
        List<Long> ids = seen.stream().map(event -> Long.parseLong(event.id())).toList();
        assertThat(ids, is(LongStream.rangeClosed(1, ids.size()).boxed().toList()));
        assertThat(seen.get(0).json().getString("state"), is("submitted"));
        assertThat(seen.get(1).json().getString("state"), is("working"));
        SseClient.Event last = seen.get(seen.size() - 1);
        assertThat(last.name(), is("state"));
        assertThat(last.json().getString("state"), is("completed"));
        String streamed = seen.stream().filter(event -> event.name().equals("chunk"))
                .map(event -> event.json().getString("text")).reduce("", String::concat);
        assertThat(streamed, is("The sky looks blue because of Rayleigh scattering."));
        assertThat(last.json().getJsonObject("result").getString("text"), is(streamed));
    }

    @Test
    void aFinishedTaskReplaysFromAnyPointAndEnds() {
        String token = TestTokens.user();
        String id = Tasks.submitted(token, "{\"agentId\":\"events-sky\",\"input\":\"Replay\"}");
        Tasks.awaitState(token, id, "completed");
        List<SseClient.Event> all;
        try (SseClient stream = SseClient.get("/api/v1/tasks/" + id + "/events", token, Map.of())) {
            all = stream.rest().stream().filter(event -> event.id() != null).toList();
        }
        try (SseClient tail = SseClient.get("/api/v1/tasks/" + id + "/events?after=" + (all.size() - 2), token,
                Map.of())) {
            List<SseClient.Event> rest = tail.rest();
            assertThat(rest.stream().map(SseClient.Event::id).toList(),
                    is(List.of(String.valueOf(all.size() - 1), String.valueOf(all.size()))));
        }
        // Past the final event there is nothing more, and the stream ends at once.
        try (SseClient past = SseClient.get("/api/v1/tasks/" + id + "/events", token,
                Map.of("Last-Event-ID", String.valueOf(all.size())))) {
            assertThat(past.next(), is(nullValue()));
        }
    }

    @Test
    void streamsAreTheOwnersAndTakeOnlyEventIds() {
        String token = TestTokens.user();
        String id = Tasks.submitted(token, "{\"agentId\":\"events-sky\",\"input\":\"Private\"}");
        assertProblem(given().auth().oauth2(TestTokens.user()).get("/api/v1/tasks/" + id + "/events").then(), 404,
                "not-found");
        assertProblem(given().auth().oauth2(token).header("Last-Event-ID", "three")
                .get("/api/v1/tasks/" + id + "/events").then(), 400, "validation")
                .body("errors[0].field", is("Last-Event-ID"));
        assertProblem(given().auth().oauth2(token).queryParam("after", "-1")
                .get("/api/v1/tasks/" + id + "/events").then(), 400, "validation");
    }
}
