package ai.sutazai.health.alert;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.health.storage.PgText;

/**
 * Turns a webhook body into alerts to store. Only what storing needs is required (each alert's
 * fingerprint, status and start); anything else may be missing or unknown, so that no payload
 * Alertmanager or Grafana sends is refused with a 4xx, which Alertmanager would not retry.
 */
@ApplicationScoped
class NotificationReader {

    // Go's zero time: what Alertmanager sends as endsAt of an alert still firing.
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final ObjectMapper json;

    NotificationReader(ObjectMapper json) {
        this.json = json;
    }

    /** A notification read and checked. */
    record Read(AlertNotification notification, List<AlertInstance> alerts, int truncatedAlerts, String payload) {
    }

    Read read(String text, Instant receivedAt) {
        JsonNode raw;
        AlertNotification notification;
        try {
            raw = json.readTree(text);
            if (raw == null || !raw.isObject()) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "The body is not an Alertmanager notification: "
                        + "expected a JSON object with an alerts array.");
            }
            // A label or annotation holding NUL is legal JSON that PostgreSQL's text and jsonb refuse.
            raw = PgText.storable(raw);
            notification = json.treeToValue(raw, AlertNotification.class);
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "The body is not valid JSON, or not shaped like "
                    + "Alertmanager's notification: " + e.getOriginalMessage());
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (notification.alerts() == null) {
            errors.add(new Problem.FieldError("alerts", "is required"));
        }
        int truncated = notification.truncatedAlerts() == null ? 0 : notification.truncatedAlerts();
        if (truncated < 0) {
            errors.add(new Problem.FieldError("truncatedAlerts", "must be 0 or more"));
        }
        List<AlertInstance> alerts = new ArrayList<>();
        List<AlertNotification.ReceivedAlert> received = notification.alerts() == null ? List.of() : notification.alerts();
        for (int i = 0; i < received.size(); i++) {
            AlertInstance alert = instance("alerts[" + i + "].", received.get(i), receivedAt, errors);
            if (alert != null) {
                alerts.add(alert);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Read(notification, alerts, truncated, raw.toString());
    }

    private static AlertInstance instance(String at, AlertNotification.ReceivedAlert alert, Instant receivedAt,
            List<Problem.FieldError> errors) {
        if (alert == null) {
            errors.add(new Problem.FieldError(at.substring(0, at.length() - 1), "must be an object"));
            return null;
        }
        int before = errors.size();
        if (alert.fingerprint() == null || alert.fingerprint().isBlank()) {
            errors.add(new Problem.FieldError(at + "fingerprint", "is required"));
        }
        if (!AlertInstance.FIRING.equals(alert.status()) && !AlertInstance.RESOLVED.equals(alert.status())) {
            errors.add(new Problem.FieldError(at + "status", "must be firing or resolved"));
        }
        Instant startsAt = time(alert.startsAt());
        if (startsAt == null) {
            errors.add(new Problem.FieldError(at + "startsAt", "must be an RFC 3339 time"));
        }
        if (errors.size() > before) {
            return null;
        }
        Instant endsAt = null;
        if (alert.status().equals(AlertInstance.RESOLVED)) {
            // A resolved alert without a usable end ended, as far as we know, when we heard of it.
            Instant sent = time(alert.endsAt());
            endsAt = sent == null || sent.equals(GO_ZERO_TIME) ? receivedAt : sent;
        }
        return new AlertInstance(alert.fingerprint(), startsAt, alert.status(), endsAt, orEmpty(alert.labels()),
                orEmpty(alert.annotations()), alert.generatorURL());
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
