package ai.sutazai.health.alert;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A stored alert instance: one per (fingerprint, startsAt), however often Alertmanager sent it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(String id, String status, String fingerprint, Map<String, String> labels,
        Map<String, String> annotations, Instant startsAt, Instant endsAt, String generatorURL, String receiver,
        String groupKey, Instant firstReceivedAt, Instant lastReceivedAt, String acknowledgedBy,
        Instant acknowledgedAt) {

    /** Whether the alert is still firing. */
    public boolean firing() {
        return status.equals(AlertInstance.FIRING);
    }
}
