package ai.sutazai.memory.conversation;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.memory.RedisForwarderResource;

/** Conversation history: gap-free numbering under concurrency, paging both ways, the last N, isolation. */
@QuarkusTest
@QuarkusTestResource(RedisForwarderResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationTest {

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final List<String> owners = new ArrayList<>();

    @AfterAll
    void removeRows() {
        for (String owner : owners) {
            pool.preparedQuery("DELETE FROM memory.conversations WHERE owner_id = $1").execute(Tuple.of(owner))
                    .await().indefinitely();
        }
    }

    @Test
    void twoHundredConcurrentAppendsGetSeqOneToTwoHundred() {
        String owner = owner();
        String token = TestTokens.forSubject(owner);
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> appends = IntStream.range(0, 200).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/memory/conversations/busy/messages"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"user\",\"content\":\"m" + i + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString())).toList();
        appends.forEach(append -> assertThat(append.join().body(), append.join().statusCode(), is(201)));

        List<Long> seqs = pool.preparedQuery("SELECT seq FROM memory.messages WHERE owner_id = $1 AND conversation_id = "
                + "'busy' ORDER BY seq").execute(Tuple.of(owner)).await().indefinitely().stream()
                .map(row -> row.getLong("seq")).toList();
        assertThat(seqs, is(LongStream.rangeClosed(1, 200).boxed().toList()));
    }

    @Test
    void messagesPageForwardBackwardAndByTheLastN() {
        String owner = owner();
        for (int i = 1; i <= 7; i++) {
            append(owner, "talk", "m" + i).then().statusCode(201).body("seq", is(i)).body("conversationId", is("talk"));
        }
        String t = TestTokens.forSubject(owner);
        String path = "/api/v1/memory/conversations/talk/messages";
        given().auth().oauth2(t).queryParam("limit", 3).get(path).then().statusCode(200)
                .body("items.seq", contains(1, 2, 3)).body("nextCursor", is("3"));
        given().auth().oauth2(t).queryParam("after", 3).queryParam("limit", 3).get(path).then()
                .body("items.seq", contains(4, 5, 6)).body("nextCursor", is("6"));
        given().auth().oauth2(t).queryParam("after", 6).queryParam("limit", 3).get(path).then()
                .body("items.seq", contains(7)).body("nextCursor", nullValue());
        given().auth().oauth2(t).queryParam("before", 6).queryParam("limit", 2).get(path).then()
                .body("items.seq", contains(4, 5)).body("nextCursor", is("4"));
        given().auth().oauth2(t).queryParam("before", 3).queryParam("limit", 5).get(path).then()
                .body("items.seq", contains(1, 2)).body("nextCursor", nullValue());

        // The last N: once from PostgreSQL (filling the cache), then from the cache, then fresh after an append.
        given().auth().oauth2(t).queryParam("last", 3).get(path).then().body("items.seq", contains(5, 6, 7))
                .body("nextCursor", is("5"));
        given().auth().oauth2(t).queryParam("last", 3).get(path).then().body("items.content", contains("m5", "m6", "m7"));
        append(owner, "talk", "m8").then().statusCode(201);
        given().auth().oauth2(t).queryParam("last", 2).get(path).then().body("items.content", contains("m7", "m8"));
        given().auth().oauth2(t).queryParam("last", 20).get(path).then().body("items.seq",
                contains(1, 2, 3, 4, 5, 6, 7, 8)).body("nextCursor", nullValue());
    }

    @Test
    void aConversationIsItsOwnersAloneAndCanBeDeleted() {
        String owner = owner();
        String other = owner();
        append(owner, "private", "hello").then().statusCode(201);
        String path = "/api/v1/memory/conversations/private/messages";
        assertProblem(given().auth().oauth2(TestTokens.forSubject(other)).get(path).then(), 404, "not-found");
        assertProblem(given().auth().oauth2(TestTokens.forSubject(other)).delete("/api/v1/memory/conversations/private")
                .then(), 404, "not-found");
        // The other owner's conversation of the same id is a separate one, numbered from 1.
        append(other, "private", "mine").then().statusCode(201).body("seq", is(1));

        given().auth().oauth2(TestTokens.forSubject(owner)).delete("/api/v1/memory/conversations/private").then()
                .statusCode(204);
        assertProblem(given().auth().oauth2(TestTokens.forSubject(owner)).get(path).then(), 404, "not-found");
        append(owner, "private", "again").then().statusCode(201).body("seq", is(1));
        given().auth().oauth2(TestTokens.forSubject(owner)).queryParam("last", 5).get(path).then()
                .body("items.content", contains("again"));
    }

    @Test
    void badMessagesAreRefusedPrecisely() {
        String owner = owner();
        String t = TestTokens.forSubject(owner);
        String path = "/api/v1/memory/conversations/c1/messages";
        assertProblem(given().auth().oauth2(t).contentType(ContentType.JSON).body(Map.of("role", "wizard", "content", "x"))
                .post(path).then(), 400, "validation").body("errors[0].field", is("role"));
        assertProblem(given().auth().oauth2(t).contentType(ContentType.JSON).body(Map.of("role", "user"))
                .post(path).then(), 400, "validation").body("errors[0].field", is("content"));
        assertProblem(given().auth().oauth2(t).contentType(ContentType.JSON)
                .body(Map.of("role", "user", "content", "x".repeat(40000))).post(path).then(), 400, "validation");
        assertProblem(given().auth().oauth2(t).contentType(ContentType.JSON).body(Map.of("role", "user", "content", "x"))
                .post("/api/v1/memory/conversations/bad id!/messages").then(), 400, "validation");
        append(owner, "c1", "x").then().statusCode(201);
        assertProblem(given().auth().oauth2(t).queryParam("limit", 100000).get(path).then(), 400, "validation");
        assertProblem(given().auth().oauth2(t).queryParam("after", "first").get(path).then(), 400, "validation");
        assertProblem(given().auth().oauth2(t).queryParam("last", 3).queryParam("after", 1).get(path).then(), 400,
                "validation");
    }

    private String owner() {
        String owner = UUID.randomUUID().toString();
        owners.add(owner);
        return owner;
    }

    private static Response append(String owner, String conversation, String content) {
        return given().auth().oauth2(TestTokens.forSubject(owner)).contentType(ContentType.JSON)
                .body(Map.of("role", "user", "content", content))
                .post("/api/v1/memory/conversations/" + conversation + "/messages");
    }
}
