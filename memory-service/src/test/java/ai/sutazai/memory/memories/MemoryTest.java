package ai.sutazai.memory.memories;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.commons.testing.InjectForwarder;
import ai.sutazai.commons.testing.TcpForwarder;
import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.memory.RedisForwarderResource;

/** Memories on real PostgreSQL and Redis: owner isolation, keys, expiry, erasure, cache freshness, bad input. */
@QuarkusTest
@QuarkusTestResource(RedisForwarderResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryTest {

    private static final String MEMORIES = "/api/v1/memory/memories";

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Inject
    ExpiredMemoryPurge purge;

    @InjectForwarder("redis")
    TcpForwarder redisLink;

    private final List<String> owners = new ArrayList<>();

    @AfterAll
    void removeRows() {
        for (String owner : owners) {
            pool.preparedQuery("DELETE FROM memory.memories WHERE owner_id = $1").execute(Tuple.of(owner))
                    .await().indefinitely();
        }
    }

    @Test
    void aMemoryIsItsOwnersAlone() {
        String alice = owner();
        String bob = owner();
        String id = write(alice, Map.of("content", "alice likes tea", "tags", List.of("drinks"))).then().statusCode(201)
                .body("ownerId", is(alice)).body("namespace", is("default")).extract().path("id");
        given().auth().oauth2(token(alice)).get(MEMORIES + "/" + id).then().statusCode(200).body("content", is("alice likes tea"));

        assertProblem(given().auth().oauth2(token(bob)).get(MEMORIES + "/" + id).then(), 404, "not-found");
        assertProblem(given().auth().oauth2(token(bob)).contentType(ContentType.JSON).body(Map.of("content", "x"))
                .patch(MEMORIES + "/" + id).then(), 404, "not-found");
        assertProblem(given().auth().oauth2(token(bob)).delete(MEMORIES + "/" + id).then(), 404, "not-found");
        given().auth().oauth2(token(bob)).get(MEMORIES).then().statusCode(200).body("items", hasSize(0));
        assertProblem(given().auth().oauth2(token(bob)).queryParam("ownerId", alice).get(MEMORIES).then(), 403, "forbidden");

        // An admin and a service name the owner explicitly; a service must.
        given().auth().oauth2(TestTokens.user("admin")).queryParam("ownerId", alice).get(MEMORIES + "/" + id).then()
                .statusCode(200);
        given().auth().oauth2(TestTokens.service("agent-service")).contentType(ContentType.JSON)
                .body(Map.of("content", "written by an agent", "ownerId", alice)).post(MEMORIES).then().statusCode(201);
        assertProblem(given().auth().oauth2(TestTokens.service("agent-service")).contentType(ContentType.JSON)
                .body(Map.of("content", "for whom?")).post(MEMORIES).then(), 400, "validation");
        given().auth().oauth2(token(alice)).get(MEMORIES).then().body("items", hasSize(2));

        given().auth().oauth2(token(alice)).delete(MEMORIES + "/" + id).then().statusCode(204);
        assertProblem(given().auth().oauth2(token(alice)).get(MEMORIES + "/" + id).then(), 404, "not-found");
    }

    @Test
    void writingAnExistingKeyUpdatesThatMemory() {
        String owner = owner();
        Response first = write(owner, Map.of("content", "v1", "key", "favourite-colour", "namespace", "prefs"));
        first.then().statusCode(201).body("version", is(1));
        Response second = write(owner, Map.of("content", "v2", "key", "favourite-colour", "namespace", "prefs"));
        // The version grows with every change, the background embedding of v1 included.
        second.then().statusCode(200).body("id", is((String) first.path("id"))).body("content", is("v2"))
                .body("version", greaterThan(1)).body("embeddingStatus", is("pending"));
        write(owner, Map.of("content", "other namespace", "key", "favourite-colour", "namespace", "work")).then()
                .statusCode(201);
        given().auth().oauth2(token(owner)).get(MEMORIES).then().body("items", hasSize(2));
    }

    @Test
    void anExpiredMemoryVanishesAtOnceAndIsPurged() {
        String owner = owner();
        String id = write(owner, Map.of("content", "short-lived", "ttl", "PT1S")).then().statusCode(201).extract().path("id");
        given().auth().oauth2(token(owner)).get(MEMORIES + "/" + id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().auth().oauth2(token(owner)).get(MEMORIES + "/" + id).then().statusCode(404));
        given().auth().oauth2(token(owner)).get(MEMORIES).then().body("items", hasSize(0));
        assertThat(rows("SELECT count(*) AS n FROM memory.memories WHERE id = $1", UUID.fromString(id)), is(1L));
        purge.purgeAll().await().indefinitely();
        assertThat(rows("SELECT count(*) AS n FROM memory.memories WHERE id = $1", UUID.fromString(id)), is(0L));
    }

    @Test
    void listingsFilterAndPage() {
        String owner = owner();
        write(owner, Map.of("content", "a", "namespace", "n1", "agentId", "coder", "sessionId", "s1",
                "tags", List.of("x", "y"), "metadata", Map.of("lang", "java", "level", "3"))).then().statusCode(201);
        write(owner, Map.of("content", "b", "namespace", "n1", "agentId", "coder", "tags", List.of("x"),
                "metadata", Map.of("lang", "python"))).then().statusCode(201);
        write(owner, Map.of("content", "c", "namespace", "n2", "agentId", "writer", "tags", List.of("y"))).then()
                .statusCode(201);
        String t = token(owner);
        given().auth().oauth2(t).queryParam("namespace", "n1").get(MEMORIES).then().body("items.content", contains("a", "b"));
        given().auth().oauth2(t).queryParam("agentId", "writer").get(MEMORIES).then().body("items.content", contains("c"));
        given().auth().oauth2(t).queryParam("sessionId", "s1").get(MEMORIES).then().body("items.content", contains("a"));
        given().auth().oauth2(t).queryParam("tag", "x").queryParam("tag", "y").get(MEMORIES).then()
                .body("items.content", contains("a"));
        given().auth().oauth2(t).queryParam("metadata.lang", "java").get(MEMORIES).then().body("items.content", contains("a"));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(t).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get(MEMORIES).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.content"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen, contains("a", "b", "c"));
    }

    @Test
    void erasingAnOwnerLeavesNoRowsAndNoCachedContent() {
        String owner = owner();
        String id = write(owner, Map.of("content", "secret diary")).then().statusCode(201).extract().path("id");
        // Once embedded the memory stops changing, so the read below leaves it in the cache.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(token(owner))
                .get(MEMORIES + "/" + id).then().statusCode(200).body("embeddingStatus", is("ready")));
        given().auth().oauth2(token(owner)).get(MEMORIES + "/" + id).then().statusCode(200);
        given().auth().oauth2(token(owner)).contentType(ContentType.JSON).body(Map.of("role", "user", "content", "hi"))
                .post("/api/v1/memory/conversations/diary/messages").then().statusCode(201);
        given().auth().oauth2(token(owner)).queryParam("last", 5).get("/api/v1/memory/conversations/diary/messages")
                .then().statusCode(200);
        assertThat(redis.value(String.class).get(MemoryService.key(id)), containsString("secret diary"));

        given().auth().oauth2(token(owner)).delete("/api/v1/memory/owners/" + owner).then().statusCode(200)
                .body("memories", is(1)).body("conversations", is(1)).body("messages", is(1));
        for (String table : List.of("memories", "conversations", "messages")) {
            assertThat(table, rows("SELECT count(*) AS n FROM memory." + table + " WHERE owner_id = $1", owner), is(0L));
        }
        for (String key : List.of(MemoryService.key(id), "mem:c:" + owner + ":diary")) {
            // Both were cached before the erase; what remains is the content-free mark that blocks late fills.
            assertThat(key, redis.value(String.class).get(key), is(Long.MAX_VALUE + "|"));
        }
        assertProblem(given().auth().oauth2(token(owner())).delete("/api/v1/memory/owners/" + owner).then(), 403,
                "forbidden");
    }

    @Test
    void aReadAfterAnUpdateNeverReturnsTheOldValueEvenUnderConcurrentReaders() throws Exception {
        String owner = owner();
        String t = token(owner);
        String id = write(owner, Map.of("content", "v0")).then().statusCode(201).extract().path("id");
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(6);
        for (int r = 0; r < 6; r++) {
            // Readers that keep filling the cache, racing every update.
            readers.submit(() -> {
                while (running.get()) {
                    given().auth().oauth2(t).get(MEMORIES + "/" + id);
                }
            });
        }
        try {
            for (int i = 1; i <= 30; i++) {
                int version = given().auth().oauth2(t).contentType(ContentType.JSON).body(Map.of("content", "v" + i))
                        .patch(MEMORIES + "/" + id).then().statusCode(200).extract().path("version");
                // Never older than the update; newer only when the embedder stored v<i>'s vector meanwhile.
                given().auth().oauth2(t).get(MEMORIES + "/" + id).then().statusCode(200)
                        .body("content", is("v" + i)).body("version", greaterThanOrEqualTo(version));
            }
        } finally {
            running.set(false);
            readers.shutdown();
            readers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withRedisGoneRequestsStillSucceed() {
        String owner = owner();
        String t = token(owner);
        String id = write(owner, Map.of("content", "before the outage")).then().statusCode(201).extract().path("id");
        given().auth().oauth2(t).get(MEMORIES + "/" + id).then().statusCode(200);
        redisLink.close();
        try {
            given().auth().oauth2(t).contentType(ContentType.JSON).body(Map.of("content", "during the outage"))
                    .patch(MEMORIES + "/" + id).then().statusCode(200);
            given().auth().oauth2(t).get(MEMORIES + "/" + id).then().statusCode(200).body("content", is("during the outage"));
            write(owner, Map.of("content", "new during the outage")).then().statusCode(201);
            given().auth().oauth2(t).get(MEMORIES).then().statusCode(200).body("items", hasSize(2));
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'redis' }.data.redis", is("degraded"));
            given().auth().oauth2(TestTokens.user("admin")).get("/api/v1/memory/status").then().statusCode(200)
                    .body("cache", is("degraded"));
        } finally {
            redisLink.open();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'redis' }.data.redis", is("up")));
    }

    @Test
    void statusCountsTheCallersOwn() {
        String owner = owner();
        write(owner, Map.of("content", "one")).then().statusCode(201);
        given().auth().oauth2(token(owner)).get("/api/v1/memory/status").then().statusCode(200)
                .body("scope", is("owner")).body("memories", is(1)).body("cache", nullValue());
        given().auth().oauth2(TestTokens.user("admin")).get("/api/v1/memory/status").then().statusCode(200)
                .body("scope", is("all")).body("expiredAwaitingPurge", not(nullValue()));
    }

    @Test
    void badInputIsRefusedPrecisely() {
        String owner = owner();
        String t = token(owner);
        assertProblem(given().auth().oauth2(t).contentType(ContentType.JSON).body("{\"content\": ").post(MEMORIES).then(),
                400, "bad-request");
        assertProblem(given().auth().oauth2(t).contentType(ContentType.JSON)
                .body("{\"content\": \"x\", \"importance\": \"high\"}").post(MEMORIES).then(), 400, "validation")
                .body("errors[0].field", is("importance"));
        assertProblem(write(owner, Map.of("content", "x", "importance", 2)).then(), 400, "validation");
        assertProblem(write(owner, Map.of("content", "x".repeat(32769))).then(), 400, "validation")
                .body("errors[0].field", is("content"));
        assertProblem(write(owner, Map.of("content", "x", "ttl", "soon")).then(), 400, "validation");
        assertProblem(given().auth().oauth2(t).urlEncodingEnabled(true)
                .queryParam("metadata.a' OR '1'='1", "x").get(MEMORIES).then(), 400, "validation");
        assertProblem(given().auth().oauth2(t).get(MEMORIES + "/" + UUID.randomUUID()).then(), 404, "not-found");
        assertProblem(given().auth().oauth2(t).get(MEMORIES + "/not-an-id").then(), 404, "not-found");
        assertProblem(given().auth().oauth2(t).queryParam("limit", 100000).get(MEMORIES).then(), 400, "validation");
        assertProblem(given().auth().oauth2(t).queryParam("cursor", "garbage").get(MEMORIES).then(), 400, "validation");
        Map<String, Object> foreign = new HashMap<>(Map.of("content", "x", "ownerId", owner()));
        assertProblem(write(owner, foreign).then(), 403, "forbidden");
    }

    private String owner() {
        String owner = UUID.randomUUID().toString();
        owners.add(owner);
        return owner;
    }

    private static String token(String owner) {
        return TestTokens.forSubject(owner);
    }

    private static Response write(String owner, Map<String, Object> body) {
        return given().auth().oauth2(token(owner)).contentType(ContentType.JSON).body(body).post(MEMORIES);
    }

    private long rows(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely().iterator().next().getLong("n");
    }
}
