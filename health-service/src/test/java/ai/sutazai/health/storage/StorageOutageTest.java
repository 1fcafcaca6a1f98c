package ai.sutazai.health.storage;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.commons.testing.DependencyOutageResource;
import ai.sutazai.commons.testing.InjectForwarder;
import ai.sutazai.commons.testing.TcpForwarder;
import ai.sutazai.commons.testing.TestTokens;

/**
 * The service's own database comes and goes: it is live throughout, ready only with PostgreSQL,
 * keeps probing and serving the current state from memory (saying so), buffers every result and
 * writes them all when the database returns, in the middle of the test as at start-up.
 */
@QuarkusTest
@TestProfile(StorageOutageTest.DatabaseDown.class)
class StorageOutageTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final String USER = TestTokens.user();

    /** Starts the service with its PostgreSQL (and Redis) behind forwarders that are closed. */
    public static class DatabaseDown implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DependencyOutageResource.class));
        }
    }

    @InjectForwarder("postgres")
    TcpForwarder postgres;

    @Inject
    Pool pool;

    @Test
    void resultsAreBufferedWhileTheDatabaseIsDownAndAllWrittenWhenItReturns() {
        // Started without its database: alive, not ready, probing all the same.
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503);
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(USER).get("/api/v1/system/status").then()
                .statusCode(200)
                .body("storage.database", is("down"))
                .body("storage.note", startsWith("PostgreSQL cannot take results now: this answer comes from memory"))
                .body("storage.bufferedResults", greaterThan(20))
                .body("components.find { it.name == 'fast' }.status", is("up")));
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/probes/fast/history").then(), 503,
                "service-unavailable").header("Retry-After", is("5"));
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/uptime").then(), 503, "service-unavailable");
        given().auth().oauth2(USER).get("/api/v1/system/incidents?state=open").then().statusCode(200)
                .body("items.find { it.probe == 'closed' }.state", is("open"));

        postgres.open();
        awaitEverythingWritten();
        given().get("/q/health/ready").then().statusCode(200);

        // And again in the middle of the run.
        postgres.close();
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(USER).get("/api/v1/system/status").then()
                .body("storage.database", is("down"))
                .body("storage.downSince", notNullValue())
                .body("storage.bufferedResults", greaterThan(20)));
        given().get("/q/health/live").then().statusCode(200);
        postgres.open();
        awaitEverythingWritten();
    }

    // Every check the service counted by now is in PostgreSQL once the buffer is empty, none dropped.
    private void awaitEverythingWritten() {
        JsonPath fast = given().auth().oauth2(USER).get("/api/v1/system/probes/fast").then().statusCode(200)
                .extract().jsonPath();
        long checked = fast.getLong("checks");
        // Counted from this run's first check: rows of earlier runs do not count.
        Instant firstCheck = Instant.parse(fast.getString("since"));
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(USER).get("/api/v1/system/status").then()
                .body("storage.database", is("up")));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(stored("fast", firstCheck), greaterThanOrEqualTo(checked)));
        given().auth().oauth2(USER).get("/api/v1/system/status").then().body("storage.droppedResults", is(0));
        given().auth().oauth2(USER).get("/api/v1/system/probes/fast/history?limit=1").then().statusCode(200)
                .body("items[0].status", is("up"));
    }

    private long stored(String probe, Instant since) {
        return pool.preparedQuery("SELECT count(*) FROM health.results WHERE probe = $1 AND at >= $2")
                .execute(Tuple.of(probe, since.atOffset(ZoneOffset.UTC)))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }
}
