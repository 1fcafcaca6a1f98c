package ai.sutazai.health.uptime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.sutazai.commons.database.MigrationsCompleted;
import ai.sutazai.health.config.HealthConfig;
import ai.sutazai.health.monitor.ProbesChanged;

/**
 * {@code probe_uptime_ratio{probe,type,window}} for the windows 1h, 24h, 7d and 30d, computed from
 * history every refresh interval (a scrape only reads the last values).
 */
@ApplicationScoped
public class UptimeGauges {

    static final Map<String, Duration> WINDOWS = Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24),
            "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));

    private final UptimeService uptime;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final Duration refresh;
    private final Map<String, Double> ratios = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
    private long timer = -1;

    public UptimeGauges(UptimeService uptime, MeterRegistry registry, Vertx vertx, HealthConfig config) {
        this.uptime = uptime;
        this.registry = registry;
        this.vertx = vertx;
        this.refresh = config.uptimeGaugeRefresh();
    }

    void migrated(@ObservesAsync MigrationsCompleted event) {
        timer = vertx.setPeriodic(1, refresh.toMillis(), ignored -> update().subscribe().with(done -> { },
                failure -> Log.debugf("Uptime gauges not refreshed: %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    void probesChanged(@Observes ProbesChanged changed) {
        gauges.keySet().stream().filter(key -> changed.removed().contains(key.substring(0, key.indexOf('\n'))))
                .toList().forEach(key -> {
                    registry.remove(gauges.remove(key));
                    ratios.remove(key);
                });
    }

    private Uni<Void> update() {
        List<Uni<Void>> windows = WINDOWS.entrySet().stream().map(window -> uptime.report(window.getValue())
                .invoke(report -> report.items().forEach(item -> {
                    String key = item.name() + "\n" + item.type() + "\n" + window.getKey();
                    ratios.put(key, item.uptimePercent() == null ? Double.NaN : item.uptimePercent() / 100);
                    gauges.computeIfAbsent(key, known -> Gauge.builder("probe.uptime.ratio", ratios,
                            values -> values.getOrDefault(key, Double.NaN))
                            .description("Share of the probe's checks that passed over the window, maintenance left out")
                            .tags(Tags.of("probe", item.name(), "type", item.type(), "window", window.getKey()))
                            .register(registry));
                })).replaceWithVoid()).toList();
        return Uni.join().all(windows).andFailFast().replaceWithVoid();
    }
}
