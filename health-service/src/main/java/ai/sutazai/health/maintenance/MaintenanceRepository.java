package ai.sutazai.health.maintenance;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL for {@code health.maintenance_windows}. */
@ApplicationScoped
public class MaintenanceRepository {

    private static final String COLUMNS = "id, probes, starts_at, ends_at, reason, created_by, created_at";

    private final Pool pool;

    public MaintenanceRepository(Pool pool) {
        this.pool = pool;
    }

    /** Every window. */
    public Uni<List<MaintenanceWindow>> all() {
        return pool.query("SELECT " + COLUMNS + " FROM health.maintenance_windows ")
                .execute().map(rows -> {
                    List<MaintenanceWindow> windows = new ArrayList<>();
                    rows.forEach(row -> windows.add(from(row)));
                    return windows;
                });
    }

    /** Stores a new window. */
    public Uni<MaintenanceWindow> insert(List<String> probes, Instant startsAt, Instant endsAt, String reason,
            String createdBy) {
        return pool.preparedQuery("INSERT INTO health.maintenance_windows (id, probes, starts_at, ends_at, reason, "
                + "created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS)
                .execute(Tuple.from(List.of(UUID.randomUUID(), probes.toArray(String[]::new),
                        startsAt.atOffset(ZoneOffset.UTC), endsAt.atOffset(ZoneOffset.UTC), reason, createdBy)))
                .map(rows -> from(rows.iterator().next()));
    }

    /** Replaces a window's probes, times and reason; empty when there is no such window. */
    public Uni<List<MaintenanceWindow>> update(UUID id, List<String> probes, Instant startsAt, Instant endsAt,
            String reason) {
        return pool.preparedQuery("UPDATE health.maintenance_windows SET probes = $2, starts_at = $3, ends_at = $4, "
                + "reason = $5 WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.from(List.of(id, probes.toArray(String[]::new), startsAt.atOffset(ZoneOffset.UTC),
                        endsAt.atOffset(ZoneOffset.UTC), reason)))
                .map(rows -> {
                    List<MaintenanceWindow> updated = new ArrayList<>();
                    rows.forEach(row -> updated.add(from(row)));
                    return updated;
                });
    }

    /** Deletes a window; answers whether there was one. */
    public Uni<Boolean> delete(UUID id) {
        return pool.preparedQuery("DELETE FROM health.maintenance_windows WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Deletes windows that ended before {@code before}. */
    public Uni<Integer> expire(Instant before) {
        return pool.preparedQuery("DELETE FROM health.maintenance_windows WHERE ends_at < $1")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }

    private static MaintenanceWindow from(Row row) {
        return new MaintenanceWindow(row.getUUID("id").toString(), List.of(row.getArrayOfStrings("probes")),
                row.getOffsetDateTime("starts_at").toInstant(), row.getOffsetDateTime("ends_at").toInstant(),
                row.getString("reason"), row.getString("created_by"), row.getOffsetDateTime("created_at").toInstant());
    }
}
