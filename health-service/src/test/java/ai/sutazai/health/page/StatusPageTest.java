package ai.sutazai.health.page;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.health.ProbeTargets;
import ai.sutazai.health.alert.Notifications;

/**
 * {@code GET /status} without a token: server-rendered HTML holding every component with its
 * state and 24 hourly uptime cells, and none of the errors, targets or secrets the detailed
 * status answer has; firing alerts by name only; the database-down banner and HTML escaping,
 * rendered from a model.
 */
@QuarkusTest
class StatusPageTest {

    ProbeTargets targets;

    @Test
    void anonymousVisitorsGetTheComponentsAsHtmlWithoutErrorsTargetsOrSecrets() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.user())
                .get("/api/v1/system/status").then().statusCode(200)
                .body("components.find { it.name == 'web' }.status", is("up"))
                .body("components.find { it.name == 'closed' }.status", is("down")));
        List<String> errors = given().auth().oauth2(TestTokens.user()).get("/api/v1/system/status").then()
                .extract().jsonPath().getList("components.findAll { it.lastError != null }.lastError");
        assertThat(errors.isEmpty(), is(false));

        String html = given().get("/status").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Cache-Control", containsString("no-store"))
                .extract().asString();

        // Server-rendered: the HTML itself holds every component, so the page needs no JavaScript.
        assertThat(html, not(containsString("<script")));
        assertThat(html, containsString("<meta http-equiv=\"refresh\" content=\"30\">"));
        for (String name : ProbeTargets.baseNames()) {
            assertThat(html, containsString("<span class=\"name\">" + name + "</span>"));
        }
        assertThat(html, containsString("<span class=\"state up\">up</span>"));
        assertThat(html, containsString("<span class=\"state down\">down</span>"));
        assertThat(html, containsString("<h2>Data stores &amp; infrastructure</h2>"));
        assertThat(html, containsString("<h2>Other</h2>"));
        assertThat(occurrences(html, "<li class=\"cell "), is(StatusPageService.HOURS
                * ProbeTargets.baseNames().size()));
        assertThat(html, not(containsString("id=\"storage-down\"")));

        errors.forEach(error -> assertThat(html, not(containsString(error))));
        assertThat(html, not(containsString("cannot connect")));
        assertThat(html, not(containsString("127.0.0.1")));
        assertThat(html, not(containsString(ProbeTargets.HEARTBEAT_TOKEN)));
        String password = System.getenv("POSTGRES_PASSWORD");
        if (password != null && !password.isEmpty()) {
            assertThat(html, not(containsString(password)));
        }
    }

    @Test
    void firingAlertsShowByNameAndSeverityWithoutTheirAnnotations() {
        String fingerprint = Notifications.fingerprint();
        Notifications.post(Notifications.firing(fingerprint, "fast")).then().statusCode(200);
        try {
            given().get("/status").then().statusCode(200)
                    .body(containsString("<strong>ProbeFailure</strong> (critical) about fast"))
                    .body(not(containsString("is failing its probe")));
        } finally {
            Notifications.post(Notifications.resolved(fingerprint, "fast", "2026-11-20T10:20:03Z")).then()
                    .statusCode(200);
        }
        given().get("/status").then().body(not(containsString("<strong>ProbeFailure</strong> (critical) about fast")));
    }

    @Test
    void theStorageDownBannerShowsAndTheBarsSayNoDataWhenTheDatabaseIsDown() {
        Instant firstHour = Instant.parse("2026-12-03T00:00:00Z");
        List<UptimeCell> noData = StatusPageService.cells(firstHour, List.of());
        StatusPage page = new StatusPage("degraded", firstHour.plusSeconds(86_000), true, List.of(
                new StatusPage.Section("Data stores & infrastructure",
                        List.of(new StatusPage.Component("database", "up", 3L, noData)))),
                List.of(), List.of());

        String html = StatusPageResource.Templates.status(page).render();

        assertThat(html, containsString("id=\"storage-down\""));
        assertThat(html, containsString("cannot reach its database"));
        assertThat(occurrences(html, "<li class=\"cell none\" title=\"2026-12-03 "), is(24));
        assertThat(html, containsString("title=\"2026-12-03 23:00 UTC: no data\""));
    }

    @Test
    void everythingOnThePageIsHtmlEscaped() {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        String hostile = "<img src=x onerror=alert(1)>";
        StatusPage page = new StatusPage("down", now, false, List.of(new StatusPage.Section("Other",
                List.of(new StatusPage.Component(hostile, "down", null, StatusPageService.cells(now, List.of()))))),
                List.of(new StatusPage.OpenIncident(hostile, now, "5 min")),
                List.of(new StatusPage.FiringAlert(hostile, "\"quoted\" & <b>", "critical", now)));

        String html = StatusPageResource.Templates.status(page).render();

        assertThat(html, not(containsString("<img")));
        assertThat(html, not(containsString("<b>")));
        assertThat(html, containsString("&lt;img src=x onerror=alert(1)&gt;"));
        assertThat(html, containsString("&quot;quoted&quot; &amp; &lt;b&gt;"));
        assertThat(html, containsString("Open incidents (1)"));
        assertThat(html, containsString("Firing alerts (1)"));
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
