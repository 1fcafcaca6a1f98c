package ai.sutazai.health.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One notification: its event id (the same event always has the same one, so it is sent once) and
 * the JSON posted, {@code {"id", "kind", ...details, "at"}}.
 */
record Notification(String id, String kind, Map<String, Object> body) {

    static final String INCIDENT_OPENED = "incident.opened";
    static final String INCIDENT_CLOSED = "incident.closed";
    static final String ALERT_FIRING = "alert.firing";

    static Notification of(String id, String kind, Map<String, Object> details, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("kind", kind);
        details.forEach((key, value) -> {
            if (value != null) {
                body.put(key, value);
            }
        });
        body.put("at", at.toString());
        return new Notification(id, kind, body);
    }
}
