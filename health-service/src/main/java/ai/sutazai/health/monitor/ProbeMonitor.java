package ai.sutazai.health.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.core.Vertx;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.health.config.HealthConfig;
import ai.sutazai.health.probe.HealthStatus;
import ai.sutazai.health.probe.ProbeDefinition;
import ai.sutazai.health.probe.ProbeFactory;
import ai.sutazai.health.probe.ProbeOutcome;
import ai.sutazai.health.probe.ProbesFile;
import ai.sutazai.health.probe.ProbesFileException;

/**
 * Owns the running probes: loads them from the probes file (or the bundled one) at start, reloads
 * them on request keeping the old set when the new file is invalid, and turns each check into the
 * component's state, metrics, a log line on every change, and a {@link ProbeChecked} event.
 */
@ApplicationScoped
public class ProbeMonitor implements ProbeRunner.Sink {

    // First checks are spread over this much time (or the interval, if shorter) so they do not all start at once.
    private static final Duration START_SPREAD = Duration.ofSeconds(1);

    private final HealthConfig config;
    private final ProbeFactory factory;
    private final ProbeMetrics metrics;
    private final Event<ProbeChecked> checked;
    private final Event<ProbesChanged> changed;
    private final Vertx vertx;
    private final Clock clock;
    private final Function<String, Optional<String>> variables;
    private final CheckSlots slots;
    private volatile Map<String, ProbeRunner> runners = Map.of();

    public ProbeMonitor(HealthConfig config, ProbeFactory factory, ProbeMetrics metrics, Event<ProbeChecked> checked,
            Event<ProbesChanged> changed, Vertx vertx, Clock clock, Config settings) {
        this.config = config;
        this.factory = factory;
        this.metrics = metrics;
        this.checked = checked;
        this.changed = changed;
        this.vertx = vertx;
        this.clock = clock;
        this.variables = name -> settings.getOptionalValue(name, String.class);
        this.slots = new CheckSlots(config.maxConcurrentChecks());
        metrics.watch(slots);
    }

    /** What a reload did. */
    public record Reload(String source, List<String> added, List<String> removed, List<String> changed,
            List<String> unchanged) {
    }

    /** A probe as it runs now. */
    public record Component(ProbeDefinition definition, ComponentState.Snapshot state, long checks, long skipped) {
    }

    void start(@Observes StartupEvent event) {
        try {
            Reload loaded = apply(load());
            Log.infof("Probing %d components from %s: %s", loaded.added().size(), loaded.source(),
                    String.join(", ", loaded.added()));
        } catch (ProbesFileException e) {
            // The start-up check refused this file already; it can only have changed since.
            Log.errorf("No probes run: the probes file %s %s", source(), e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        runners.values().forEach(ProbeRunner::stop);
    }

    /** Reads the probes file again; an invalid one throws {@link ProbesFileException} and changes nothing. */
    public synchronized Reload reload() {
        Reload reload = apply(load());
        Log.infof("Probes reloaded from %s: added %s, removed %s, changed %s", reload.source(), reload.added(),
                reload.removed(), reload.changed());
        return reload;
    }

    /** Every probe, in file order. */
    public Collection<Component> components() {
        return runners.values().stream().map(ProbeMonitor::component).toList();
    }

    /** The probe of that name, if one runs. */
    public Optional<Component> component(String name) {
        return Optional.ofNullable(runners.get(name)).map(ProbeMonitor::component);
    }

    /** The probe of that name; a 404 problem pointing at the list when none runs. */
    public Component require(String name) {
        return component(name).orElseThrow(() -> ProblemException.notFound("There is no probe " + name
                + "; GET /api/v1/system/probes lists them."));
    }

    /** Whether a probe of that name runs. */
    public boolean exists(String name) {
        return runners.containsKey(name);
    }

    @Override
    public void started(ProbeRunner runner, long lagNanos) {
        metrics.lag(lagNanos);
    }

    @Override
    public void checked(ProbeRunner runner, ProbeOutcome outcome, Instant at, long startNanos) {
        if (outcome.status() == HealthStatus.UNKNOWN || runners.get(runner.definition().name()) != runner) {
            // Nothing to judge yet, or the last check of a probe a reload replaced.
            return;
        }
        ProbeDefinition probe = runner.definition();
        ProbeOutcome clean = outcome.redacted(probe.secrets());
        ComponentState.Snapshot before = runner.state().snapshot();
        ComponentState.Snapshot after = runner.state().record(clean, at, startNanos, downDependency(probe));
        boolean changedState = after.status() != before.status();
        // The first verdict is where the state starts, not a change of it.
        metrics.checked(probe.name(), clean.status().passing(), clean.latencyMs(),
                changedState && before.status() != HealthStatus.UNKNOWN);
        if (changedState) {
            Log.infof("%s (%s) is %s, was %s%s", probe.name(), probe.type().label(), after.status().label(),
                    before.status().label(), after.cause() == null ? "" : ": " + after.cause());
        }
        checked.fire(new ProbeChecked(probe, at, startNanos, clean, after));
    }

    // The first dependency found down (or degraded by its own dependency), named by the root cause.
    private Optional<String> downDependency(ProbeDefinition probe) {
        for (String name : probe.dependsOn()) {
            ProbeRunner dependency = runners.get(name);
            if (dependency == null) {
                continue;
            }
            ComponentState.Snapshot state = dependency.state().snapshot();
            if (state.status() == HealthStatus.DOWN) {
                return Optional.of(name);
            }
            if (state.rootCause() != null) {
                return Optional.of(state.rootCause());
            }
        }
        return Optional.empty();
    }

    private List<ProbeDefinition> load() {
        return config.probesFile().map(path -> ProbesFile.read(path, variables))
                .orElseGet(() -> ProbesFile.bundled(variables));
    }

    private String source() {
        return config.probesFile().map(Object::toString).orElse("the bundled " + ProbesFile.BUNDLED);
    }

    // Unchanged probes keep running with their state; changed ones start afresh; removed ones stop.
    private Reload apply(List<ProbeDefinition> definitions) {
        Map<String, ProbeRunner> current = runners;
        Map<String, ProbeRunner> next = new LinkedHashMap<>();
        List<String> added = new ArrayList<>();
        List<String> changedNames = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<ProbeRunner> starting = new ArrayList<>();
        for (ProbeDefinition definition : definitions) {
            ProbeRunner existing = current.get(definition.name());
            if (existing != null && existing.definition().equals(definition)) {
                next.put(definition.name(), existing);
                unchanged.add(definition.name());
                continue;
            }
            (existing == null ? added : changedNames).add(definition.name());
            // An event-loop context of its own, even when a reload runs on a worker thread: checks are
            // spread over the event loops and never run on workers.
            ProbeRunner runner = new ProbeRunner(definition, factory.create(definition),
                    ((VertxInternal) vertx.getDelegate()).createEventLoopContext(), clock, slots, this);
            next.put(definition.name(), runner);
            starting.add(runner);
        }
        Set<String> removed = new HashSet<>(current.keySet());
        removed.removeAll(next.keySet());
        for (String name : removed) {
            current.get(name).stop();
            metrics.unregister(name);
        }
        for (String name : changedNames) {
            current.get(name).stop();
            metrics.unregister(name);
        }
        runners = Collections.unmodifiableMap(next);
        for (int i = 0; i < starting.size(); i++) {
            ProbeRunner runner = starting.get(i);
            metrics.register(runner);
            Duration spread = runner.definition().interval().compareTo(START_SPREAD) < 0
                    ? runner.definition().interval() : START_SPREAD;
            runner.start(spread.multipliedBy(i).dividedBy(starting.size()));
        }
        if (!removed.isEmpty() || !changedNames.isEmpty()) {
            changed.fire(new ProbesChanged(Set.copyOf(removed), Set.copyOf(changedNames)));
        }
        return new Reload(source(), added, List.copyOf(removed), changedNames, unchanged);
    }

    private static Component component(ProbeRunner runner) {
        return new Component(runner.definition(), runner.state().snapshot(), runner.checks(), runner.skipped());
    }
}
