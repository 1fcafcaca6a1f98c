package ai.sutazai.health.notify;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import ai.sutazai.health.alert.Alert;
import ai.sutazai.health.alert.AlertFired;
import ai.sutazai.health.incident.Incident;
import ai.sutazai.health.incident.IncidentClosed;
import ai.sutazai.health.incident.IncidentOpened;

/**
 * Turns incidents of critical components and new firing alerts into notifications for the webhook.
 * Incidents of other components are left out: they do not take the suite down.
 */
@ApplicationScoped
class NotificationEvents {

    private final WebhookSender sender;

    NotificationEvents(WebhookSender sender) {
        this.sender = sender;
    }

    void opened(@Observes IncidentOpened opened) {
        if (opened.critical()) {
            Incident incident = opened.incident();
            sender.offer(Notification.of(Notification.INCIDENT_OPENED + ":" + incident.id(),
                    Notification.INCIDENT_OPENED, incident(incident), incident.startedAt()));
        }
    }

    void closed(@Observes IncidentClosed closed) {
        if (closed.critical()) {
            Incident incident = closed.incident();
            Map<String, Object> details = incident(incident);
            details.put("endedAt", incident.endedAt().toString());
            details.put("duration", incident.duration());
            details.put("durationMs", incident.durationMs());
            details.put("resolution", incident.resolution());
            sender.offer(Notification.of(Notification.INCIDENT_CLOSED + ":" + incident.id(),
                    Notification.INCIDENT_CLOSED, details, incident.endedAt()));
        }
    }

    // The alert's id names one (fingerprint, startsAt) instance, so a replayed notification has the same one.
    void fired(@Observes AlertFired fired) {
        Alert alert = fired.alert();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("alertId", alert.id());
        details.put("alertname", alert.labels().get("alertname"));
        details.put("severity", alert.labels().get("severity"));
        details.put("summary", alert.annotations().get("summary"));
        details.put("fingerprint", alert.fingerprint());
        details.put("startsAt", alert.startsAt().toString());
        details.put("labels", alert.labels());
        details.put("annotations", alert.annotations());
        details.put("generatorURL", alert.generatorURL());
        sender.offer(Notification.of(Notification.ALERT_FIRING + ":" + alert.id(), Notification.ALERT_FIRING, details,
                alert.startsAt()));
    }

    private static Map<String, Object> incident(Incident incident) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("incidentId", incident.id());
        details.put("component", incident.probe());
        details.put("startedAt", incident.startedAt().toString());
        details.put("cause", incident.cause());
        return details;
    }
}
