package ai.sutazai.health.alert;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Alertmanager notifications as it sends them (version 4, one alert of a probed component, taken
 * from a real delivery), and the webhook call that posts one.
 */
public final class Notifications {

    /** The token the tests' service expects (application.properties, %test). */
    static final String TOKEN = "alertmanager-test-token-5d1c9e2f7a";
    static final String FIRING_ENDS_AT = "0001-01-01T00:00:00Z";
    /** Fingerprints of this module's tests start so, and each test class deletes its own. */
    public static final String FINGERPRINT_PREFIX = "test";

    private Notifications() {
    }

    /** Deletes the alerts and notifications the tests posted. */
    public static void forgetPosted(Pool pool) {
        pool.query("DELETE FROM health.alerts WHERE fingerprint LIKE '" + FINGERPRINT_PREFIX + "%'")
                .execute().await().atMost(Duration.ofSeconds(5));
        pool.query("DELETE FROM health.alert_notifications WHERE payload->'alerts'->0->>'fingerprint' LIKE '"
                + FINGERPRINT_PREFIX + "%'").execute().await().atMost(Duration.ofSeconds(5));
    }

    /** A fresh fingerprint, unique to one test. */
    public static String fingerprint() {
        return FINGERPRINT_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The recorded notification, firing, about {@code component}. */
    public static String firing(String fingerprint, String component) {
        return notification(fingerprint, component, "firing", FIRING_ENDS_AT, 0);
    }

    /** The same alert, resolved at {@code endsAt}. */
    public static String resolved(String fingerprint, String component, String endsAt) {
        return notification(fingerprint, component, "resolved", endsAt, 0);
    }

    static String notification(String fingerprint, String component, String status, String endsAt, int truncated) {
        try (InputStream in = Notifications.class.getResourceAsStream("/alerts/notification-v4.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${fingerprint}", fingerprint)
                    .replace("${component}", component).replace("${status}", status).replace("${endsAt}", endsAt)
                    .replace("${truncated}", String.valueOf(truncated));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts a notification as Alertmanager does, with the right token. */
    public static Response post(String body) {
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body).post("/api/v1/alerts/webhook");
    }
}
