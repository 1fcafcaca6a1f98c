package ai.sutazai.health.uptime;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Counts checks for uptime over the results and both aggregate tables, leaving out those made
 * during a maintenance window of the probe. A single result is judged by its own time; an
 * aggregate by the start of its bucket.
 */
@ApplicationScoped
public class UptimeRepository {

    private static final String IN_MAINTENANCE = "EXISTS (SELECT 1 FROM windows w WHERE (cardinality(w.probes) = 0 "
            + "OR %1$s.probe = ANY(w.probes)) AND %1$s.%2$s >= w.starts_at AND %1$s.%2$s < w.ends_at)";

    private final Pool pool;

    public UptimeRepository(Pool pool) {
        this.pool = pool;
    }

    /** Checks of one probe in a window: all of them, those that passed, and those left out for maintenance. */
    public record Counts(long checks, long successes, long inMaintenance) {

        static final Counts NONE = new Counts(0, 0, 0);
    }

    /** The counts of each of {@code probes} in {@code [from, to)}. */
    public Uni<Map<String, Counts>> counts(List<String> probes, Instant from, Instant to) {
        String raw = IN_MAINTENANCE.formatted("r", "at");
        String minute = IN_MAINTENANCE.formatted("m", "bucket");
        String hour = IN_MAINTENANCE.formatted("h", "bucket");
        String sql = "WITH windows AS (SELECT probes, starts_at, ends_at FROM health.maintenance_windows "
                + "WHERE ends_at > $2 AND starts_at < $3) "
                + "SELECT probe, sum(checks)::bigint AS checks, sum(successes)::bigint AS successes, "
                + "sum(excluded)::bigint AS excluded FROM ("
                + " SELECT r.probe, count(*) FILTER (WHERE NOT " + raw + ") AS checks,"
                + " count(*) FILTER (WHERE r.status <> 'down' AND NOT " + raw + ") AS successes,"
                + " count(*) FILTER (WHERE " + raw + ") AS excluded"
                + " FROM health.results r WHERE r.probe = ANY($1) AND r.at >= $2 AND r.at < $3 GROUP BY r.probe"
                + " UNION ALL SELECT m.probe, sum(m.checks) FILTER (WHERE NOT " + minute + "),"
                + " sum(m.successes) FILTER (WHERE NOT " + minute + "), sum(m.checks) FILTER (WHERE " + minute + ")"
                + " FROM health.results_minute m WHERE m.probe = ANY($1) AND m.bucket >= $2 AND m.bucket < $3"
                + " GROUP BY m.probe"
                + " UNION ALL SELECT h.probe, sum(h.checks) FILTER (WHERE NOT " + hour + "),"
                + " sum(h.successes) FILTER (WHERE NOT " + hour + "), sum(h.checks) FILTER (WHERE " + hour + ")"
                + " FROM health.results_hour h WHERE h.probe = ANY($1) AND h.bucket >= $2 AND h.bucket < $3"
                + " GROUP BY h.probe"
                + ") AS parts GROUP BY probe";
        return pool.preparedQuery(sql)
                .execute(Tuple.of(probes.toArray(String[]::new), from.atOffset(ZoneOffset.UTC),
                        to.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Map<String, Counts> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(row.getString("probe"), new Counts(value(row.getLong("checks")),
                            value(row.getLong("successes")), value(row.getLong("excluded")))));
                    return counts;
                });
    }

    private static long value(Long sum) {
        return sum == null ? 0 : sum;
    }
}
