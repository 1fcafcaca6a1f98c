package ai.sutazai.memory.search;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;

import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.memory.embedding.EmbeddingModel;

/**
 * What search promises, whichever vector backend serves it. Each subclass runs these against one
 * backend: the local PostgreSQL (exact) or PGlite with pgvector (HNSW).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SearchContract {

    static final String MEMORIES = "/api/v1/memory/memories";
    static final String SEARCH = "/api/v1/memory/search";
    static final Duration EMBEDDED_WITHIN = Duration.ofSeconds(15);

    @Inject
    EmbeddingModel model;

    @Inject
    Pool pool;

    /** The backend's name as search answers and the status endpoint give it. */
    abstract String expectedBackend();

    @AfterAll
    void removeRows() {
        pool.query("DELETE FROM memory.memories WHERE owner_id LIKE 'search-%'").execute().await().indefinitely();
    }

    @BeforeEach
    void awaitReady() {
        // Migrations, the model and the vector index come up in the background after start-up.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(TestTokens.forSubject(owner()))
                .get("/api/v1/memory/status").then().statusCode(200).body("search.vectorBackend", is(expectedBackend())));
    }

    @Test
    void keywordSearchFindsAStem() {
        String owner = owner();
        String running = write(owner, "The children were running races in the park");
        write(owner, "A quiet afternoon reading in the library");

        JsonPath found = search(owner, Map.of("query", "run", "mode", "keyword")).statusCode(200).extract().jsonPath();
        assertThat(found.getList("items.memory.id"), contains(running));
        assertThat(found.getString("mode"), is("keyword"));
        assertThat(found.getDouble("items[0].score"), greaterThan(0.0));
    }

    @Test
    void semanticSearchRanksAParaphraseAboveUnrelatedTexts() {
        String owner = owner();
        String coffee = write(owner, "I adore drinking a strong coffee first thing every morning");
        write(owner, "The stock market fell sharply after the announcement");
        write(owner, "Quantum mechanics describes particles at very small scales");
        write(owner, "My car needs new winter tyres before December");
        awaitEmbedded(owner, 4);

        JsonPath found = search(owner, Map.of("query", "I really love having an espresso when I wake up",
                "mode", "semantic")).statusCode(200).extract().jsonPath();
        assertThat(found.getList("items.memory.id").get(0), is(coffee));
        assertThat(found.getString("vectorBackend"), is(expectedBackend()));
        List<Float> scores = found.getList("items.score", Float.class);
        assertThat(scores.get(0) - scores.get(1), greaterThan(0.1f));
    }

    @Test
    void hybridRanksAndExplainFollowReciprocalRankFusion() {
        String owner = owner();
        for (String text : List.of("My dog chases the ball in the garden", "The cat sleeps on the sofa all day",
                "We adopted a puppy from the shelter", "A dog and a cat can become friends",
                "The quarterly report is due on Friday", "Fresh basil makes the pasta sauce better",
                "Our puppy chewed the garden hose", "The train to Berlin leaves at nine")) {
            write(owner, text);
        }
        awaitEmbedded(owner, 8);
        String query = "dog or puppy or cat";
        List<String> byWords = search(owner, Map.of("query", query, "mode", "keyword", "limit", 20)).statusCode(200)
                .extract().jsonPath().getList("items.memory.id");
        List<String> byMeaning = search(owner, Map.of("query", query, "mode", "semantic", "limit", 20)).statusCode(200)
                .extract().jsonPath().getList("items.memory.id");
        assertThat(byWords.size(), is(5));
        assertThat(byMeaning.size(), is(8));

        // The fusion computed by hand from the two lists: sum of 1 / (60 + rank), ties by id.
        Map<String, Double> expected = new HashMap<>();
        for (int i = 0; i < byWords.size(); i++) {
            expected.merge(byWords.get(i), 1.0 / (60 + i + 1), Double::sum);
        }
        for (int i = 0; i < byMeaning.size(); i++) {
            expected.merge(byMeaning.get(i), 1.0 / (60 + i + 1), Double::sum);
        }
        List<String> expectedOrder = expected.keySet().stream().sorted(Comparator
                .comparing((String id) -> -expected.get(id)).thenComparing(Comparator.naturalOrder())).toList();

        JsonPath hybrid = search(owner, Map.of("query", query, "mode", "hybrid", "limit", 20, "explain", true))
                .statusCode(200).extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertThat(hybrid.getList("items.memory.id"), is(expectedOrder));
        assertThat(hybrid.getInt("explain.rrfK"), is(60));
        assertThat(hybrid.getInt("explain.keywordCandidates"), is(5));
        assertThat(hybrid.getInt("explain.semanticCandidates"), is(8));
        for (int i = 0; i < expectedOrder.size(); i++) {
            String id = expectedOrder.get(i);
            String item = "items[" + i + "]";
            assertThat(hybrid.getDouble(item + ".score"), closeTo(expected.get(id), 1e-12));
            Integer keywordRank = byWords.contains(id) ? byWords.indexOf(id) + 1 : null;
            assertThat(hybrid.get(item + ".ranks.keyword"), is(keywordRank));
            assertThat(hybrid.getInt(item + ".ranks.semantic"), is(byMeaning.indexOf(id) + 1));
        }
    }

    @Test
    void aJustWrittenMemoryIsFoundByKeywordAtOnceAndByMeaningSoonAfter() {
        String owner = owner();
        write(owner, "Remember to renew the passport before the trip to Japan");
        awaitEmbedded(owner, 1);
        long written = System.nanoTime();
        String id = write(owner, "The zebrafish in the office aquarium must be fed twice a day");

        search(owner, Map.of("query", "zebrafish", "mode", "keyword")).statusCode(200)
                .body("items.memory.id", contains(id));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                search(owner, Map.of("query", "looking after pet fish at work", "mode", "semantic", "limit", 1))
                        .statusCode(200).body("items.memory.id", contains(id)));
        long millis = (System.nanoTime() - written) / 1_000_000;
        assertThat("found by meaning after " + millis + " ms", millis, lessThan(3000L));
    }

    @Test
    void theTopFiveAreTheExactNearestNeighboursTiesByIds() {
        String owner = owner();
        List<String> texts = List.of("My dog loves to chase the ball in the garden",
                "Cats sleep most of the day on the sofa", "The hamster runs on its wheel all night",
                "We adopted a puppy from the animal shelter", "We adopted a puppy from the animal shelter",
                "The quarterly revenue grew by twelve percent", "Kubernetes schedules pods onto nodes",
                "Fresh basil makes the pasta sauce taste better", "The train to Berlin leaves at nine",
                "Parrots can learn to repeat human words", "Interest rates were raised by the central bank",
                "A goldfish needs clean water and a filter");
        Map<String, String> contentById = new LinkedHashMap<>();
        for (String text : texts) {
            contentById.put(write(owner, text), text);
        }
        awaitEmbedded(owner, texts.size());
        String query = "caring for pets at home";

        // Ground truth: cosine similarity of the model's own vectors, best first, ties by id.
        float[] q = model.embed(List.of(query)).get(0);
        Map<String, Double> cosine = new HashMap<>();
        contentById.forEach((id, text) -> cosine.put(id, dot(q, model.embed(List.of(text)).get(0))));
        List<String> nearest = cosine.keySet().stream().sorted(Comparator
                .comparing((String id) -> -cosine.get(id)).thenComparing(Comparator.naturalOrder())).limit(5).toList();
        List<String> duplicates = contentById.entrySet().stream()
                .filter(e -> e.getValue().startsWith("We adopted")).map(Map.Entry::getKey).sorted().toList();
        assertThat("the fixture's tie is among the top five", nearest, hasItem(duplicates.get(0)));

        JsonPath found = search(owner, Map.of("query", query, "mode", "semantic", "limit", 5)).statusCode(200)
                .extract().jsonPath();
        assertThat(found.getString("vectorBackend"), is(expectedBackend()));
        assertThat(found.getList("items.memory.id"), is(nearest));
        List<Float> scores = found.getList("items.score", Float.class);
        for (int i = 0; i < nearest.size(); i++) {
            assertThat(scores.get(i).doubleValue(), closeTo(cosine.get(nearest.get(i)), 1e-4));
        }
    }

    @Test
    void anotherOwnersMemoriesNeverAppear() {
        String alice = owner();
        String bob = owner();
        String alices = write(alice, "Coffee beans from Ethiopia taste fruity");
        String bobs = write(bob, "Coffee secret: the best beans come from Ethiopia");
        awaitEmbedded(alice, 1);
        awaitEmbedded(bob, 1);
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            search(alice, Map.of("query", "coffee beans from Ethiopia", "mode", mode, "limit", 50)).statusCode(200)
                    .body("items.memory.id", contains(alices)).body("items.memory.ownerId", everyItem(is(alice)));
        }
        assertProblem(given().auth().oauth2(TestTokens.forSubject(alice)).contentType(ContentType.JSON)
                .body(Map.of("query", "coffee", "ownerId", bob)).post(SEARCH).then(), 403, "forbidden");
        given().auth().oauth2(TestTokens.user("admin")).contentType(ContentType.JSON)
                .body(Map.of("query", "coffee", "ownerId", bob)).post(SEARCH).then().statusCode(200)
                .body("items.memory.id", contains(bobs));
    }

    @Test
    void expiredAndDeletedMemoriesNeverAppear() {
        String owner = owner();
        String kept = write(owner, "The walrus at the zoo is called Wally");
        String deleted = write(owner, "The walrus at the aquarium is called Wendy");
        awaitEmbedded(owner, 2);
        String expiring = writeBody(owner, Map.of("content", "The walrus in the harbour is called Walter",
                "ttl", "PT6S"));
        awaitEmbedded(owner, 3);
        // Searched once, so the exact backend holds all three vectors in memory.
        search(owner, Map.of("query", "walrus", "mode", "hybrid")).statusCode(200)
                .body("items.memory.id", hasItem(expiring)).body("items.memory.id", hasItem(deleted));

        given().auth().oauth2(TestTokens.forSubject(owner)).delete(MEMORIES + "/" + deleted).then().statusCode(204);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String mode : List.of("keyword", "semantic", "hybrid")) {
                search(owner, Map.of("query", "the walrus called", "mode", mode)).statusCode(200)
                        .body("items.memory.id", contains(kept));
            }
        });
    }

    @Test
    void filtersNarrowEveryMode() {
        String owner = owner();
        String work = writeBody(owner, Map.of("content", "Prepare the slides for the budget meeting",
                "namespace", "work", "tags", List.of("todo", "finance"), "metadata", Map.of("priority", 2)));
        writeBody(owner, Map.of("content", "Prepare the slides for the family reunion", "namespace", "home",
                "tags", List.of("todo")));
        awaitEmbedded(owner, 2);
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            search(owner, Map.of("query", "prepare slides", "mode", mode, "filter", Map.of("namespace", "work")))
                    .statusCode(200).body("items.memory.id", contains(work));
            search(owner, Map.of("query", "prepare slides", "mode", mode,
                    "filter", Map.of("tags", List.of("finance"), "metadata", Map.of("priority", 2))))
                    .statusCode(200).body("items.memory.id", contains(work));
        }
        search(owner, Map.of("query", "prepare slides", "mode", "semantic", "minScore", 0.99)).statusCode(200)
                .body("items", empty());
    }

    @Test
    void badSearchesAreRefusedWithTheReason() {
        String owner = owner();
        assertProblem(search(owner, Map.of("query", "   ")), 400, "validation");
        assertProblem(search(owner, Map.of("mode", "keyword")), 400, "validation");
        assertProblem(search(owner, Map.of("query", "x", "mode", "fuzzy")), 400, "validation")
                .body("detail", containsString("keyword, semantic, hybrid"));
        assertProblem(search(owner, Map.of("query", "x", "mode", "keyword", "minScore", 0.5)), 400, "validation");
        assertProblem(search(owner, Map.of("query", "x", "minScore", 2)), 400, "validation");
        assertProblem(search(owner, Map.of("query", "x", "limit", 0)), 400, "validation");
        assertProblem(search(owner, Map.of("query", "x", "limit", 501)), 400, "validation");
        assertProblem(search(owner, Map.of("query", "x", "limit", "ten")), 400, "validation");
        assertProblem(search(owner, Map.of("query", "x", "filter", Map.of("metadata", Map.of("a b", 1)))), 400,
                "validation");
        assertProblem(search(owner, Map.of("query", "x", "filter", Map.of("tags", "not-a-list"))), 400, "validation");
        assertProblem(given().auth().oauth2(TestTokens.forSubject(owner)).contentType(ContentType.JSON)
                .body("{\"query\": ").post(SEARCH).then(), 400, "bad-request");
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("query", "x")).post(SEARCH).then(), 401,
                "unauthorized");
        // Words PostgreSQL ignores find nothing rather than fail.
        search(owner, Map.of("query", "the and of", "mode", "keyword")).statusCode(200).body("items", empty());
    }

    @Test
    void statusNamesTheVectorBackendAndEmbeddingProgress() {
        String owner = owner();
        write(owner, "Status pages should tell the truth");
        awaitEmbedded(owner, 1);
        given().auth().oauth2(TestTokens.forSubject(owner)).get("/api/v1/memory/status").then().statusCode(200)
                .body("search.vectorBackend", is(expectedBackend()))
                .body("search.embeddingModel", is("all-minilm-l6-v2")).body("search.dimension", is(384))
                .body("search.modelState", is("ready")).body("search.ready", is(1)).body("search.pending", is(0));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'embeddings' }.status", is("UP"));
    }

    // --- helpers

    String owner() {
        return "search-" + UUID.randomUUID();
    }

    static String write(String owner, String content) {
        return writeBody(owner, Map.of("content", content));
    }

    static String writeBody(String owner, Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.forSubject(owner)).contentType(ContentType.JSON).body(body)
                .post(MEMORIES).then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse search(String owner, Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.forSubject(owner)).contentType(ContentType.JSON).body(body)
                .post(SEARCH).then();
    }

    /** Waits until {@code count} of the owner's memories have their vectors. */
    static void awaitEmbedded(String owner, int count) {
        await().atMost(EMBEDDED_WITHIN).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.forSubject(owner)).get("/api/v1/memory/status").then()
                        .statusCode(200).body("search.ready", is(count)));
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
