package ai.sutazai.memory.search;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.commons.testing.TestTokens;

/**
 * The search contract on the local PostgreSQL, which has no pgvector: the exact backend. Races
 * between writers and the embedder are tested here only: PGlite serialises every transaction.
 */
@QuarkusTest
class ExactSearchTest extends SearchContract {

    @Override
    String expectedBackend() {
        return "exact";
    }

    @Test
    void concurrentWritesAreEachEmbeddedOnceAndAllFound() throws Exception {
        String owner = owner();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<String>> written = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                String content = "Concurrent note number " + i + " about the lighthouse keeper";
                written.add(writers.submit(() -> write(owner, content)));
            }
            for (Future<String> id : written) {
                id.get();
            }
        } finally {
            writers.shutdown();
        }
        awaitEmbedded(owner, 40);
        // Version 1 when written, 2 when its vector was stored: stored once, never overwritten by a second worker.
        given().auth().oauth2(TestTokens.forSubject(owner)).queryParam("limit", 100).get(MEMORIES).then()
                .statusCode(200).body("items.version", everyItem(is(2))).body("items.embeddingStatus",
                        everyItem(is("ready")));
        search(owner, Map.of("query", "lighthouse keeper", "mode", "semantic", "limit", 100)).statusCode(200)
                .body("items.size()", is(40));
    }

    @Test
    void aVectorIsNeverStoredForContentThatChangedMeanwhile() {
        String owner = owner();
        String token = TestTokens.forSubject(owner);
        String id = write(owner, "The meeting is on Monday morning");
        String latest = null;
        for (int i = 0; i < 10; i++) {
            latest = "Rescheduled, version " + i + ": the meeting moved to a " + List.of("Tuesday", "Wednesday",
                    "Thursday", "Friday", "Saturday").get(i % 5) + " afternoon in room " + (100 + i);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("content", latest))
                    .patch(MEMORIES + "/" + id).then().statusCode(200);
        }
        String finalText = latest;
        await().atMost(EMBEDDED_WITHIN).untilAsserted(() -> given().auth().oauth2(token).get(MEMORIES + "/" + id)
                .then().body("embeddingStatus", is("ready")));
        // The stored vector is the last content's own: searching for that exact text scores 1.
        float score = search(owner, Map.of("query", finalText, "mode", "semantic", "limit", 1)).statusCode(200)
                .extract().path("items[0].score");
        assertThat((double) score, closeTo(1.0, 1e-4));
    }

    @Test
    void searchesAndEmbeddingsAreMeasured() {
        String owner = owner();
        write(owner, "Metrics make a service honest about its own state");
        awaitEmbedded(owner, 1);
        search(owner, Map.of("query", "honest metrics", "mode", "semantic")).statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, containsString("memory_search_seconds_count{backend=\"exact\",mode=\"semantic\"}"));
        assertThat(metrics, containsString("memory_embeddings_total{outcome=\"stored\"}"));
        assertThat(metrics, containsString("memory_embedding_batch_seconds_count"));
    }

    @Test
    void aMemoryLeftPendingByAStoppedReplicaIsEmbeddedByTheSweep() {
        String owner = owner();
        // As a replica that stored the memory and stopped before embedding it would leave it.
        pool.preparedQuery("INSERT INTO memory.memories (id, owner_id, namespace, content, updated_at) "
                + "VALUES ($1, $2, 'default', 'Orphaned notes about the harbour lighthouse', now() - interval '1 minute')")
                .execute(Tuple.of(UUID.randomUUID(), owner)).await().indefinitely();
        awaitEmbedded(owner, 1);
        search(owner, Map.of("query", "lighthouse by the harbour", "mode", "semantic")).statusCode(200)
                .body("items.size()", is(1));
    }
}
