package ai.sutazai.health.uptime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import ai.sutazai.health.incident.IncidentRepository;
import ai.sutazai.health.monitor.ProbeMonitor;
import ai.sutazai.health.probe.ProbeType;
import ai.sutazai.health.storage.StorageGate;

/** Uptime and MTTR per component over a window ending now (the injected clock's now). */
@ApplicationScoped
public class UptimeService {

    private final UptimeRepository counts;
    private final IncidentRepository incidents;
    private final ProbeMonitor monitor;
    private final StorageGate storage;
    private final Clock clock;

    public UptimeService(UptimeRepository counts, IncidentRepository incidents, ProbeMonitor monitor,
            StorageGate storage, Clock clock) {
        this.counts = counts;
        this.incidents = incidents;
        this.monitor = monitor;
        this.storage = storage;
        this.clock = clock;
    }

    /** Every running probe's uptime over the {@code window} that ends now. */
    public Uni<UptimeReport> report(Duration window) {
        Map<String, ProbeType> probes = new LinkedHashMap<>();
        monitor.components().forEach(component -> probes.put(component.definition().name(),
                component.definition().type()));
        return report(probes, window);
    }

    /** The uptime of the given probes (name to type) over the {@code window} that ends now. */
    public Uni<UptimeReport> report(Map<String, ProbeType> probes, Duration window) {
        Instant to = clock.instant();
        Instant from = to.minus(window);
        List<String> names = List.copyOf(probes.keySet());
        return storage.call("Uptime", () -> counts.counts(names, from, to)
                .flatMap(checks -> incidents.recoveries(from, to).map(recoveries -> names.stream()
                        .map(name -> uptime(name, probes.get(name),
                                checks.getOrDefault(name, UptimeRepository.Counts.NONE),
                                recoveries.getOrDefault(name, new IncidentRepository.Recovery(0, 0))))
                        .toList())))
                .map(items -> new UptimeReport(window.toString(), from, to, items, null));
    }

    private static Uptime uptime(String name, ProbeType type, UptimeRepository.Counts counts,
            IncidentRepository.Recovery recovery) {
        Double percent = counts.checks() == 0 ? null : 100.0 * counts.successes() / counts.checks();
        Long mttrMs = recovery.incidents() == 0 ? null : recovery.totalMs() / recovery.incidents();
        return new Uptime(name, type.label(), counts.checks(), counts.successes(), counts.inMaintenance(), percent,
                recovery.incidents(), mttrMs == null ? null : Duration.ofMillis(mttrMs).toString(), mttrMs);
    }
}
