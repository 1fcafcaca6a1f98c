package ai.sutazai.health.history;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.health.probe.HealthStatus;
import ai.sutazai.health.storage.PgText;

/** SQL for {@code health.results} and its per-minute and per-hour aggregates. */
@ApplicationScoped
public class ResultRepository {

    private static final String ORIGIN = "TIMESTAMPTZ '2000-01-01 00:00:00+00'";
    private static final String SUCCESS = "status <> 'down'";

    private final Pool pool;

    public ResultRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores results; one already stored (a batch retried after a lost acknowledgement) is skipped. */
    public Uni<Void> insert(List<StoredResult> results) {
        List<Tuple> rows = new ArrayList<>(results.size());
        results.forEach(result -> rows.add(Tuple.of(result.probe(), result.at().atOffset(ZoneOffset.UTC),
                result.status().label(), (int) Math.min(Integer.MAX_VALUE, result.latencyMs()), PgText.storable(result.error()))));
        return pool.preparedQuery("INSERT INTO health.results (probe, at, status, latency_ms, error) "
                + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (probe, at) DO NOTHING").executeBatch(rows).replaceWithVoid();
    }

    /** Up to {@code limit} single results with {@code from <= at < before}, newest first. */
    public Uni<List<HistoryPoint>> checks(String probe, Instant from, Instant before, int limit) {
        return pool.preparedQuery("SELECT at, status, latency_ms, error FROM health.results "
                + "WHERE probe = $1 AND at >= $2 AND at < $3 ORDER BY at DESC LIMIT $4")
                .execute(Tuple.of(probe, from.atOffset(ZoneOffset.UTC), before.atOffset(ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<HistoryPoint> points = new ArrayList<>();
                    for (Row row : rows) {
                        points.add(HistoryPoint.check(row.getOffsetDateTime("at").toInstant(),
                                HealthStatus.fromLabel(row.getString("status")), row.getInteger("latency_ms"),
                                row.getString("error")));
                    }
                    return points;
                });
    }

    /**
     * Up to {@code limit} buckets of {@code resolution} with {@code from <= bucket < before}, newest
     * first, summing raw results and stored aggregates alike (each check lives in exactly one table).
     */
    public Uni<List<HistoryPoint>> buckets(String probe, Resolution resolution, Instant from, Instant before,
            int limit) {
        String bin = "date_bin('" + resolution.stride() + "', %s, " + ORIGIN + ")";
        String sql = "SELECT bucket, sum(checks)::int AS checks, sum(successes)::int AS successes, "
                + "sum(latency_sum)::bigint AS latency_sum, max(latency_max) AS latency_max FROM ("
                + " SELECT " + bin.formatted("at") + " AS bucket, count(*) AS checks, count(*) FILTER (WHERE "
                + SUCCESS + ") AS successes, sum(latency_ms) AS latency_sum, max(latency_ms) AS latency_max"
                + " FROM health.results WHERE probe = $1 AND at >= $2 AND at < $3 GROUP BY 1"
                + " UNION ALL SELECT " + bin.formatted("bucket") + ", checks, successes, latency_sum_ms, latency_max_ms"
                + " FROM health.results_minute WHERE probe = $1 AND bucket >= $2 AND bucket < $3"
                + " UNION ALL SELECT " + bin.formatted("bucket") + ", checks, successes, latency_sum_ms, latency_max_ms"
                + " FROM health.results_hour WHERE probe = $1 AND bucket >= $2 AND bucket < $3"
                + ") AS parts GROUP BY bucket ORDER BY bucket DESC LIMIT $4";
        return pool.preparedQuery(sql)
                .execute(Tuple.of(probe, from.atOffset(ZoneOffset.UTC), before.atOffset(ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<HistoryPoint> points = new ArrayList<>();
                    for (Row row : rows) {
                        points.add(HistoryPoint.bucket(row.getOffsetDateTime("bucket").toInstant(),
                                row.getInteger("checks"), row.getInteger("successes"), row.getLong("latency_sum"),
                                row.getLong("latency_max")));
                    }
                    return points;
                });
    }

    /** Folds results older than {@code before} into per-minute aggregates and deletes them; answers how many. */
    public Uni<Integer> foldResults(Instant before) {
        return fold("health.results", "at", "1", "CASE WHEN " + SUCCESS + " THEN 1 ELSE 0 END", "latency_ms",
                "latency_ms", "health.results_minute", "1 minute", before);
    }

    /** Folds per-minute aggregates older than {@code before} into per-hour ones and deletes them. */
    public Uni<Integer> foldMinutes(Instant before) {
        return fold("health.results_minute", "bucket", "checks", "successes", "latency_sum_ms", "latency_max_ms",
                "health.results_hour", "1 hour", before);
    }

    /** Deletes per-hour aggregates older than {@code before}. */
    public Uni<Integer> expireHours(Instant before) {
        return pool.preparedQuery("DELETE FROM health.results_hour WHERE bucket < $1")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }

    // One statement: the moved rows leave the source and land, summed, in the target's buckets, so a
    // check is counted in exactly one table at every moment.
    private Uni<Integer> fold(String source, String time, String checks, String successes, String latencySum,
            String latencyMax, String target, String stride, Instant before) {
        String sql = "WITH moved AS (DELETE FROM " + source + " WHERE " + time + " < $1 RETURNING probe, " + time
                + " AS t, " + checks + " AS checks, " + successes + " AS successes, " + latencySum
                + " AS latency_sum, " + latencyMax + " AS latency_max), folded AS (INSERT INTO " + target
                + " (probe, bucket, checks, successes, latency_sum_ms, latency_max_ms) SELECT probe, date_bin('"
                + stride + "', t, " + ORIGIN + "), sum(checks), sum(successes), sum(latency_sum), max(latency_max)"
                + " FROM moved GROUP BY 1, 2 ON CONFLICT (probe, bucket) DO UPDATE SET"
                + " checks = " + target + ".checks + EXCLUDED.checks,"
                + " successes = " + target + ".successes + EXCLUDED.successes,"
                + " latency_sum_ms = " + target + ".latency_sum_ms + EXCLUDED.latency_sum_ms,"
                + " latency_max_ms = GREATEST(" + target + ".latency_max_ms, EXCLUDED.latency_max_ms) RETURNING 1)"
                + " SELECT count(*)::int AS moved FROM moved";
        return pool.preparedQuery(sql).execute(Tuple.of(before.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getInteger("moved"));
    }
}
