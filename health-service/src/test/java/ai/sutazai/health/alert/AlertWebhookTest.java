package ai.sutazai.health.alert;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.commons.testing.TestTokens;

/**
 * Alertmanager's webhook: each alert kept once however often it is sent, resolved notifications
 * close it, anything Grafana adds is ignored, and every bad request gets its own 4xx problem.
 */
@QuarkusTest
class AlertWebhookTest {

    private static final String USER = TestTokens.user();

    @Inject
    Pool pool;

    @BeforeEach
    void migrated() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));
    }

    @AfterEach
    void cleanUp() {
        Notifications.forgetPosted(pool);
    }

    @Test
    void aFiringAlertIsKeptOnceHoweverOftenItIsSentAndItsResolutionClosesIt() {
        String fingerprint = Notifications.fingerprint();
        String firing = Notifications.firing(fingerprint, "web");
        Notifications.post(firing).then().statusCode(200).body("alerts", is(1)).body("created", is(1));
        // Alertmanager re-sends every repeat_interval, and after timeouts: still one alert.
        Notifications.post(firing).then().statusCode(200).body("alerts", is(1)).body("created", is(0));

        List<Map<String, Object>> listed = alerts("firing", fingerprint);
        assertThat(listed.size(), is(1));
        assertThat(field(listed.get(0), "status"), is("firing"));
        assertThat(field(listed.get(0), "startsAt"), is("2026-11-20T10:15:03.123456Z"));
        assertThat(field(listed.get(0), "endsAt"), nullValue());
        assertThat(field(listed.get(0), "labels.alertname"), is("ProbeFailure"));
        assertThat(field(listed.get(0), "annotations.summary"), is("web is failing its probe"));
        assertThat(field(listed.get(0), "receiver"), is("health-service"));
        String id = field(listed.get(0), "id");

        Notifications.post(Notifications.resolved(fingerprint, "web", "2026-11-20T10:20:03Z")).then().statusCode(200)
                .body("created", is(0));
        assertThat(alerts("firing", fingerprint).size(), is(0));
        List<Map<String, Object>> resolved = alerts("resolved", fingerprint);
        assertThat(resolved.size(), is(1));
        assertThat(field(resolved.get(0), "id"), is(id));
        assertThat(field(resolved.get(0), "endsAt"), is("2026-11-20T10:20:03Z"));

        // A firing copy delivered late (a retry, an HA peer) does not reopen it.
        Notifications.post(firing).then().statusCode(200);
        given().auth().oauth2(USER).get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("status", is("resolved")).body("endsAt", is("2026-11-20T10:20:03Z"));
        given().get("/q/metrics").then().body(containsString("health_alerts_received_total{status=\"firing\"}"))
                .body(containsString("health_alerts_received_total{status=\"resolved\"}"));
    }

    @Test
    void fieldsItDoesNotKnowAreIgnored() {
        String fingerprint = Notifications.fingerprint();
        // Grafana's webhook: orgId, state, title, message, and per alert values, silenceURL, dashboardURL.
        String grafana = Notifications.firing(fingerprint, "web").replaceFirst("\\{", "{\"orgId\": 1, \"state\": "
                + "\"alerting\", \"title\": \"[FIRING:1] ProbeFailure\", \"message\": \"web is down\", ")
                .replace("\"fingerprint\"", "\"values\": {\"A\": 0}, \"silenceURL\": \"http://grafana/alerting/silence\", "
                        + "\"dashboardURL\": \"\", \"panelURL\": \"\", \"valueString\": \"[ var='A' value=0 ]\", "
                        + "\"fingerprint\"");
        Notifications.post(grafana).then().statusCode(200).body("created", is(1));
        assertThat(field(alerts("firing", fingerprint).get(0), "labels.component"), is("web"));
    }

    @Test
    void aLabelHoldingNulIsStoredNotRefused() {
        // Legal JSON that PostgreSQL's jsonb refuses: once a 500 that Alertmanager retried for ever.
        String fingerprint = Notifications.fingerprint();
        String nul = Notifications.firing(fingerprint, "web").replace("\"component\"", "\"note\": \"bin\\u0000ary\", "
                + "\"component\"");
        Notifications.post(nul).then().statusCode(200).body("created", is(1));
        assertThat(field(alerts("firing", fingerprint).get(0), "labels.note"), is("bin\uFFFDary"));
    }

    @Test
    void alertsAlertmanagerLeftOutAreRecorded() {
        String fingerprint = Notifications.fingerprint();
        Notifications.post(Notifications.notification(fingerprint, "web", "firing", Notifications.FIRING_ENDS_AT, 7))
                .then().statusCode(200).body("alerts", is(1)).body("truncatedAlerts", is(7));
        Integer stored = pool.preparedQuery("SELECT truncated_alerts FROM health.alert_notifications "
                + "WHERE payload->'alerts'->0->>'fingerprint' = $1").execute(Tuple.of(fingerprint))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getInteger(0);
        assertThat(stored, is(7));
        given().get("/q/metrics").then().body(containsString("health_alerts_truncated_total"));
    }

    @Test
    void aFiringAlertShowsWithTheComponentItNamesForCallersWithAToken() {
        String fingerprint = Notifications.fingerprint();
        Notifications.post(Notifications.firing(fingerprint, "fast")).then().statusCode(200);
        String id = field(alerts("firing", fingerprint).get(0), "id");

        given().auth().oauth2(USER).get("/api/v1/system/status").then().statusCode(200)
                .body("components.find { it.name == 'fast' }.firingAlerts.find { it.id == '" + id + "' }.alertname",
                        is("ProbeFailure"))
                .body("components.find { it.name == 'fast' }.firingAlerts.find { it.id == '" + id + "' }.severity",
                        is("critical"))
                .body("components.find { it.name == 'fast' }.firingAlerts.find { it.id == '" + id + "' }.summary",
                        is("fast is failing its probe"))
                .body("components.find { it.name == 'web' }.firingAlerts.find { it.id == '" + id + "' }", nullValue());
        // Anonymous callers get names and statuses only.
        given().get("/api/v1/system/status").then().statusCode(200)
                .body("components.find { it.name == 'fast' }", not(hasKey("firingAlerts")));

        Notifications.post(Notifications.resolved(fingerprint, "fast", "2026-11-20T10:20:03Z")).then().statusCode(200);
        given().auth().oauth2(USER).get("/api/v1/system/status").then()
                .body("components.find { it.name == 'fast' }.firingAlerts.find { it.id == '" + id + "' }", nullValue());
    }

    @Test
    void anAcknowledgementRecordsWhoAndWhenOnce() {
        String fingerprint = Notifications.fingerprint();
        Notifications.post(Notifications.firing(fingerprint, "web")).then().statusCode(200);
        String id = field(alerts("firing", fingerprint).get(0), "id");
        given().auth().oauth2(USER).get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("$", not(hasKey("acknowledgedBy")));

        String at = given().auth().oauth2(TestTokens.forSubject("operator-1")).post("/api/v1/alerts/" + id
                + "/acknowledge").then().statusCode(200).body("acknowledgedBy", is("operator-1"))
                .body("acknowledgedAt", notNullValue()).body("status", is("firing")).extract().path("acknowledgedAt");
        // Again, by someone else: the first acknowledgement stands.
        given().auth().oauth2(TestTokens.forSubject("operator-2")).post("/api/v1/alerts/" + id + "/acknowledge").then()
                .statusCode(200).body("acknowledgedBy", is("operator-1")).body("acknowledgedAt", is(at));
        given().auth().oauth2(USER).get("/api/v1/alerts/" + id).then().body("acknowledgedBy", is("operator-1"));
    }

    @Test
    void aWrongOrMissingTokenIsRefusedAndNothingIsStored() {
        String fingerprint = Notifications.fingerprint();
        String body = Notifications.firing(fingerprint, "web");
        assertProblem(given().auth().oauth2("guessed-token").contentType(ContentType.JSON).body(body)
                .post("/api/v1/alerts/webhook").then(), 401, "unauthorized")
                .body("detail", not(containsString("guessed-token")));
        assertProblem(given().contentType(ContentType.JSON).body(body).post("/api/v1/alerts/webhook").then(), 401,
                "unauthorized");
        // A user's JWT is no webhook token.
        assertProblem(given().auth().oauth2(USER).contentType(ContentType.JSON).body(body)
                .post("/api/v1/alerts/webhook").then(), 401, "unauthorized");
        assertThat(alerts(null, fingerprint).size(), is(0));
        // And the webhook token opens nothing else.
        assertProblem(given().auth().oauth2(Notifications.TOKEN).get("/api/v1/alerts").then(), 401, "unauthorized");
    }

    @Test
    void malformedBodiesAreRefusedWith400() {
        assertProblem(Notifications.post("{\"version\": \"4\", \"alerts\": [").then(), 400, "bad-request");
        assertProblem(Notifications.post("[]").then(), 400, "bad-request");
        assertProblem(Notifications.post("{\"version\": \"4\", \"alerts\": \"none\"}").then(), 400, "bad-request");
        assertProblem(Notifications.post(Notifications.firing("", "web")).then(), 400, "validation")
                .body("errors[0].field", is("alerts[0].fingerprint"));
        assertProblem(Notifications.post(Notifications.notification(Notifications.fingerprint(), "web", "sideways",
                Notifications.FIRING_ENDS_AT, 0)).then(), 400, "validation")
                .body("errors[0].field", is("alerts[0].status"));
        assertProblem(given().auth().oauth2(USER).get("/api/v1/alerts?status=pending").then(), 400, "validation")
                .body("errors[0].field", is("status"));
    }

    @Test
    void aNotificationOverOneMebibyteIsRefusedWith413() {
        String huge = Notifications.firing(Notifications.fingerprint(), "web")
                .replace("\"description\": \"", "\"description\": \"" + "x".repeat(AlertResource.MAX_NOTIFICATION_BYTES));
        assertProblem(Notifications.post(huge).then(), 413, "content-too-large");
    }

    @Test
    void unknownAlertsAre404AndReadingTakesAJwt() {
        String unknown = UUID.randomUUID().toString();
        assertProblem(given().auth().oauth2(USER).get("/api/v1/alerts/" + unknown).then(), 404, "not-found")
                .body("detail", is("There is no alert " + unknown + "."));
        assertProblem(given().auth().oauth2(USER).get("/api/v1/alerts/not-an-id").then(), 404, "not-found");
        assertProblem(given().auth().oauth2(USER).post("/api/v1/alerts/" + unknown + "/acknowledge").then(), 404,
                "not-found");
        assertProblem(given().get("/api/v1/alerts").then(), 401, "unauthorized");
    }

    // A member of an alert in a listing, by its dotted path (labels.alertname).
    private static String field(Map<String, Object> alert, String path) {
        Object value = alert;
        for (String name : path.split("\\.")) {
            value = ((Map<?, ?>) value).get(name);
        }
        return (String) value;
    }

    // The alerts of one fingerprint in a listing (status null: all of them).
    private static List<Map<String, Object>> alerts(String status, String fingerprint) {
        Map<String, Object> query = status == null ? Map.of("limit", 500) : Map.of("limit", 500, "status", status);
        return given().auth().oauth2(USER).queryParams(query).get("/api/v1/alerts").then().statusCode(200)
                .extract().jsonPath().getList("items.findAll { it.fingerprint == '" + fingerprint + "' }");
    }
}
