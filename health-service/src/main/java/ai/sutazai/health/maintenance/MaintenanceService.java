package ai.sutazai.health.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.sutazai.commons.database.MigrationsCompleted;
import ai.sutazai.commons.paging.Cursors;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.health.monitor.ProbeMonitor;
import ai.sutazai.health.storage.PeriodicReload;
import ai.sutazai.health.storage.StorageGate;
import ai.sutazai.health.time.TimeParameters;

/**
 * Maintenance windows: stored in PostgreSQL, and held in memory too, since every check asks
 * whether one applies (and must get an answer while the database is down). The copy is refreshed
 * after each change and every {@link #REFRESH}, which also brings in other replicas' changes.
 */
@ApplicationScoped
public class MaintenanceService {

    static final Duration REFRESH = Duration.ofSeconds(30);
    static final Duration LONGEST = Duration.ofDays(400);
    // Ids compare as their canonical text, which is also PostgreSQL's order of uuids.
    private static final Comparator<MaintenanceWindow> NEWEST_FIRST = Comparator
            .comparing(MaintenanceWindow::startsAt).thenComparing(MaintenanceWindow::id).reversed();

    private final MaintenanceRepository repository;
    private final StorageGate storage;
    private final ProbeMonitor monitor;
    private final Vertx vertx;
    private volatile List<MaintenanceWindow> windows = List.of();
    private final CompletableFuture<Void> firstLoad = new CompletableFuture<>();
    private final PeriodicReload reloads = new PeriodicReload("Maintenance windows", REFRESH, this::refresh);

    public MaintenanceService(MaintenanceRepository repository, StorageGate storage, ProbeMonitor monitor,
            Vertx vertx) {
        this.repository = repository;
        this.storage = storage;
        this.monitor = monitor;
        this.vertx = vertx;
    }

    void migrated(@ObservesAsync MigrationsCompleted event) {
        reloads.start(vertx);
    }

    void stop(@Observes ShutdownEvent event) {
        reloads.stop(vertx);
    }

    /** Completes once the windows have been read from PostgreSQL for the first time. */
    public Uni<Void> loaded() {
        return Uni.createFrom().completionStage(firstLoad);
    }

    /** Whether a window covers {@code probe} at {@code at}. */
    public boolean active(String probe, Instant at) {
        return windows.stream().anyMatch(window -> window.covers(probe, at));
    }

    /** Whether a window covers {@code probe} at some moment of {@code [from, to]}. */
    public boolean overlaps(String probe, Instant from, Instant to) {
        return windows.stream().anyMatch(window -> window.overlaps(probe, from, to));
    }

    /** A page of windows, newest start first. */
    public Page<MaintenanceWindow> list(int limit, String cursor) {
        Cursors.Position after = Cursors.position(cursor);
        List<MaintenanceWindow> rows = windows.stream()
                .filter(window -> after == null || isAfter(window, after))
                .limit(limit + 1L).toList();
        return Page.of(rows, limit, window -> Cursors.encode(window.startsAt(), window.id()));
    }

    /** One window; 404 when there is none. */
    public MaintenanceWindow get(String id) {
        UUID uuid = id(id);
        return windows.stream().filter(window -> window.id().equals(uuid.toString())).findFirst()
                .orElseThrow(() -> notFound(id));
    }

    /** Stores a new window. */
    public Uni<MaintenanceWindow> create(MaintenanceRequest request, String createdBy) {
        Checked valid = check(request);
        return storage.call("Planning a maintenance window", () -> repository.insert(valid.probes(), valid.startsAt(),
                valid.endsAt(), request.reason().strip(), createdBy).call(this::refresh));
    }

    /** Replaces a window; 404 when there is none. */
    public Uni<MaintenanceWindow> update(String id, MaintenanceRequest request) {
        UUID uuid = id(id);
        Checked valid = check(request);
        return storage.call("Changing a maintenance window", () -> repository.update(uuid, valid.probes(),
                valid.startsAt(), valid.endsAt(), request.reason().strip())
                .map(updated -> updated.stream().findFirst().orElseThrow(() -> notFound(id)))
                .call(this::refresh));
    }

    /** Deletes a window; 404 when there is none. */
    public Uni<Void> delete(String id) {
        UUID uuid = id(id);
        return storage.call("Cancelling a maintenance window", () -> repository.delete(uuid)
                .flatMap(deleted -> deleted ? refresh() : Uni.createFrom().failure(notFound(id))));
    }

    private Uni<Void> refresh() {
        return repository.all().invoke(all -> {
            windows = all.stream().sorted(NEWEST_FIRST).toList();
            firstLoad.complete(null);
        }).replaceWithVoid();
    }

    private record Checked(List<String> probes, Instant startsAt, Instant endsAt) {
    }

    private Checked check(MaintenanceRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant startsAt = parse("startsAt", request.startsAt(), errors);
        Instant endsAt = parse("endsAt", request.endsAt(), errors);
        if (startsAt != null && endsAt != null) {
            if (!startsAt.isBefore(endsAt)) {
                errors.add(new Problem.FieldError("endsAt", "must be after startsAt"));
            } else if (Duration.between(startsAt, endsAt).compareTo(LONGEST) > 0) {
                errors.add(new Problem.FieldError("endsAt", "must be at most " + LONGEST + " after startsAt"));
            }
        }
        List<String> probes = Optional.ofNullable(request.probes()).orElse(List.of());
        for (int i = 0; i < probes.size(); i++) {
            if (probes.get(i) == null || !monitor.exists(probes.get(i))) {
                errors.add(new Problem.FieldError("probes[" + i + "]", "names no probe (GET /api/v1/system/probes "
                        + "lists them)"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Checked(probes.stream().distinct().toList(), startsAt, endsAt);
    }

    private static Instant parse(String field, String value, List<Problem.FieldError> errors) {
        try {
            return TimeParameters.instant(field, value);
        } catch (ProblemException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    private static boolean isAfter(MaintenanceWindow window, Cursors.Position after) {
        int byStart = window.startsAt().compareTo(after.createdAt());
        return byStart < 0 || byStart == 0 && window.id().compareTo(after.id().toString()) < 0;
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("There is no maintenance window " + id + ".");
    }
}
