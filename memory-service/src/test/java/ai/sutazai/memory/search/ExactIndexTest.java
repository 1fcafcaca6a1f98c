package ai.sutazai.memory.search;

import static ai.sutazai.memory.search.SearchContract.EMBEDDED_WITHIN;
import static ai.sutazai.memory.search.SearchContract.MEMORIES;
import static ai.sutazai.memory.search.SearchContract.awaitEmbedded;
import static ai.sutazai.memory.search.SearchContract.search;
import static ai.sutazai.memory.search.SearchContract.write;
import static ai.sutazai.memory.search.SearchContract.writeBody;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.memory.MemoryConfig;
import ai.sutazai.memory.embedding.EmbeddingModel;
import ai.sutazai.memory.embedding.Vectors;
import ai.sutazai.memory.memories.MemoryFilter;

/**
 * The exact backend keeps each owner's vectors in memory between searches: what a user would
 * notice if that copy fell behind PostgreSQL. Rows written straight into PostgreSQL stand for
 * another replica's writes, which this process never sees happen.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactIndexTest {

    @Inject
    Pool pool;

    @Inject
    EmbeddingModel model;

    @Inject
    ExactVectorSearch exact;

    @Inject
    VectorRepository repository;

    @Inject
    MemoryConfig config;

    @BeforeEach
    void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));
    }

    @AfterAll
    void removeRows() {
        pool.query("DELETE FROM memory.memories WHERE owner_id LIKE 'index-%'").execute().await().indefinitely();
    }

    @Test
    void aDeletedMemoryIsGoneFromTheVeryNextSearchAndThePageStaysFull() {
        String owner = owner();
        List<String> ids = new ArrayList<>();
        for (String text : List.of("Otters hold hands while they sleep", "Sea otters use stones to open shells",
                "River otters play in the snow", "The otter enclosure opens at ten")) {
            ids.add(write(owner, text));
        }
        awaitEmbedded(owner, 4);
        List<String> before = semantic(owner, "otters", 3);
        String best = before.get(0);

        given().auth().oauth2(TestTokens.forSubject(owner)).delete(MEMORIES + "/" + best).then().statusCode(204);

        // Three asked, three live left: all three come back, not two and a hole where the deleted one was.
        List<String> after = semantic(owner, "otters", 3);
        assertThat(after, not(hasItem(best)));
        assertThat(Set.copyOf(after), is(ids.stream().filter(id -> !id.equals(best)).collect(Collectors.toSet())));
    }

    @Test
    void anExpiredMemoryIsGoneFromTheFirstSearchAfterItsExpiry() {
        String owner = owner();
        write(owner, "The ferry to the island leaves at noon");
        write(owner, "Ferry tickets are sold at the harbour");
        awaitEmbedded(owner, 2);
        Instant expiresAt = Instant.now().plusSeconds(2);
        UUID expiring = insertEmbedded(owner, "The night ferry was cancelled", model.embed(List.of("ferry")).get(0),
                expiresAt);
        assertThat(semantic(owner, "ferry", 2), hasItem(expiring.toString()));

        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiresAt.plusMillis(50)));

        List<String> after = semantic(owner, "ferry", 2);
        assertThat(after, not(hasItem(expiring.toString())));
        assertThat(after.size(), is(2));
    }

    @Test
    void aMemoryAnotherReplicaCommittedJustBeforeTheSearchIsFound() {
        String owner = owner();
        write(owner, "Bread rises faster in a warm kitchen");
        awaitEmbedded(owner, 1);
        semantic(owner, "bread", 5);
        String query = "sourdough starter needs feeding every day";

        UUID id = insertEmbedded(owner, query, model.embed(List.of(query)).get(0), null);

        JsonPath found = search(owner, Map.of("query", query, "mode", "semantic", "limit", 1)).statusCode(200)
                .extract().jsonPath();
        assertThat(found.getList("items.memory.id"), contains(id.toString()));
        assertThat(found.getDouble("items[0].score"), closeTo(1.0, 1e-4));
    }

    @Test
    void aRestartedProcessRebuildsTheSameIndexFromPostgresql() {
        String owner = owner();
        for (String text : List.of("Tulips bloom in April", "Roses need pruning in March", "Daffodils are yellow",
                "Water the orchid once a week", "Sunflowers follow the sun")) {
            write(owner, text);
        }
        String gone = write(owner, "Lilies are poisonous to cats");
        awaitEmbedded(owner, 6);
        semantic(owner, "flowers", 10);
        given().auth().oauth2(TestTokens.forSubject(owner)).delete(MEMORIES + "/" + gone).then().statusCode(204);
        float[] query = model.embed(List.of("spring flowers in the garden")).get(0);
        List<Ranked> running = exact.nearest(owner, MemoryFilter.NONE, query, 10, null).await().atMost(EMBEDDED_WITHIN);

        // A new process starts with no vectors in memory and reads them all from PostgreSQL.
        ExactVectorSearch restarted = new ExactVectorSearch(repository, model, config);
        List<Ranked> rebuilt = restarted.nearest(owner, MemoryFilter.NONE, query, 10, null)
                .await().atMost(EMBEDDED_WITHIN);

        assertThat(rebuilt.size(), is(5));
        assertThat(rebuilt.stream().map(ranked -> ranked.id().toString()).toList(), not(hasItem(gone)));
        assertThat(rebuilt, is(running));
    }

    @Test
    void concurrentWritesDeletesAndSearchesNeverShowAStaleScope() throws Exception {
        String owner = owner();
        float[] query = unit(new Random(7));
        Map<UUID, Long> insertedAt = new ConcurrentHashMap<>();
        Map<UUID, Long> deleting = new ConcurrentHashMap<>();
        Map<UUID, Long> deletedAt = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Future<?> writer = threads.submit(() -> {
                Random random = new Random(11);
                List<UUID> live = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    if (i % 3 == 2) {
                        UUID victim = live.remove(random.nextInt(live.size()));
                        deleting.put(victim, System.nanoTime());
                        pool.preparedQuery("DELETE FROM memory.memories WHERE id = $1").execute(Tuple.of(victim))
                                .await().indefinitely();
                        deletedAt.put(victim, System.nanoTime());
                    } else {
                        UUID id = insertEmbedded(owner, "concurrent " + i, unit(random), null);
                        insertedAt.put(id, System.nanoTime());
                        live.add(id);
                    }
                }
                writing.set(false);
                return null;
            });
            List<Future<?>> searchers = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                searchers.add(threads.submit(() -> {
                    while (writing.get()) {
                        long started = System.nanoTime();
                        Set<UUID> found = exact.nearest(owner, MemoryFilter.NONE, query, 1000, null)
                                .await().atMost(EMBEDDED_WITHIN).stream().map(Ranked::id).collect(Collectors.toSet());
                        long ended = System.nanoTime();
                        insertedAt.forEach((id, at) -> {
                            Long deleted = deletedAt.get(id);
                            Long deletion = deleting.get(id);
                            if (at < started && (deletion == null || deletion > ended) && !found.contains(id)) {
                                violations.add("missed " + id + ", committed before the search");
                            }
                            if (deleted != null && deleted < started && found.contains(id)) {
                                violations.add("returned " + id + ", deleted before the search");
                            }
                        });
                    }
                    return null;
                }));
            }
            writer.get();
            for (Future<?> searcher : searchers) {
                searcher.get();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(violations, empty());
        Set<UUID> expected = insertedAt.keySet().stream().filter(id -> !deletedAt.containsKey(id))
                .collect(Collectors.toSet());
        Set<UUID> last = exact.nearest(owner, MemoryFilter.NONE, query, 1000, null).await().atMost(EMBEDDED_WITHIN)
                .stream().map(Ranked::id).collect(Collectors.toSet());
        assertThat(last, is(expected));
    }

    // --- helpers

    private static String owner() {
        return "index-" + UUID.randomUUID();
    }

    private static List<String> semantic(String owner, String query, int limit) {
        return search(owner, Map.of("query", query, "mode", "semantic", "limit", limit)).statusCode(200)
                .extract().jsonPath().getList("items.memory.id");
    }

    // As another replica's embedder leaves a memory: stored, with its vector.
    private UUID insertEmbedded(String owner, String content, float[] vector, Instant expiresAt) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO memory.memories (id, owner_id, namespace, content, embedding, embedding_model, "
                + "embedding_dimension, embedding_status, expires_at) VALUES ($1, $2, 'default', $3, $4, $5, $6, 'ready', $7)")
                .execute(Tuple.from(Arrays.asList(id, owner, content, Vectors.boxed(vector), model.name(),
                        model.dimension(), expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))))
                .await().indefinitely();
        return id;
    }

    private float[] unit(Random random) {
        float[] vector = new float[model.dimension()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return Vectors.unit(Vectors.boxed(vector));
    }
}
