package ai.sutazai.health.status;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import ai.sutazai.commons.database.MigrationRunner;
import ai.sutazai.health.alert.Alert;
import ai.sutazai.health.alert.AlertService;
import ai.sutazai.health.consul.ConsulPoller;
import ai.sutazai.health.consul.ConsulView;
import ai.sutazai.health.history.HistoryRecorder;
import ai.sutazai.health.incident.IncidentService;
import ai.sutazai.health.monitor.ComponentState;
import ai.sutazai.health.monitor.ProbeMonitor;
import ai.sutazai.health.probe.HealthStatus;
import ai.sutazai.health.probe.ProbeType;
import ai.sutazai.health.storage.WriteBehind;

/** The current state of every component and of the whole, from memory alone: it never waits for a database. */
@ApplicationScoped
public class StatusService {

    private final ProbeMonitor monitor;
    private final HistoryRecorder history;
    private final IncidentService incidents;
    private final MigrationRunner migrations;
    private final AlertService alerts;
    private final ConsulPoller consul;
    private final Clock clock;

    public StatusService(ProbeMonitor monitor, HistoryRecorder history, IncidentService incidents,
            MigrationRunner migrations, AlertService alerts, ConsulPoller consul, Clock clock) {
        this.monitor = monitor;
        this.history = history;
        this.incidents = incidents;
        this.migrations = migrations;
        this.alerts = alerts;
        this.consul = consul;
        this.clock = clock;
    }

    /** The full status, details included. */
    public SystemStatus status() {
        List<SystemStatus.Component> components = monitor.components().stream().map(this::component).toList();
        return new SystemStatus(overall(monitor.components()), clock.instant(), storage(), components);
    }

    /**
     * The gateway's truth table: down when a critical component is down, up when every component is
     * up, degraded otherwise (a component down or degraded, or not checked yet, or no probe running
     * at all: nothing checked is nothing known to be up).
     */
    static HealthStatus overall(Collection<ProbeMonitor.Component> components) {
        if (components.isEmpty()) {
            return HealthStatus.DEGRADED;
        }
        if (components.stream().anyMatch(c -> c.definition().critical() && c.state().status() == HealthStatus.DOWN)) {
            return HealthStatus.DOWN;
        }
        return components.stream().allMatch(c -> c.state().status() == HealthStatus.UP) ? HealthStatus.UP
                : HealthStatus.DEGRADED;
    }

    private SystemStatus.Storage storage() {
        WriteBehind<?> results = history.buffer();
        WriteBehind<?> changes = incidents.writes();
        boolean up = migrations.status().done() && results.available() && changes.available();
        String note = up ? null : "PostgreSQL cannot take results now: this answer comes from memory, and results "
                + "and incident changes are kept there until it can (history, uptime and closed incidents answer "
                + "503 meanwhile)";
        String error = up ? null : !migrations.status().done() ? migrations.status().error()
                : results.lastError() != null ? results.lastError() : changes.lastError();
        return new SystemStatus.Storage(up ? "up" : "down", up ? null : results.unavailableSince(), error,
                results.pending(), results.dropped(), changes.pending(), note);
    }

    private SystemStatus.Component component(ProbeMonitor.Component component) {
        ComponentState.Snapshot state = component.state();
        List<SystemStatus.FiringAlert> firing = alerts.firingFor(component.definition().name()).stream()
                .map(StatusService::firing).toList();
        return new SystemStatus.Component(component.definition().name(), state.status(),
                component.definition().type().label(), component.definition().critical(),
                state.last() == null ? null : state.last().latencyMs(), state.since(), state.lastAt(),
                state.last() == null ? null : state.last().error(), state.cause(), component.definition().dependsOn(),
                state.last() == null ? null : state.last().details(), firing, consul(component));
    }

    // Only suite services register in Consul, under the name their probe has.
    private ConsulView.ServiceHealth consul(ProbeMonitor.Component component) {
        if (component.definition().type() != ProbeType.SERVICE || !consul.enabled()) {
            return null;
        }
        return consul.service(component.definition().name()).map(ConsulView.ServiceHealth::summary).orElse(null);
    }

    private static SystemStatus.FiringAlert firing(Alert alert) {
        return new SystemStatus.FiringAlert(alert.id(), alert.labels().get("alertname"), alert.labels().get("severity"),
                alert.startsAt(), alert.annotations().get("summary"));
    }
}
