package ai.sutazai.health.monitor;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.health.ProbeTargets;

/** {@code POST /api/v1/system/probes/reload}: an invalid file changes nothing; a valid one changes what it says. */
@QuarkusTest
class ReloadTest {

    private static final String ADMIN = TestTokens.user("admin");

    ProbeTargets targets;

    @AfterEach
    void restore() {
        targets.restoreBaseProbes();
        given().auth().oauth2(ADMIN).post("/api/v1/system/probes/reload").then().statusCode(200);
    }

    @Test
    void anInvalidFileIsRefusedWithEveryProblemAndTheOldProbesKeepRunning() {
        targets.writeProbes("""
                probes:
                  - name: web
                    type: http
                    url: not-a-url
                  - name: cache
                    type: redis
                    port: 6379
                """);
        assertProblem(given().auth().oauth2(ADMIN).post("/api/v1/system/probes/reload").then(), 400, "validation")
                .body("detail", startsWith("The probes file has 2 problems: "))
                .body("errors.field", contains("probesFile", "probesFile"))
                .body("errors.message", contains(
                        "probes[0] \"web\": \"url\" must be an absolute http:// or https:// URL with a host",
                        "probes[1] \"cache\": \"host\" is required"));
        given().auth().oauth2(ADMIN).get("/api/v1/system/probes?limit=500").then().statusCode(200)
                .body("items.name", containsInAnyOrder(ProbeTargets.baseNames().toArray()))
                .body("items.find { it.name == 'web' }.target", is(targets.httpUrl() + "/ok"));
    }

    @Test
    void aValidFileAddsRemovesAndChangesProbesAndKeepsTheUnchangedOnesRunning() {
        long fastChecks = given().auth().oauth2(ADMIN).get("/api/v1/system/probes/fast").then().extract()
                .jsonPath().getLong("checks");
        String changed = targets.baseProbes()
                .replace("""
                          - name: closed
                            type: tcp
                        """, """
                          - name: extra
                            type: tcp
                        """)
                .replace("url: " + targets.httpUrl() + "/ok\n    jsonField: version\n    interval: PT0.5S",
                        "url: " + targets.httpUrl() + "/ok\n    jsonField: version\n    interval: PT0.6S");
        targets.writeProbes(changed);
        given().auth().oauth2(ADMIN).post("/api/v1/system/probes/reload").then().statusCode(200)
                .body("source", is(targets.probesFile().toString()))
                .body("added", contains("extra"))
                .body("removed", contains("closed"))
                .body("changed", contains("web"))
                .body("unchanged", hasItem("fast"));
        given().auth().oauth2(ADMIN).get("/api/v1/system/probes?limit=500").then().statusCode(200)
                .body("items.name", hasItem("extra"))
                .body("items.name", not(hasItem("closed")))
                .body("items.find { it.name == 'web' }.interval", is("PT0.6S"));
        // fast was not restarted: its count of checks went on.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(ADMIN)
                .get("/api/v1/system/probes/fast").then().body("checks", greaterThan((int) fastChecks)));
    }

    @Test
    void onlyAdminsReload() {
        assertProblem(given().auth().oauth2(TestTokens.user()).post("/api/v1/system/probes/reload").then(), 403,
                "forbidden");
        assertProblem(given().post("/api/v1/system/probes/reload").then(), 401, "unauthorized");
    }
}
