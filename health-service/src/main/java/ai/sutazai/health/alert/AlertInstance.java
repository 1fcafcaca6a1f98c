package ai.sutazai.health.alert;

import java.time.Instant;
import java.util.Map;

/** A received alert, checked and ready to store: {@code endsAt} is null unless it is resolved. */
record AlertInstance(String fingerprint, Instant startsAt, String status, Instant endsAt, Map<String, String> labels,
        Map<String, String> annotations, String generatorURL) {

    static final String FIRING = "firing";
    static final String RESOLVED = "resolved";
}
