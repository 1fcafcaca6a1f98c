package ai.sutazai.health.heartbeat;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.health.ProbeTargets;

/**
 * The push probe {@code beat} (interval 1 s, grace 0.5 s): up while beats arrive, down when they
 * stop or report down; heartbeats need no JWT but their own token.
 */
@QuarkusTest
class HeartbeatTest {

    @Test
    void beatsKeepThePushProbeUpAndSilenceTakesItDown() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            beat().then().statusCode(200).body("name", is("beat")).body("status", is("up"))
                    .body("nextBeatDueBy", notNullValue());
            given().get("/api/v1/system/status").then().body("components.find { it.name == 'beat' }.status", is("up"));
        });
        // No more beats: down within interval + grace + one check interval.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.user())
                .get("/api/v1/system/status").then()
                .body("components.find { it.name == 'beat' }.status", is("down"))
                .body("components.find { it.name == 'beat' }.cause", containsString("no heartbeat since")));
    }

    @Test
    void aBeatCanReportTheComponentDown() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            given().header(HeartbeatResource.TOKEN_HEADER, ProbeTargets.HEARTBEAT_TOKEN).contentType(ContentType.JSON)
                    .body("{\"status\": \"down\", \"message\": \"backup failed: disk full\"}")
                    .post("/api/v1/system/heartbeats/beat").then().statusCode(200).body("status", is("down"));
            given().auth().oauth2(TestTokens.user()).get("/api/v1/system/status").then()
                    .body("components.find { it.name == 'beat' }.lastError",
                            is("the last heartbeat reported down: backup failed: disk full"));
        });
    }

    @Test
    void aWrongOrMissingTokenIsRefusedWithoutEchoingIt() {
        assertProblem(given().header(HeartbeatResource.TOKEN_HEADER, "guessed-token-123456")
                .post("/api/v1/system/heartbeats/beat").then(), 401, "unauthorized")
                .body("detail", is("The heartbeat token of beat is missing or wrong: send the probe's token in the "
                        + "X-Heartbeat-Token header."))
                .body("detail", not(containsString("guessed-token-123456")));
        assertProblem(given().post("/api/v1/system/heartbeats/beat").then(), 401, "unauthorized");
        assertProblem(given().header(HeartbeatResource.TOKEN_HEADER, ProbeTargets.HEARTBEAT_TOKEN)
                .post("/api/v1/system/heartbeats/web").then(), 404, "not-found")
                .body("detail", is("There is no heartbeat probe web."));
        assertProblem(given().header(HeartbeatResource.TOKEN_HEADER, ProbeTargets.HEARTBEAT_TOKEN)
                .contentType(ContentType.JSON).body("{\"status\": \"sideways\"}")
                .post("/api/v1/system/heartbeats/beat").then(), 400, "validation")
                .body("errors[0].field", is("status"));
    }

    @Test
    void aBodyOfNullIsNoBodyAndOneThatIsNoObjectIsRefused() {
        given().header(HeartbeatResource.TOKEN_HEADER, ProbeTargets.HEARTBEAT_TOKEN).contentType(ContentType.JSON)
                .body("null").post("/api/v1/system/heartbeats/beat").then().statusCode(200).body("status", is("up"));
        for (String body : new String[] { "[\"down\"]", "\"down\"", "{\"status\": " }) {
            assertProblem(given().header(HeartbeatResource.TOKEN_HEADER, ProbeTargets.HEARTBEAT_TOKEN)
                    .contentType(ContentType.JSON).body(body).post("/api/v1/system/heartbeats/beat").then(), 400,
                    "bad-request").body("detail", startsWith("The body is not valid JSON"));
        }
    }

    private static Response beat() {
        return given().header(HeartbeatResource.TOKEN_HEADER, ProbeTargets.HEARTBEAT_TOKEN)
                .post("/api/v1/system/heartbeats/beat");
    }
}
