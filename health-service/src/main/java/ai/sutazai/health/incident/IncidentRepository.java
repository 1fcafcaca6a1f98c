package ai.sutazai.health.incident;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.health.storage.PgText;

/** SQL for {@code health.incidents}. */
@ApplicationScoped
public class IncidentRepository {

    private static final String COLUMNS = "id, probe, started_at, ended_at, duration_ms, cause, resolution";

    private final Pool pool;

    public IncidentRepository(Pool pool) {
        this.pool = pool;
    }

    /** Applies opens and closes in order, in one transaction; each is idempotent, so a retried batch is harmless. */
    public Uni<Void> apply(List<IncidentWrite> writes) {
        return pool.withTransaction(tx -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (IncidentWrite write : writes) {
                chain = chain.flatMap(ignored -> write instanceof IncidentWrite.Open open
                        ? tx.preparedQuery("INSERT INTO health.incidents (id, probe, started_at, cause) "
                                + "VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING")
                                .execute(Tuple.of(UUID.fromString(open.id()), open.probe(), utc(open.startedAt()),
                                        PgText.storable(open.cause())))
                                .replaceWithVoid()
                        : close(tx, (IncidentWrite.Close) write));
            }
            return chain;
        });
    }

    private static Uni<Void> close(SqlClient tx, IncidentWrite.Close close) {
        return tx.preparedQuery("UPDATE health.incidents SET ended_at = $2, duration_ms = $3, resolution = $4 "
                + "WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(close.id()), utc(close.endedAt()), close.durationMs(),
                        PgText.storable(close.resolution())))
                .replaceWithVoid();
    }

    /** Incidents still open in the database (left by an earlier run, for one). */
    public Uni<List<Incident>> open() {
        return pool.query("SELECT " + COLUMNS + " FROM health.incidents WHERE ended_at IS NULL").execute()
                .map(rows -> all(rows));
    }

    /** Up to {@code limit} closed incidents started before the cursor, latest first; of one probe if named. */
    public Uni<List<Incident>> closed(String probe, Instant beforeStart, UUID beforeId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM health.incidents WHERE ended_at IS NOT NULL "
                + "AND ($1::text IS NULL OR probe = $1) AND ($2::timestamptz IS NULL OR (started_at, id) < ($2, $3)) "
                + "ORDER BY started_at DESC, id DESC LIMIT $4")
                .execute(Tuple.from(Arrays.asList(probe, beforeStart == null ? null : utc(beforeStart), beforeId,
                        limit)))
                .map(IncidentRepository::all);
    }

    /** Per probe: incidents that ended in {@code [from, to)} and their summed duration. */
    public Uni<Map<String, Recovery>> recoveries(Instant from, Instant to) {
        return pool.preparedQuery("SELECT probe, count(*)::int AS incidents, sum(duration_ms)::bigint AS total_ms "
                + "FROM health.incidents WHERE ended_at >= $1 AND ended_at < $2 GROUP BY probe")
                .execute(Tuple.of(utc(from), utc(to)))
                .map(rows -> {
                    Map<String, Recovery> recoveries = new HashMap<>();
                    rows.forEach(row -> recoveries.put(row.getString("probe"),
                            new Recovery(row.getInteger("incidents"), row.getLong("total_ms"))));
                    return recoveries;
                });
    }

    /** How many incidents of a probe ended in a window, and how long they lasted in all. */
    public record Recovery(int incidents, long totalMs) {
    }

    /** Deletes closed incidents that ended before {@code before}. */
    public Uni<Integer> expire(Instant before) {
        return pool.preparedQuery("DELETE FROM health.incidents WHERE ended_at < $1").execute(Tuple.of(utc(before)))
                .map(rows -> rows.rowCount());
    }

    private static List<Incident> all(Iterable<Row> rows) {
        List<Incident> incidents = new ArrayList<>();
        for (Row row : rows) {
            OffsetDateTime ended = row.getOffsetDateTime("ended_at");
            String id = row.getUUID("id").toString();
            Instant started = row.getOffsetDateTime("started_at").toInstant();
            incidents.add(ended == null ? Incident.open(id, row.getString("probe"), started, row.getString("cause"))
                    : Incident.closed(id, row.getString("probe"), started, ended.toInstant(),
                            row.getLong("duration_ms"), row.getString("cause"), row.getString("resolution")));
        }
        return incidents;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
