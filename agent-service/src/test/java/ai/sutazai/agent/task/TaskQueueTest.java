package ai.sutazai.agent.task;

import static ai.sutazai.agent.testing.Tasks.submitted;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.QueueOnly;
import ai.sutazai.agent.testing.SseClient;
import ai.sutazai.agent.testing.Tasks;
import ai.sutazai.commons.testing.TestTokens;

/**
 * The queue under competing consumers, on real PostgreSQL: this replica's workers are off and the
 * test claims, holds, loses and ends tasks itself, as workers on several replicas would.
 */
@QuarkusTest
@TestProfile(QueueOnly.class)
class TaskQueueTest {

    // Fresh agent ids per run: tasks a crashed earlier run left in the shared database are not ours.
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String MANY = "queue-many-" + RUN;
    private static final String PAIR = "queue-pair-" + RUN;
    private static final String SINGLE = "queue-single-" + RUN;
    private static final Duration LONG_LEASE = Duration.ofSeconds(30);

    @Inject
    QueueRepository queue;

    @BeforeAll
    static void registerAgents() {
        Agents.register(Map.of("id", MANY, "name", "Many", "kind", "llm", "model", "tinyllama", "maxConcurrency", 100));
        Agents.register(Map.of("id", PAIR, "name", "Pair", "kind", "llm", "model", "tinyllama", "maxConcurrency", 2));
        Agents.register(Map.of("id", SINGLE, "name", "Single", "kind", "llm", "model", "tinyllama", "maxConcurrency", 1));
    }

    @AfterAll
    static void removeAgents() {
        List.of(MANY, PAIR, SINGLE).forEach(Agents::remove);
    }

    private List<Task> claim(int limit, Duration lease, String agentId) {
        return queue.claim(limit, lease).await().atMost(Duration.ofSeconds(10)).stream()
                .filter(task -> task.agentId().equals(agentId)).toList();
    }

    private QueueRepository.Ended complete(Task task, UUID token, String text) {
        return queue.end(task, token, new QueueRepository.Ending(TaskState.COMPLETED, new JsonObject().put("text", text),
                null, null, "completed", null)).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void twoConsumersClaimingAtOnceNeverGetTheSameTask() throws Exception {
        String token = TestTokens.user();
        Set<String> ids = new HashSet<>();
        IntStream.range(0, 60).forEach(i -> ids.add(submitted(token, "{\"agentId\":\"" + MANY + "\",\"input\":\"n" + i
                + "\"}")));
        ExecutorService consumers = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<List<Task>>> runs = List.of(1, 2).stream().map(consumer -> CompletableFuture
                    .supplyAsync(() -> {
                        List<Task> mine = new ArrayList<>();
                        for (List<Task> got = claim(7, LONG_LEASE, MANY); !got.isEmpty(); got = claim(7, LONG_LEASE, MANY)) {
                            got.forEach(task -> assertThat(complete(task, task.leaseToken(), "done"),
                                    is(QueueRepository.Ended.STORED)));
                            mine.addAll(got);
                        }
                        return mine;
                    }, consumers)).toList();
            List<Task> first = runs.get(0).get();
            List<Task> second = runs.get(1).get();
            Set<UUID> overlap = new HashSet<>(first.stream().map(Task::id).toList());
            overlap.retainAll(second.stream().map(Task::id).toList());
            assertThat(overlap, is(empty()));
            assertThat(first.size() + second.size(), is(60));
        } finally {
            consumers.shutdownNow();
        }
        ids.forEach(id -> Tasks.get(token, id).body("state", is("completed")).body("attempts", is(1)));
    }

    @Test
    void aTaskWhoseWorkerDiedIsCompletedOnceByAnotherAndTheLateCompletionIsRefused() {
        String token = TestTokens.user();
        String id = submitted(token, "{\"agentId\":\"" + SINGLE + "\",\"input\":\"Survive me\"}");
        Task dying = claim(10, Duration.ofMillis(300), SINGLE).get(0);
        // The dying worker renews nothing; once its lease is over, the task goes back to the queue.
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.rescue().await().atMost(Duration.ofSeconds(5)).stream()
                .anyMatch(moved -> moved.id().equals(dying.id()) && moved.state() == TaskState.SUBMITTED));
        Task taker = claim(10, LONG_LEASE, SINGLE).get(0);
        assertThat(taker.id(), is(dying.id()));
        assertThat(taker.attempts(), is(2));

        assertThat(queue.chunk(dying.id(), dying.leaseToken(), "late words").await().indefinitely(), is(false));
        assertThat(complete(dying, dying.leaseToken(), "from the dead worker"), is(QueueRepository.Ended.REFUSED));
        assertThat(complete(taker, taker.leaseToken(), "from the taker"), is(QueueRepository.Ended.STORED));
        assertThat(complete(taker, taker.leaseToken(), "again"), is(QueueRepository.Ended.REFUSED));

        JsonPath task = Tasks.get(token, id).extract().jsonPath();
        assertThat(task.getString("state"), is("completed"));
        assertThat(task.getString("result.text"), is("from the taker"));
        assertThat(task.getList("attemptLog.outcome"), is(List.of("lease-expired", "completed")));
        try (SseClient events = SseClient.get("/api/v1/tasks/" + id + "/events", token, Map.of())) {
            List<String> states = events.rest().stream().map(event -> event.json().getString("state")).toList();
            assertThat(states, is(List.of("submitted", "working", "submitted", "working", "completed")));
        }
    }

    @Test
    void anAgentsConcurrencyLimitHoldsUnderABurstOfClaims() throws Exception {
        String token = TestTokens.user();
        IntStream.range(0, 20).forEach(i -> submitted(token, "{\"agentId\":\"" + PAIR + "\",\"input\":\"b" + i + "\"}"));
        ExecutorService claimers = Executors.newFixedThreadPool(10);
        List<Task> claimed = new ArrayList<>();
        try {
            List<CompletableFuture<List<Task>>> burst = IntStream.range(0, 10).mapToObj(i -> CompletableFuture
                    .supplyAsync(() -> claim(20, LONG_LEASE, PAIR), claimers)).toList();
            for (CompletableFuture<List<Task>> one : burst) {
                claimed.addAll(one.get());
            }
        } finally {
            claimers.shutdownNow();
        }
        assertThat(claimed, hasSize(2));
        // A slot frees when one of the two ends: exactly one more is claimed.
        complete(claimed.get(0), claimed.get(0).leaseToken(), "done");
        assertThat(claim(20, LONG_LEASE, PAIR), hasSize(1));
        assertThat(claim(20, LONG_LEASE, PAIR), is(empty()));
    }

    @Test
    void higherPrioritiesAreClaimedFirstThenEarlierRunAt() {
        String token = TestTokens.user();
        Instant now = Instant.now();
        String low = submitted(token, "{\"agentId\":\"" + SINGLE + "\",\"input\":\"low\",\"priority\":1}");
        String urgentLater = submitted(token, "{\"agentId\":\"" + SINGLE + "\",\"input\":\"urgent later\",\"priority\":9,"
                + "\"runAt\":\"" + now.minusSeconds(5) + "\"}");
        String urgentEarlier = submitted(token, "{\"agentId\":\"" + SINGLE + "\",\"input\":\"urgent earlier\","
                + "\"priority\":9,\"runAt\":\"" + now.minusSeconds(60) + "\"}");
        String future = submitted(token, "{\"agentId\":\"" + SINGLE + "\",\"input\":\"not yet\",\"priority\":9,"
                + "\"runAt\":\"" + now.plusSeconds(3600) + "\"}");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Task next = claim(10, LONG_LEASE, SINGLE).get(0);
            order.add(next.id().toString());
            complete(next, next.leaseToken(), "done");
        }
        assertThat(order, is(List.of(urgentEarlier, urgentLater, low)));
        assertThat(claim(10, LONG_LEASE, SINGLE), is(empty()));
        Tasks.cancel(token, future).statusCode(200);
    }
}
