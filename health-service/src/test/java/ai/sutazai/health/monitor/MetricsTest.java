package ai.sutazai.health.monitor;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesRegex;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The probes on {@code /q/metrics}, under blackbox_exporter's names. */
@QuarkusTest
class MetricsTest {

    @Test
    void probesAreExposedAsBlackboxExporterNamesThem() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("probe_success{probe=\"web\",type=\"http\"} 1.0"))
                .body(containsString("probe_success{probe=\"closed\",type=\"tcp\"} 0.0"))
                .body(matchesRegex("(?s).*probe_duration_seconds\\{probe=\"web\",type=\"http\"} [0-9.E-]+\n.*"))
                .body(matchesRegex("(?s).*probe_checks_total\\{probe=\"fast\",type=\"tcp\"} [1-9][0-9]*\\.0\n.*"))
                .body(containsString("probe_state_changes_total{probe=\"web\",type=\"http\"}"))
                .body(containsString("probe_state{probe=\"closed\",type=\"tcp\"} 0.0"))
                .body(matchesRegex("(?s).*probe_scheduling_lag_seconds\\{quantile=\"0.99\",?} [0-9.E-]+\n.*"))
                .body(matchesRegex("(?s).*probe_uptime_ratio\\{probe=\"web\",type=\"http\",window=\"24h\"} [0-9.E-]+\n.*"))
                .body(containsString("health_history_buffered")));
    }
}
