package ai.sutazai.health.history;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.health.TestClock;
import ai.sutazai.health.incident.IncidentService;
import ai.sutazai.health.monitor.ComponentState;
import ai.sutazai.health.monitor.ProbeChecked;
import ai.sutazai.health.probe.ProbeDefinition;
import ai.sutazai.health.probe.ProbeOutcome;
import ai.sutazai.health.probe.ProbeType;
import ai.sutazai.health.probe.ProbesFile;
import ai.sutazai.health.uptime.Uptime;
import ai.sutazai.health.uptime.UptimeService;

/**
 * Synthetic timelines, fed through the real state machine and recorder with a pinned clock:
 * uptime, incidents, MTTR, maintenance exclusion and downsampling come out exact.
 */
@QuarkusTest
class TimelineTest {

    // Far ahead of the real clock, so nothing the running probes record falls into these windows.
    private static final Instant NOW = Instant.parse("2031-01-01T12:00:00Z");
    private static final String ADMIN = TestTokens.user("admin");

    @Inject
    Event<ProbeChecked> checked;

    @Inject
    UptimeService uptime;

    @Inject
    Retention retention;

    @Inject
    ResultRepository results;

    @Inject
    TestClock clock;

    @Inject
    Pool pool;

    @Inject
    IncidentService incidents;

    // Incidents open only once the start-up hold is over; these timelines expect theirs.
    @BeforeEach
    void awaitIncidentsOpening() {
        await().atMost(Duration.ofSeconds(30)).until(incidents::settled);
    }

    @AfterEach
    void cleanUp() {
        clock.release();
        for (String table : List.of("results", "results_minute", "results_hour", "incidents")) {
            pool.query("DELETE FROM health." + table + " WHERE probe LIKE 'timeline-%'").execute()
                    .await().atMost(Duration.ofSeconds(10));
        }
        given().auth().oauth2(ADMIN).get("/api/v1/system/maintenance-windows?limit=500").then().extract().jsonPath()
                .getList("items.findAll { it.reason.startsWith('timeline') }.id", String.class)
                .forEach(id -> given().auth().oauth2(ADMIN).delete("/api/v1/system/maintenance-windows/" + id)
                        .then().statusCode(204));
    }

    @Test
    void uptimeIncidentsAndMttrAreExactAndMaintenanceIsLeftOut() {
        // 360 checks, one every 10 s over the hour before NOW; t(i) is the time of check i.
        window(t(300), t(330));
        window(t(340), t(345));
        ProbeDefinition probe = probe("timeline-a");
        ComponentState state = new ComponentState(probe.failureThreshold(), probe.recoveryThreshold());
        for (int i = 0; i < 360; i++) {
            boolean down = i >= 60 && i < 90 || i >= 200 && i < 206 || i >= 310 && i < 320 || i >= 342 && i < 350;
            feed(probe, state, t(i), down);
        }
        awaitStored("timeline-a", 360, 3);

        clock.pin(NOW);
        Uptime hour = uptime.report(Map.of("timeline-a", ProbeType.TCP), Duration.ofHours(1)).await()
                .atMost(Duration.ofSeconds(10)).items().get(0);
        // 35 checks fell in maintenance (300-329, 340-344); of the 325 others, 41 failed.
        assertThat(hour.checks(), is(325L));
        assertThat(hour.maintenanceChecks(), is(35L));
        assertThat(hour.successes(), is(284L));
        assertThat(hour.uptimePercent(), is(100.0 * 284 / 325));
        // Incidents: 60-89 (300 s), 200-205 (60 s), and 345-349, opened when its window ended (50 s);
        // the failures inside a window (310-319) opened none.
        assertThat(hour.incidents(), is(3));
        assertThat(hour.mttrMs(), is((300_000L + 60_000 + 50_000) / 3));
        assertThat(hour.mttr(), is("PT2M16.666S"));

        JsonPath incidents = given().auth().oauth2(ADMIN).get("/api/v1/system/incidents?state=closed&limit=500").then()
                .statusCode(200).extract().jsonPath();
        List<Map<String, Object>> ours = incidents.getList("items.findAll { it.probe == 'timeline-a' }");
        assertThat(ours.size(), is(3));
        assertThat(ours.get(0).get("startedAt"), is(t(345).toString()));
        assertThat(ours.get(0).get("endedAt"), is(t(350).toString()));
        assertThat(ours.get(1).get("startedAt"), is(t(200).toString()));
        assertThat(ours.get(1).get("duration"), is("PT1M"));
        assertThat(ours.get(2).get("startedAt"), is(t(60).toString()));
        assertThat(ours.get(2).get("endedAt"), is(t(90).toString()));
        assertThat(ours.get(2).get("durationMs"), is(300_000));
        assertThat(ours.get(2).get("cause"), is("connection refused (synthetic)"));
        assertThat(ours.get(2).get("resolution"), is("recovered"));
    }

    @Test
    void downsamplingKeepsEveryCheckCountedOnce() {
        // Three days old: folded into minutes. Twenty days old: folded into minutes, then into hours.
        ProbeDefinition old = probe("timeline-b");
        ComponentState oldState = new ComponentState(2, 2);
        Instant start = NOW.minus(Duration.ofDays(3));
        for (int i = 0; i < 120; i++) {
            feed(old, oldState, start.plusSeconds(30L * i), i % 10 == 5);
        }
        ProbeDefinition older = probe("timeline-c");
        ComponentState olderState = new ComponentState(2, 2);
        Instant earlier = NOW.minus(Duration.ofDays(20));
        for (int i = 0; i < 4; i++) {
            feed(older, olderState, earlier.plusSeconds(60L * i), i == 3);
        }
        awaitStored("timeline-b", 120, 0);
        awaitStored("timeline-c", 4, 0);

        clock.pin(NOW);
        retention.compact().await().atMost(Duration.ofSeconds(30));
        assertThat(count("SELECT count(*) FROM health.results WHERE probe LIKE 'timeline-%'"), is(0L));
        assertThat(count("SELECT count(*) FROM health.results_minute WHERE probe = 'timeline-b'"), is(60L));
        assertThat(count("SELECT sum(checks) FROM health.results_minute WHERE probe = 'timeline-b'"), is(120L));
        assertThat(count("SELECT sum(checks) FROM health.results_hour WHERE probe = 'timeline-c'"), is(4L));

        Map<String, ProbeType> both = Map.of("timeline-b", ProbeType.TCP, "timeline-c", ProbeType.TCP);
        List<Uptime> month = uptime.report(both, Duration.ofDays(30)).await().atMost(Duration.ofSeconds(10)).items();
        Uptime b = month.stream().filter(u -> u.name().equals("timeline-b")).findFirst().orElseThrow();
        Uptime c = month.stream().filter(u -> u.name().equals("timeline-c")).findFirst().orElseThrow();
        assertThat(b.checks(), is(120L));
        assertThat(b.uptimePercent(), is(90.0));
        assertThat(c.checks(), is(4L));
        assertThat(c.uptimePercent(), is(75.0));

        // History reads the aggregates at minute or hour resolution alike.
        List<HistoryPoint> hours = results.buckets("timeline-b", Resolution.HOUR, start.minusSeconds(3600), NOW, 10)
                .await().atMost(Duration.ofSeconds(10));
        assertThat(hours.stream().mapToInt(HistoryPoint::checks).sum(), is(120));
        assertThat(hours.stream().mapToInt(HistoryPoint::successes).sum(), is(108));
    }

    @Test
    void historyIsPagedNewestFirstAtEveryResolution() {
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(ADMIN)
                .get("/api/v1/system/probes/web/history?limit=3").then().extract().jsonPath()
                .getList("items").size() == 3);
        JsonPath first = given().auth().oauth2(ADMIN).get("/api/v1/system/probes/web/history?limit=2").then()
                .statusCode(200).extract().jsonPath();
        assertThat(first.getList("items").size(), is(2));
        assertThat(first.getString("items[0].status"), is("up"));
        String cursor = first.getString("nextCursor");
        String second = given().auth().oauth2(ADMIN).queryParam("cursor", cursor).queryParam("limit", 2)
                .get("/api/v1/system/probes/web/history").then().statusCode(200).extract().jsonPath()
                .getString("items[0].time");
        assertThat(Instant.parse(second).isBefore(Instant.parse(first.getString("items[1].time"))), is(true));
        given().auth().oauth2(ADMIN).get("/api/v1/system/probes/web/history?resolution=minute").then().statusCode(200)
                .body("items[0].checks", greaterThan(0))
                .body("items[0].latencyMaxMs", greaterThanOrEqualTo(0))
                .body("items[0].uptimePercent", lessThanOrEqualTo(100.0f));
    }

    @Test
    void anErrorQuotingBinaryIsStoredAndBlocksNothingBehindIt() {
        // PostgreSQL refuses NUL in text: such an error once held up every result queued behind it.
        ProbeDefinition probe = probe("timeline-d");
        ComponentState state = new ComponentState(1, 1);
        feed(probe, state, t(1), ProbeOutcome.down("unexpected answer \u0000\u0001PK"));
        feed(probe, state, t(2), ProbeOutcome.up(Map.of()));
        awaitStored("timeline-d", 2, 1);
        assertThat(pool.query("SELECT error FROM health.results WHERE probe = 'timeline-d' AND status = 'down'")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getString(0),
                is("unexpected answer \uFFFD\u0001PK"));
    }

    private void feed(ProbeDefinition probe, ComponentState state, Instant at, boolean down) {
        feed(probe, state, at, down ? ProbeOutcome.down("connection refused (synthetic)") : ProbeOutcome.up(Map.of()));
    }

    private void feed(ProbeDefinition probe, ComponentState state, Instant at, ProbeOutcome result) {
        long nanos = Duration.between(NOW.minus(Duration.ofDays(30)), at).toNanos();
        ProbeOutcome outcome = result.timed(result.status().passing() ? 1 : 3);
        checked.fire(new ProbeChecked(probe, at, nanos, outcome, state.record(outcome, at, nanos, Optional.empty())));
    }

    private void window(Instant from, Instant to) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("startsAt", from.toString(), "endsAt", to.toString(), "reason", "timeline upgrade"))
                .post("/api/v1/system/maintenance-windows").then().statusCode(201);
    }

    private void awaitStored(String probe, long results, long closedIncidents) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM health.results WHERE probe = '"
                + probe + "'") == results && count("SELECT count(*) FROM health.incidents WHERE probe = '" + probe
                        + "' AND ended_at IS NOT NULL") == closedIncidents);
    }

    private long count(String sql) {
        Long value = pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        return value == null ? 0 : value;
    }

    private static Instant t(int check) {
        return NOW.minus(Duration.ofHours(1)).plusSeconds(10L * check);
    }

    private static ProbeDefinition probe(String name) {
        return ProbesFile.parse("probes:\n  - {name: " + name + ", type: tcp, host: 127.0.0.1, port: 1}",
                variable -> Optional.empty()).get(0);
    }
}
