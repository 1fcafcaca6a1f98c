package ai.sutazai.health.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.paging.Cursors;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.paging.PageQuery;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.health.monitor.ProbeMonitor;
import ai.sutazai.health.storage.StorageGate;
import ai.sutazai.health.time.TimeParameters;

/** A probe's stored results in a time range, newest first, as single checks or per-minute or per-hour buckets. */
@Path("/api/v1/system/probes/{name}/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private final ResultRepository results;
    private final ProbeMonitor monitor;
    private final StorageGate storage;
    private final Clock clock;

    public HistoryResource(ResultRepository results, ProbeMonitor monitor, StorageGate storage, Clock clock) {
        this.results = results;
        this.monitor = monitor;
        this.storage = storage;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Results of a probe in [from, to), newest first",
            description = "from and to are ISO-8601 instants (default: the last hour). resolution raw (every check, "
                    + "kept 48 h) or minute or hour (buckets with checks, successes, uptime and latency).")
    public Uni<Page<HistoryPoint>> history(@PathParam("name") String name, @QueryParam("from") String fromParam,
            @QueryParam("to") String toParam, @QueryParam("resolution") @DefaultValue("raw") String resolutionParam,
            @BeanParam @Valid PageQuery page) {
        monitor.require(name);
        Resolution resolution = Resolution.fromLabel(resolutionParam).orElseThrow(
                () -> ProblemException.invalid("resolution", "must be raw, minute or hour"));
        Instant to = TimeParameters.instant("to", toParam);
        Instant from = TimeParameters.instant("from", fromParam);
        to = to != null ? to : clock.instant();
        from = from != null ? from : to.minus(DEFAULT_RANGE);
        TimeParameters.ordered("from", from, "to", to);
        Instant before = page.cursor() == null ? to : cursor(page.cursor(), from, to);
        Instant start = from;
        return storage.call("History", () -> resolution == Resolution.RAW
                ? results.checks(name, start, before, page.limit() + 1)
                : results.buckets(name, resolution, start, before, page.limit() + 1))
                .map(points -> Page.of(points, page.limit(), point -> Cursors.encode(point.time().toString())));
    }

    // The time of the last item of the page before; the next page holds older items.
    private static Instant cursor(String cursor, Instant from, Instant to) {
        List<String> parts = Cursors.decode(cursor, 1);
        try {
            Instant before = Instant.parse(parts.get(0));
            if (!before.isBefore(from) && !before.isAfter(to)) {
                return before;
            }
        } catch (RuntimeException e) {
            // Reported below, as any foreign cursor is.
        }
        throw Cursors.invalid();
    }
}
