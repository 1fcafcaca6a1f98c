package ai.sutazai.health.incident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.sutazai.commons.database.MigrationRunner;
import ai.sutazai.commons.database.MigrationsCompleted;
import ai.sutazai.health.config.HealthConfig;
import ai.sutazai.health.maintenance.MaintenanceService;
import ai.sutazai.health.monitor.ProbeChecked;
import ai.sutazai.health.monitor.ProbeMonitor;
import ai.sutazai.health.monitor.ProbesChanged;
import ai.sutazai.health.probe.HealthStatus;
import ai.sutazai.health.storage.WriteBehind;

/**
 * Opens an incident when a component goes down and closes it when it comes back (or turns
 * degraded because of a dependency), except inside a maintenance window: a component still down
 * when its window ends opens its incident then. Open incidents live in memory, so they are known
 * while PostgreSQL is down; their writes queue like results do.
 *
 * <p>At start-up no incident opens until the maintenance windows and the incidents an earlier run
 * left open are read (the next check of a component still down opens it, from the same start): so a
 * restart neither opens an incident inside a window nor splits an outage in two. The hold ends
 * early when PostgreSQL cannot be reached, and after {@link #START_HOLD} in any case.
 */
@ApplicationScoped
public class IncidentService {

    private final MaintenanceService maintenance;
    private final ProbeMonitor monitor;
    private final IncidentRepository repository;
    private final MigrationRunner migrations;
    private final Vertx vertx;
    private final Clock clock;
    private final HealthConfig config;
    private final WriteBehind<IncidentWrite> writes;
    private final Event<IncidentOpened> opened;
    private final Event<IncidentClosed> closed;
    private final Map<String, OpenIncident> openIncidents = new ConcurrentHashMap<>();
    private final long createdNanos = System.nanoTime();
    private volatile boolean settled;

    public IncidentService(MaintenanceService maintenance, ProbeMonitor monitor, IncidentRepository repository,
            MigrationRunner migrations, Vertx vertx, Clock clock, HealthConfig config, Event<IncidentOpened> opened,
            Event<IncidentClosed> closed) {
        this.maintenance = maintenance;
        this.monitor = monitor;
        this.repository = repository;
        this.migrations = migrations;
        this.vertx = vertx;
        this.clock = clock;
        this.config = config;
        this.opened = opened;
        this.closed = closed;
        this.writes = new WriteBehind<>("incident changes", config.history().bufferCapacity(),
                config.history().batchSize(), repository::apply, clock);
    }

    /** The longest start-up waits for the windows and earlier incidents before incidents open. */
    static final Duration START_HOLD = Duration.ofSeconds(15);

    // An open incident with the monotonic time it started at, which its duration is measured from,
    // and whether its probe is critical (known when it closes, even after the probe is removed).
    private record OpenIncident(Incident incident, long startNanos, boolean critical) {
    }

    void track(@Observes ProbeChecked checked) {
        String probe = checked.probe().name();
        OpenIncident current = openIncidents.get(probe);
        boolean down = checked.state().status() == HealthStatus.DOWN;
        if (down && current == null) {
            if (!settled()) {
                return;
            }
            Instant start = checked.state().since();
            long startNanos = checked.state().sinceNanos();
            if (maintenance.overlaps(probe, start, checked.at())) {
                if (maintenance.active(probe, checked.at())) {
                    return;
                }
                start = checked.at();
                startNanos = checked.nanos();
            }
            Incident incident = Incident.open(UUID.randomUUID().toString(), probe, start, checked.state().cause());
            openIncidents.put(probe, new OpenIncident(incident, startNanos, checked.probe().critical()));
            writes.offer(new IncidentWrite.Open(incident.id(), probe, start, incident.cause()));
            Log.warnf("Incident %s opened: %s is down since %s: %s", incident.id(), probe, start, incident.cause());
            opened.fire(new IncidentOpened(incident, checked.probe().critical()));
        } else if (!down && current != null && openIncidents.remove(probe, current)) {
            String resolution = checked.state().status() == HealthStatus.DEGRADED
                    ? "degraded: " + checked.state().cause() : "recovered";
            close(probe, current, checked.state().sinceNanos(), resolution);
        }
    }

    void probesChanged(@Observes ProbesChanged changed) {
        long now = System.nanoTime();
        changed.removed().forEach(probe -> closeIfOpen(probe, now, "the probe was removed from the probes file"));
        changed.restarted().forEach(probe -> closeIfOpen(probe, now, "the probe was changed by a reload"));
    }

    // Incidents a previous run left open: kept open where this run has not opened its own for the probe.
    void migrated(@ObservesAsync MigrationsCompleted event) {
        maintenance.loaded().flatMap(ignored -> repository.open()).subscribe().with(stale -> {
            stale.forEach(this::adopt);
            settle("the maintenance windows and the incidents of an earlier run are read");
        }, failure -> Log.warnf("Open incidents of an earlier run not read: %s", failure.getMessage()));
    }

    private void adopt(Incident incident) {
        long age = Duration.between(incident.startedAt(), clock.instant()).toNanos();
        boolean critical = monitor.component(incident.probe()).map(c -> c.definition().critical()).orElse(false);
        OpenIncident adopted = new OpenIncident(incident, System.nanoTime() - age, critical);
        if (!monitor.exists(incident.probe())) {
            close(incident.probe(), adopted, System.nanoTime(), "the probe is no longer in the probes file");
        } else if (openIncidents.putIfAbsent(incident.probe(), adopted) != null) {
            close(incident.probe(), adopted, System.nanoTime(), "superseded by an incident of a later run");
        }
    }

    /** Whether incidents open as components go down, the start-up hold being over. */
    public boolean settled() {
        if (!settled) {
            if (migrations.status().error() != null) {
                settle("PostgreSQL cannot be reached (" + migrations.status().error() + ")");
            } else if (System.nanoTime() - createdNanos > START_HOLD.toNanos()) {
                settle("the start-up hold of " + START_HOLD + " is over");
            }
        }
        return settled;
    }

    private synchronized void settle(String why) {
        if (!settled) {
            settled = true;
            Log.infof("Incidents open as components go down from now on: %s", why);
        }
    }

    void start(@Observes StartupEvent event) {
        writes.flushEvery(vertx, config.history().flushInterval(), () -> migrations.status().done());
    }

    void stop(@Observes ShutdownEvent event) {
        writes.drain(vertx, WriteBehind.SHUTDOWN_WRITE_LIMIT);
    }

    /** Incidents open right now, latest first. */
    public List<Incident> open() {
        return openIncidents.values().stream().map(OpenIncident::incident)
                .sorted(Comparator.comparing(Incident::startedAt).thenComparing(Incident::id).reversed()).toList();
    }

    /** Where the queue of incident changes stands. */
    public WriteBehind<IncidentWrite> writes() {
        return writes;
    }

    private void closeIfOpen(String probe, long nanos, String resolution) {
        OpenIncident current = openIncidents.remove(probe);
        if (current != null) {
            close(probe, current, nanos, resolution);
        }
    }

    // Queues the close of an incident no longer in the map of open ones.
    private void close(String probe, OpenIncident current, long endNanos, String resolution) {
        long durationNanos = Math.max(0, endNanos - current.startNanos());
        Instant end = current.incident().startedAt().plusNanos(durationNanos).truncatedTo(ChronoUnit.MICROS);
        long durationMs = Duration.ofNanos(durationNanos).toMillis();
        writes.offer(new IncidentWrite.Close(current.incident().id(), end, durationMs, resolution));
        Log.infof("Incident %s closed after %s: %s %s", current.incident().id(), Duration.ofMillis(durationMs), probe,
                resolution);
        Incident open = current.incident();
        closed.fire(new IncidentClosed(Incident.closed(open.id(), probe, open.startedAt(), end, durationMs,
                open.cause(), resolution), current.critical()));
    }

    /** Closed incidents, for the list after the open ones. */
    Uni<List<Incident>> closed(String probe, Instant beforeStart, UUID beforeId, int limit) {
        return repository.closed(probe, beforeStart, beforeId, limit);
    }
}
