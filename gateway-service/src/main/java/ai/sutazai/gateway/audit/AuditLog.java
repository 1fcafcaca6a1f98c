package ai.sutazai.gateway.audit;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The audit log of identity events: registrations, sign-ins that failed, group changes,
 * disables, password changes and token creation and revocation. Written in the same flow as the
 * change, so an answered request always has its record.
 */
@ApplicationScoped
public class AuditLog {

    /** Event names, stable for filtering. */
    public static final String REGISTERED = "user_registered";
    public static final String USER_CREATED = "user_created";
    public static final String ADMIN_BOOTSTRAPPED = "admin_bootstrapped";
    public static final String LOGIN_FAILED = "login_failed";
    public static final String GROUPS_CHANGED = "groups_changed";
    public static final String USER_DISABLED = "user_disabled";
    public static final String USER_ENABLED = "user_enabled";
    public static final String PASSWORD_CHANGED = "password_changed";
    public static final String PASSWORD_RESET = "password_reset";
    public static final String REFRESH_TOKEN_REUSED = "refresh_token_reused";
    public static final String LOGGED_OUT = "logged_out";
    public static final String PERSONAL_TOKEN_CREATED = "personal_token_created";
    public static final String PERSONAL_TOKEN_REVOKED = "personal_token_revoked";

    private final Pool pool;

    public AuditLog(Pool pool) {
        this.pool = pool;
    }

    /** Records an event outside any transaction. */
    public Uni<Void> record(String event, AuditContext context, UUID subjectId, Map<String, Object> details) {
        return record(pool, event, context, subjectId, details);
    }

    /** Records an event with {@code client}, e.g. inside the transaction that made the change. */
    public Uni<Void> record(SqlClient client, String event, AuditContext context, UUID subjectId,
            Map<String, Object> details) {
        return client.preparedQuery("INSERT INTO identity.audit_events "
                + "(event, actor_id, subject_id, client_address, request_id, details) VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.from(Arrays.asList(event, context.actorId(), subjectId, context.clientAddress(),
                        context.requestId(), new JsonObject(details))))
                .replaceWithVoid();
    }

    /** Up to {@code limit} events, newest first, older than {@code beforeId} when given, optionally of one kind or subject. */
    public Uni<List<AuditEvent>> list(String event, UUID subjectId, Long beforeId, int limit) {
        return pool.preparedQuery("SELECT id, occurred_at, event, actor_id, subject_id, client_address, request_id, "
                + "details FROM identity.audit_events WHERE ($1::text IS NULL OR event = $1) "
                + "AND ($2::uuid IS NULL OR subject_id = $2) AND ($3::bigint IS NULL OR id < $3) "
                + "ORDER BY id DESC LIMIT $4")
                .execute(Tuple.from(Arrays.asList(event, subjectId, beforeId, limit)))
                .map(rows -> {
                    List<AuditEvent> events = new ArrayList<>();
                    rows.forEach(row -> events.add(from(row)));
                    return events;
                });
    }

    private static AuditEvent from(Row row) {
        UUID actor = row.getUUID("actor_id");
        UUID subject = row.getUUID("subject_id");
        return new AuditEvent(String.valueOf(row.getLong("id")),
                row.getOffsetDateTime("occurred_at").withOffsetSameInstant(ZoneOffset.UTC).toInstant(),
                row.getString("event"), actor == null ? null : actor.toString(),
                subject == null ? null : subject.toString(), row.getString("client_address"),
                row.getString("request_id"), row.getJsonObject("details").getMap());
    }
}
