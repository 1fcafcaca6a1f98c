package ai.sutazai.health.alert;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL for {@code health.alerts} and {@code health.alert_notifications}. */
@ApplicationScoped
public class AlertRepository {

    private static final String COLUMNS = "id, status, fingerprint, labels, annotations, starts_at, ends_at, "
            + "generator_url, receiver, group_key, first_received_at, last_received_at, acknowledged_by, "
            + "acknowledged_at";

    // One row per (fingerprint, starts_at). A resolved alert stays resolved: a firing copy delivered
    // late (a retry, an HA peer) must not reopen it.
    private static final String UPSERT = "INSERT INTO health.alerts AS a (id, fingerprint, starts_at, status, ends_at, "
            + "labels, annotations, generator_url, receiver, group_key, first_received_at, last_received_at) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) "
            + "ON CONFLICT (fingerprint, starts_at) DO UPDATE SET "
            + "status = CASE WHEN a.status = 'resolved' THEN 'resolved' ELSE EXCLUDED.status END, "
            + "ends_at = CASE WHEN a.status = 'resolved' THEN a.ends_at ELSE EXCLUDED.ends_at END, "
            + "labels = EXCLUDED.labels, annotations = EXCLUDED.annotations, generator_url = EXCLUDED.generator_url, "
            + "receiver = EXCLUDED.receiver, group_key = EXCLUDED.group_key, last_received_at = EXCLUDED.last_received_at "
            + "RETURNING " + COLUMNS + ", (xmax = 0) AS created";

    private final Pool pool;

    public AlertRepository(Pool pool) {
        this.pool = pool;
    }

    /** An alert as stored by {@link #store}, and whether this notification was the first to bring it. */
    public record Stored(Alert alert, boolean created) {
    }

    /** Keeps the notification and applies each of its alerts, in one transaction; replaying it changes nothing. */
    public Uni<List<Stored>> store(NotificationReader.Read read, Instant receivedAt) {
        AlertNotification notification = read.notification();
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO health.alert_notifications (id, received_at, "
                + "receiver, group_key, status, alert_count, truncated_alerts, payload) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb)")
                .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), utc(receivedAt), notification.receiver(),
                        notification.groupKey(), notification.status(), read.alerts().size(), read.truncatedAlerts(),
                        read.payload())))
                .flatMap(ignored -> upsertAll(tx, read, receivedAt)));
    }

    private static Uni<List<Stored>> upsertAll(SqlClient tx, NotificationReader.Read read, Instant receivedAt) {
        List<Stored> stored = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AlertInstance alert : read.alerts()) {
            chain = chain.flatMap(ignored -> tx.preparedQuery(UPSERT)
                    .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), alert.fingerprint(), utc(alert.startsAt()),
                            alert.status(), alert.endsAt() == null ? null : utc(alert.endsAt()),
                            new JsonObject(new LinkedHashMap<>(alert.labels())),
                            new JsonObject(new LinkedHashMap<>(alert.annotations())), alert.generatorURL(),
                            read.notification().receiver(), read.notification().groupKey(), utc(receivedAt))))
                    .invoke(rows -> {
                        Row row = rows.iterator().next();
                        stored.add(new Stored(alert(row), row.getBoolean("created")));
                    })
                    .replaceWithVoid());
        }
        return chain.map(ignored -> stored);
    }

    /** Up to {@code limit} alerts of a status (any if null) started before the cursor, latest first. */
    public Uni<List<Alert>> list(String status, Instant beforeStart, UUID beforeId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM health.alerts WHERE ($1::text IS NULL OR status = $1) "
                + "AND ($2::timestamptz IS NULL OR (starts_at, id) < ($2, $3)) ORDER BY starts_at DESC, id DESC LIMIT $4")
                .execute(Tuple.from(Arrays.asList(status, beforeStart == null ? null : utc(beforeStart), beforeId,
                        limit)))
                .map(AlertRepository::all);
    }

    /** Every alert still firing. */
    public Uni<List<Alert>> firing() {
        return pool.query("SELECT " + COLUMNS + " FROM health.alerts WHERE status = 'firing'").execute()
                .map(AlertRepository::all);
    }

    /** One alert. */
    public Uni<Optional<Alert>> get(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM health.alerts WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> all(rows).stream().findFirst());
    }

    /** Records the first acknowledgement of an alert; later ones leave it as it was. */
    public Uni<Optional<Alert>> acknowledge(UUID id, String by, Instant at) {
        return pool.preparedQuery("UPDATE health.alerts SET acknowledged_by = COALESCE(acknowledged_by, $2), "
                + "acknowledged_at = COALESCE(acknowledged_at, $3) WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, by, utc(at)))
                .map(rows -> all(rows).stream().findFirst());
    }

    private static List<Alert> all(RowSet<Row> rows) {
        List<Alert> alerts = new ArrayList<>();
        rows.forEach(row -> alerts.add(alert(row)));
        return alerts;
    }

    private static Alert alert(Row row) {
        return new Alert(row.getUUID("id").toString(), row.getString("status"), row.getString("fingerprint"),
                strings(row.getJsonObject("labels")), strings(row.getJsonObject("annotations")),
                instant(row.getOffsetDateTime("starts_at")), instant(row.getOffsetDateTime("ends_at")),
                row.getString("generator_url"), row.getString("receiver"), row.getString("group_key"),
                instant(row.getOffsetDateTime("first_received_at")), instant(row.getOffsetDateTime("last_received_at")),
                row.getString("acknowledged_by"), instant(row.getOffsetDateTime("acknowledged_at")));
    }

    private static Map<String, String> strings(JsonObject object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.forEach(entry -> map.put(entry.getKey(), entry.getValue() == null ? null : entry.getValue().toString()));
        return map;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
