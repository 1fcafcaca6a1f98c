package ai.sutazai.gateway.audit;

import java.time.Instant;
import java.util.Map;

/** One recorded identity event, as admins read it. */
public record AuditEvent(String id, Instant occurredAt, String event, String actorId, String subjectId,
        String clientAddress, String requestId, Map<String, Object> details) {
}
