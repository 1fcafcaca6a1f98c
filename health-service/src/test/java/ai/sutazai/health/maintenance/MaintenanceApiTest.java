package ai.sutazai.health.maintenance;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import ai.sutazai.commons.testing.TestTokens;

/** Maintenance windows: admins create, change and cancel them; anyone with a token reads them; bad ones are named. */
@QuarkusTest
class MaintenanceApiTest {

    private static final String ADMIN = TestTokens.user("admin");
    private static final String USER = TestTokens.user();

    @AfterEach
    void cleanUp() {
        given().auth().oauth2(ADMIN).get("/api/v1/system/maintenance-windows?limit=500").then().extract().jsonPath()
                .getList("items.findAll { it.reason.startsWith('api test') }.id", String.class)
                .forEach(id -> given().auth().oauth2(ADMIN).delete("/api/v1/system/maintenance-windows/" + id));
    }

    @Test
    void adminsCreateChangeAndCancelWindowsThatEveryoneCanRead() {
        String id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("probes", List.of("web", "fast"), "startsAt", "2030-03-01T02:00:00Z",
                        "endsAt", "2030-03-01T04:00:00+01:00", "reason", "api test: database upgrade"))
                .post("/api/v1/system/maintenance-windows").then().statusCode(201)
                .header("Location", containsString("/api/v1/system/maintenance-windows/"))
                .body("probes", contains("web", "fast"))
                // An offset is taken and answered in UTC.
                .body("endsAt", is("2030-03-01T03:00:00Z"))
                .body("startsAt", is("2030-03-01T02:00:00Z"))
                .extract().path("id");
        given().auth().oauth2(USER).get("/api/v1/system/maintenance-windows/" + id).then().statusCode(200)
                .body("reason", is("api test: database upgrade"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("startsAt", "2030-03-01T02:00:00Z", "endsAt", "2030-03-01T04:00:00Z",
                        "reason", "api test: longer upgrade"))
                .put("/api/v1/system/maintenance-windows/" + id).then().statusCode(200)
                .body("probes", is(List.of()))
                .body("endsAt", is("2030-03-01T04:00:00Z"));
        given().auth().oauth2(USER).get("/api/v1/system/maintenance-windows").then().statusCode(200)
                .body("items.id", hasItem(id)).body("nextCursor", is((Object) null));
        given().auth().oauth2(ADMIN).delete("/api/v1/system/maintenance-windows/" + id).then().statusCode(204);
        assertProblem(given().auth().oauth2(USER).get("/api/v1/system/maintenance-windows/" + id).then(), 404,
                "not-found");
        given().auth().oauth2(USER).get("/api/v1/system/maintenance-windows").then().body("items.id", not(hasItem(id)));
    }

    @Test
    void onlyAdminsWrite() {
        Map<String, Object> window = Map.of("startsAt", "2030-03-01T02:00:00Z", "endsAt", "2030-03-01T03:00:00Z",
                "reason", "api test: not allowed");
        assertProblem(given().auth().oauth2(USER).contentType(ContentType.JSON).body(window)
                .post("/api/v1/system/maintenance-windows").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(USER)
                .delete("/api/v1/system/maintenance-windows/00000000-0000-4000-8000-000000000000").then(), 403,
                "forbidden");
    }

    @Test
    void aBadWindowNamesEachBadField() {
        assertProblem(given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("probes", List.of("web", "no-such-probe"), "startsAt", "tomorrow",
                        "endsAt", "2030-03-01T03:00:00Z", "reason", "api test: bad"))
                .post("/api/v1/system/maintenance-windows").then(), 400, "validation")
                .body("errors.field", containsInAnyOrder("startsAt", "probes[1]"));
        assertProblem(given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("startsAt", "2030-03-01T03:00:00Z", "endsAt", "2030-03-01T02:00:00Z",
                        "reason", "api test: backwards"))
                .post("/api/v1/system/maintenance-windows").then(), 400, "validation")
                .body("errors[0].field", is("endsAt")).body("errors[0].message", is("must be after startsAt"));
        assertProblem(given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("startsAt", "2030-03-01T02:00:00Z", "endsAt", "2030-03-01T03:00:00Z"))
                .post("/api/v1/system/maintenance-windows").then(), 400, "validation")
                .body("errors[0].field", is("reason"));
        assertProblem(given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("startsAt", "2030-03-01T02:00:00Z", "endsAt", "2030-03-01T03:00:00Z", "reason", "api test"))
                .put("/api/v1/system/maintenance-windows/00000000-0000-4000-8000-000000000000").then(), 404,
                "not-found");
    }
}
