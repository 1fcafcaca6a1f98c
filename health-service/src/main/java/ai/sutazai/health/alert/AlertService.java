package ai.sutazai.health.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.sutazai.commons.database.MigrationsCompleted;
import ai.sutazai.commons.paging.Cursors;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.health.storage.PeriodicReload;
import ai.sutazai.health.storage.StorageGate;

/**
 * Alerts from Alertmanager: every one stored before the webhook answers, and the firing ones held
 * in memory too, so the status page shows them without waiting for the database. The copy is
 * reloaded every {@link #REFRESH}, which also brings in what other replicas received.
 */
@ApplicationScoped
public class AlertService {

    static final Duration REFRESH = Duration.ofSeconds(30);

    private final AlertRepository repository;
    private final NotificationReader reader;
    private final StorageGate storage;
    private final AlertsConfig config;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Vertx vertx;
    private final Event<AlertFired> fired;
    private volatile Map<String, Alert> firing = Map.of();
    private final PeriodicReload reloads = new PeriodicReload("Firing alerts", REFRESH, this::reload);

    public AlertService(AlertRepository repository, NotificationReader reader, StorageGate storage,
            AlertsConfig config, MeterRegistry registry, Clock clock, Vertx vertx, Event<AlertFired> fired) {
        this.repository = repository;
        this.reader = reader;
        this.storage = storage;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        this.vertx = vertx;
        this.fired = fired;
    }

    void migrated(@ObservesAsync MigrationsCompleted event) {
        reloads.start(vertx);
    }

    void stop(@Observes ShutdownEvent event) {
        reloads.stop(vertx);
    }

    /** What one notification did. */
    public record Receipt(int alerts, int created, int truncatedAlerts) {
    }

    /**
     * Reads a notification (400 when it is not one) and stores its alerts; answers only once they
     * are in PostgreSQL (503 while it is down, so that Alertmanager retries).
     */
    public Uni<Receipt> receive(String rawJson) {
        Instant receivedAt = clock.instant();
        NotificationReader.Read read = reader.read(rawJson, receivedAt);
        return storage.call("Storing Alertmanager's notification",
                () -> repository.store(read, receivedAt)).map(stored -> {
                    apply(stored.stream().map(AlertRepository.Stored::alert).toList());
                    stored.forEach(this::counted);
                    if (read.truncatedAlerts() > 0) {
                        registry.counter("health.alerts.truncated").increment(read.truncatedAlerts());
                        Log.warnf("Alertmanager left %d alert(s) out of a notification of group %s: the group is "
                                + "incomplete here", read.truncatedAlerts(), read.notification().groupKey());
                    }
                    int created = (int) stored.stream().filter(AlertRepository.Stored::created).count();
                    return new Receipt(stored.size(), created, read.truncatedAlerts());
                });
    }

    private void counted(AlertRepository.Stored stored) {
        Alert alert = stored.alert();
        Counter.builder("health.alerts.received").description("Alerts received from Alertmanager, by status")
                .tag("status", alert.status()).register(registry).increment();
        if (stored.created() && alert.firing()) {
            Log.infof("Alert %s firing since %s (%s, id %s)", alert.labels().getOrDefault("alertname", "unnamed"),
                    alert.startsAt(), alert.fingerprint(), alert.id());
            fired.fire(new AlertFired(alert));
        }
    }

    /** A page of alerts of a status (any if null), latest start first. */
    public Uni<Page<Alert>> list(String status, int limit, String cursor) {
        Cursors.Position after = Cursors.position(cursor);
        return storage.call("Listing alerts", () -> repository.list(status, after == null ? null : after.createdAt(),
                after == null ? null : after.id(), limit + 1))
                .map(rows -> Page.of(rows, limit, alert -> Cursors.encode(alert.startsAt(), alert.id())));
    }

    /** One alert; 404 when there is none. */
    public Uni<Alert> get(String id) {
        UUID uuid = id(id);
        return storage.call("Reading an alert", () -> repository.get(uuid))
                .map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /** Records who acknowledged an alert, and when; the first acknowledgement stands. */
    public Uni<Alert> acknowledge(String id, String by) {
        UUID uuid = id(id);
        return storage.call("Acknowledging an alert", () -> repository.acknowledge(uuid, by, clock.instant()))
                .map(found -> found.orElseThrow(() -> notFound(id)))
                .invoke(alert -> apply(List.of(alert)));
    }

    /** The alerts firing now whose labels name {@code component}, from memory. */
    public List<Alert> firingFor(String component) {
        return firing.values().stream()
                .filter(alert -> config.componentLabels().stream().anyMatch(label -> component.equals(alert.labels()
                        .get(label))))
                .sorted(Comparator.comparing(Alert::startsAt).reversed()).toList();
    }

    private Uni<Void> reload() {
        return repository.firing().invoke(all -> {
            Map<String, Alert> loaded = new HashMap<>();
            all.forEach(alert -> loaded.put(alert.id(), alert));
            synchronized (this) {
                firing = Map.copyOf(loaded);
            }
        }).replaceWithVoid();
    }

    private synchronized void apply(List<Alert> alerts) {
        Map<String, Alert> next = new HashMap<>(firing);
        alerts.forEach(alert -> {
            if (alert.firing()) {
                next.put(alert.id(), alert);
            } else {
                next.remove(alert.id());
            }
        });
        firing = Map.copyOf(next);
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("There is no alert " + id + ".");
    }
}
