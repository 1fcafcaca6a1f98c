package ai.sutazai.health;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import ai.sutazai.commons.testing.TestTokens;

/** Bad input on every endpoint is a precise 4xx problem, never a 500 or a hang. */
@QuarkusTest
class BadInputTest {

    private static final String USER = TestTokens.user();
    private static final String ADMIN = TestTokens.user("admin");

    @Test
    void unknownProbes() {
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/probes/nope").then(), 404, "not-found")
                .body("detail", is("There is no probe nope; GET /api/v1/system/probes lists them."));
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/probes/nope/history").then(), 404, "not-found");
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/incidents?probe=nope").then(), 404,
                "not-found");
    }

    @Test
    void badTimeRanges() {
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/probes/web/history?from=yesterday").then(), 400,
                "validation").body("errors[0].field", is("from"));
        assertProblem(given().auth().oauth2(USER)
                .get("/api/v1/system/probes/web/history?from=2026-12-02T10:00:00Z&to=2026-12-01T10:00:00Z").then(),
                400, "validation").body("errors[0].message",
                        is("must be before to (2026-12-02T10:00:00Z is not before 2026-12-01T10:00:00Z)"));
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/probes/web/history?resolution=weekly").then(),
                400, "validation").body("errors[0].field", is("resolution"));
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/probes/web/history?cursor=bogus").then(), 400,
                "validation").body("errors[0].field", is("cursor"));
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/probes/web/history?limit=501").then(), 400,
                "validation").body("errors[0].field", is("limit"));
    }

    @Test
    void badUptimeWindows() {
        for (String window : new String[] { "forever", "-PT1H", "PT0S", "P9999D" }) {
            assertProblem(given().auth().oauth2(USER).get("/api/v1/system/uptime?window=" + window).then(), 400,
                    "validation").body("errors[0].field", is("window"));
        }
    }

    @Test
    void badIncidentAndMaintenanceQueries() {
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/incidents?state=sideways").then(), 400,
                "validation").body("errors[0].field", is("state"));
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/maintenance-windows/not-a-uuid").then(), 404,
                "not-found");
        assertProblem(given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"reason\": ")
                .post("/api/v1/system/maintenance-windows").then(), 400, "bad-request");
        assertProblem(given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"probes\": \"web\"}")
                .post("/api/v1/system/maintenance-windows").then(), 400, "validation");
    }

    @Test
    void everythingButStatusAndHeartbeatsNeedsAToken() {
        for (String path : new String[] { "/api/v1/system/probes", "/api/v1/system/uptime", "/api/v1/system/incidents",
            "/api/v1/system/maintenance-windows", "/api/v1/system/probes/web/history" }) {
            assertProblem(given().get(path).then(), 401, "unauthorized");
        }
    }

    @Test
    void oddValuesAreRefusedAsProblemsNeverAsServerErrors() {
        String forgedCursor = Base64.getUrlEncoder().encodeToString("9999-99-99|not-a-uuid".getBytes());
        // Jakarta REST itself would answer 404 here: a number that is none.
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/probes/web/history?limit=abc").then(), 400,
                "bad-request").body("detail", startsWith("A query or path parameter has a value of the wrong type"));
        for (String query : new String[] { "/api/v1/system/probes/web/history?from=+999999999-12-31T23:59:59Z",
            "/api/v1/system/probes/web/history?limit=-1", "/api/v1/system/probes/web/history?limit=99999999999",
            "/api/v1/system/probes/web/history?cursor=" + forgedCursor, "/api/v1/system/incidents?cursor=" + forgedCursor,
            "/api/v1/system/maintenance-windows?cursor=" + forgedCursor, "/api/v1/system/uptime?window=P1000000000000D",
            "/api/v1/system/incidents?limit=0" }) {
            int status = given().auth().oauth2(USER).get(query).then().extract().statusCode();
            assertThat(query, status, is(400));
        }
        for (String body : new String[] { "null", "[]", "\"x\"", "{\"probes\": [null], \"startsAt\": "
                + "\"2030-01-01T00:00:00Z\", \"endsAt\": \"2030-01-02T00:00:00Z\", \"reason\": \"x\"}",
            "{\"startsAt\": \"+999999999-12-31T23:59:59Z\", \"endsAt\": \"+999999999-12-31T23:59:59Z\", "
                    + "\"reason\": \"x\"}",
            "{\"startsAt\": \"2030-01-01T00:00:00Z\", \"endsAt\": \"2030-01-02T00:00:00Z\", \"reason\": \""
                    + "r".repeat(100_000) + "\"}",
            "{\"startsAt\": \"2030-01-01T00:00:00Z\", \"endsAt\": \"2030-01-02T00:00:00Z\", \"reason\": \"  \"}" }) {
            int status = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/system/maintenance-windows").then().extract().statusCode();
            assertThat(body.length() > 200 ? body.substring(0, 200) : body, status, is(400));
        }
    }
}
