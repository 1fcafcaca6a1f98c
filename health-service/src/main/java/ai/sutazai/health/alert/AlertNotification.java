package ai.sutazai.health.alert;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Alertmanager's webhook payload, version 4. Unknown fields are ignored: Grafana's webhook adds
 * {@code orgId}, {@code values} and more.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertNotification(String version, String groupKey, Integer truncatedAlerts, String status,
        String receiver, Map<String, String> groupLabels, Map<String, String> commonLabels,
        Map<String, String> commonAnnotations, String externalURL, List<ReceivedAlert> alerts) {

    /** One alert as Alertmanager sends it; {@code endsAt} is {@code 0001-01-01T00:00:00Z} while firing. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReceivedAlert(String status, Map<String, String> labels, Map<String, String> annotations,
            String startsAt, String endsAt, String generatorURL, String fingerprint) {
    }
}
