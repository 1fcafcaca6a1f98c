package ai.sutazai.health.page;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import ai.sutazai.health.history.HistoryPoint;
import ai.sutazai.health.history.Resolution;
import ai.sutazai.health.history.ResultRepository;
import ai.sutazai.health.incident.IncidentService;
import ai.sutazai.health.monitor.ProbeMonitor;
import ai.sutazai.health.status.StatusService;
import ai.sutazai.health.status.SystemStatus;
import ai.sutazai.health.storage.StorageGate;

/**
 * Puts the status page together: states, incidents and alerts from memory, and the hourly uptime
 * of the last 24 hours from PostgreSQL. The page never waits long for the database: while it is
 * down, or slow, the bars show "no data" and the rest is served as usual.
 */
@ApplicationScoped
public class StatusPageService {

    static final int HOURS = 24;
    // Well below StorageGate's own timeout: a status page that hangs is worse than one without bars.
    private static final Duration HISTORY_WAIT = Duration.ofSeconds(2);

    private final StatusService status;
    private final ProbeMonitor monitor;
    private final IncidentService incidents;
    private final ResultRepository results;
    private final StorageGate storage;
    private final Clock clock;

    public StatusPageService(StatusService status, ProbeMonitor monitor, IncidentService incidents,
            ResultRepository results, StorageGate storage, Clock clock) {
        this.status = status;
        this.monitor = monitor;
        this.incidents = incidents;
        this.results = results;
        this.storage = storage;
        this.clock = clock;
    }

    /** The page as it stands now. */
    public Uni<StatusPage> page() {
        SystemStatus current = status.status();
        boolean storageDown = !"up".equals(current.storage().database());
        Instant now = clock.instant();
        Instant firstHour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS - 1));
        List<Uni<List<UptimeCell>>> bars = current.components().stream()
                .map(component -> storageDown ? Uni.createFrom().item(noData(firstHour))
                        : uptime(component.name(), firstHour, now))
                .toList();
        Uni<List<List<UptimeCell>>> all = bars.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(bars).andFailFast();
        return all.map(cells -> new StatusPage(current.status().label(), current.checkedAt(), storageDown,
                sections(current, cells), openIncidents(now), firingAlerts(current)));
    }

    private Uni<List<UptimeCell>> uptime(String probe, Instant firstHour, Instant now) {
        return storage.call("The status page's uptime bars",
                () -> results.buckets(probe, Resolution.HOUR, firstHour, now, HOURS))
                .map(points -> cells(firstHour, points))
                .ifNoItem().after(HISTORY_WAIT).recoverWithItem(() -> noData(firstHour))
                .onFailure().recoverWithItem(() -> noData(firstHour));
    }

    static List<UptimeCell> cells(Instant firstHour, List<HistoryPoint> buckets) {
        Map<Instant, Double> byHour = new HashMap<>();
        buckets.forEach(bucket -> byHour.put(bucket.time(), bucket.uptimePercent()));
        return IntStream.range(0, HOURS).mapToObj(i -> firstHour.plus(Duration.ofHours(i)))
                .map(hour -> new UptimeCell(hour, byHour.get(hour))).toList();
    }

    private static List<UptimeCell> noData(Instant firstHour) {
        return cells(firstHour, List.of());
    }

    // Components keep the monitor's order within their section; empty sections are left out.
    private List<StatusPage.Section> sections(SystemStatus current, List<List<UptimeCell>> cells) {
        Map<ComponentGroup, List<StatusPage.Component>> grouped = new EnumMap<>(ComponentGroup.class);
        for (int i = 0; i < current.components().size(); i++) {
            SystemStatus.Component component = current.components().get(i);
            ComponentGroup group = monitor.component(component.name())
                    .map(found -> ComponentGroup.of(found.definition())).orElse(ComponentGroup.OTHER);
            grouped.computeIfAbsent(group, key -> new ArrayList<>()).add(new StatusPage.Component(component.name(),
                    component.status().label(), component.latencyMs(), cells.get(i)));
        }
        return grouped.entrySet().stream()
                .map(entry -> new StatusPage.Section(entry.getKey().title(), entry.getValue())).toList();
    }

    private List<StatusPage.OpenIncident> openIncidents(Instant now) {
        return incidents.open().stream().map(incident -> new StatusPage.OpenIncident(incident.probe(),
                incident.startedAt(), duration(Duration.between(incident.startedAt(), now)))).toList();
    }

    private static List<StatusPage.FiringAlert> firingAlerts(SystemStatus current) {
        return current.components().stream().flatMap(component -> component.firingAlerts().stream()
                .map(alert -> new StatusPage.FiringAlert(component.name(),
                        alert.alertname() == null ? "unnamed alert" : alert.alertname(), alert.severity(),
                        alert.startsAt())))
                .toList();
    }

    /** A duration as a reader wants it: the two largest units, e.g. {@code 2 d 3 h}, {@code 5 min}. */
    static String duration(Duration duration) {
        if (duration.toMinutes() < 1) {
            return "under a minute";
        }
        if (duration.toHours() < 1) {
            return duration.toMinutes() + " min";
        }
        if (duration.toDays() < 1) {
            return duration.toHours() + " h " + duration.toMinutesPart() + " min";
        }
        return duration.toDays() + " d " + duration.toHoursPart() + " h";
    }
}
