package ai.sutazai.health.history;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.sutazai.commons.database.MigrationsCompleted;
import ai.sutazai.health.config.HealthConfig;
import ai.sutazai.health.incident.IncidentRepository;
import ai.sutazai.health.maintenance.MaintenanceRepository;

/**
 * Downsampling and retention, every compaction interval: results older than the raw retention
 * are folded into per-minute aggregates, those older than the minute retention into per-hour
 * ones, and hour aggregates, closed incidents and past maintenance windows older than the hour
 * retention are deleted.
 */
@ApplicationScoped
public class Retention {

    private final ResultRepository results;
    private final IncidentRepository incidents;
    private final MaintenanceRepository maintenance;
    private final HealthConfig.History config;
    private final Vertx vertx;
    private final Clock clock;
    private long timer = -1;

    public Retention(ResultRepository results, IncidentRepository incidents, MaintenanceRepository maintenance,
            HealthConfig config, Vertx vertx, Clock clock) {
        this.results = results;
        this.incidents = incidents;
        this.maintenance = maintenance;
        this.config = config.history();
        this.vertx = vertx;
        this.clock = clock;
    }

    void migrated(@ObservesAsync MigrationsCompleted event) {
        timer = vertx.setPeriodic(1, config.compactionInterval().toMillis(), ignored -> compact()
                .subscribe().with(done -> { }, failure -> Log.warnf("Compaction of history failed, retried in %s: %s",
                        config.compactionInterval(), failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** One pass of folding and expiry, as of now. */
    public Uni<Void> compact() {
        Instant now = clock.instant();
        Instant hourHorizon = now.minus(config.hourRetention());
        return results.foldResults(now.minus(config.rawRetention()))
                .flatMap(folded -> results.foldMinutes(now.minus(config.minuteRetention()))
                        .flatMap(minutes -> results.expireHours(hourHorizon)
                                .flatMap(hours -> incidents.expire(hourHorizon))
                                .flatMap(expired -> maintenance.expire(hourHorizon))
                                .invoke(windows -> {
                                    if (folded > 0 || minutes > 0) {
                                        Log.infof("History compacted: %d results into minutes, %d minutes into hours",
                                                folded, minutes);
                                    }
                                })))
                .replaceWithVoid();
    }
}
