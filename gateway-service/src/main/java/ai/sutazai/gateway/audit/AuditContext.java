package ai.sutazai.gateway.audit;

import java.util.UUID;

import io.vertx.core.http.HttpServerRequest;

import ai.sutazai.commons.requestid.RequestIds;

/** Who caused an audited event and from where: the acting user (if known), client address and request id. */
public record AuditContext(UUID actorId, String clientAddress, String requestId) {

    /** The context of an HTTP request from {@code clientAddress} by {@code actorId} (null when not signed in). */
    public static AuditContext of(HttpServerRequest request, String clientAddress, UUID actorId) {
        return new AuditContext(actorId, clientAddress, RequestIds.of(request));
    }

    /** The context of work the service does by itself, outside any request. */
    public static AuditContext system() {
        return new AuditContext(null, null, null);
    }
}
