package ai.sutazai.agent.status;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.llm.ChatBackends;
import ai.sutazai.agent.llm.ModelCatalogue;
import ai.sutazai.agent.llm.ModelInfo;
import ai.sutazai.agent.registry.Agent;
import ai.sutazai.agent.registry.AgentRegistry;
import ai.sutazai.agent.registry.LiveStatus;
import ai.sutazai.agent.registry.LiveStatuses;

/**
 * Checks every enabled agent in the background, a bounded number at a time and each within its own
 * timeout, and keeps each agent's live status ({@link StatusTracker}) for the registry and for chat.
 * Statuses live in this instance's memory: every replica checks for itself.
 */
@ApplicationScoped
public class AgentStatusMonitor implements LiveStatuses {

    private final AgentRegistry registry;
    private final ChatBackends backends;
    private final ModelCatalogue catalogue;
    private final AgentConfig.Status config;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, StatusTracker> trackers = new ConcurrentHashMap<>();

    public AgentStatusMonitor(AgentRegistry registry, ChatBackends backends, ModelCatalogue catalogue,
            AgentConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.backends = backends;
        this.catalogue = catalogue;
        this.config = config.status();
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    @Override
    public LiveStatus of(String agentId) {
        StatusTracker tracker = trackers.get(agentId);
        return tracker == null ? LiveStatus.UNKNOWN : tracker.status();
    }

    @Scheduled(every = "${agent.status.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledRound() {
        return checkAll().onFailure().recoverWithUni(failure -> {
            // The registry itself is unreachable (PostgreSQL down): statuses keep their last values.
            Log.debugf("Agent status round skipped: %s", failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /** One round: every enabled agent checked once; agents no longer enabled are forgotten. */
    public Uni<Void> checkAll() {
        return registry.all().flatMap(agents -> {
            List<Agent> enabled = agents.stream().filter(Agent::enabled).toList();
            forgetAllBut(enabled.stream().map(Agent::id).collect(Collectors.toSet()));
            // One look at the platform backend's models serves every persona of this round.
            Uni<List<ModelInfo>> platformModels = catalogue.platformModels(config.timeout()).memoize().indefinitely();
            return Multi.createFrom().iterable(enabled)
                    .onItem().transformToUni(agent -> check(agent, platformModels)).merge(config.concurrency())
                    .collect().last().replaceWithVoid();
        });
    }

    private Uni<LiveStatus> check(Agent agent, Uni<List<ModelInfo>> platformModels) {
        StatusTracker tracker = trackers.computeIfAbsent(agent.id(), this::track);
        LiveStatus.State before = tracker.status().state();
        long started = System.nanoTime();
        return backends.check(agent, registry.modelOf(agent), platformModels, config.timeout())
                .ifNoItem().after(config.timeout()).failWith(() -> new IllegalStateException(
                        "no answer within " + config.timeout().toMillis() + " ms"))
                .map(ok -> tracker.passed(elapsedMillis(started), clock.instant()))
                .onFailure().recoverWithItem(failure -> tracker.failed(elapsedMillis(started), clock.instant(),
                        String.valueOf(failure.getMessage())))
                .invoke(status -> record(agent.id(), before, status, started));
    }

    private void record(String agentId, LiveStatus.State before, LiveStatus status, long started) {
        if (status.state() != before) {
            Log.infof("Agent %s is now %s%s", agentId, status.state(),
                    status.lastError() == null ? "" : " (" + status.lastError() + ")");
        }
        Timer.builder("agent.status.check").description("Live-status checks of agents")
                .tags("agent", agentId, "outcome", status.lastError() == null ? "passed" : "failed")
                .register(meters).record(Duration.ofNanos(System.nanoTime() - started));
    }

    private StatusTracker track(String agentId) {
        StatusTracker tracker = new StatusTracker(config.failureThreshold(), config.recoveryThreshold());
        for (LiveStatus.State state : LiveStatus.State.values()) {
            Gauge.builder("agent.status", tracker, t -> t.status().state() == state ? 1 : 0)
                    .description("1 for the agent's current live status").tags(Tags.of("agent", agentId, "status",
                            state.toString()))
                    .register(meters);
        }
        return tracker;
    }

    private void forgetAllBut(Set<String> enabled) {
        trackers.keySet().removeIf(id -> {
            if (enabled.contains(id)) {
                return false;
            }
            meters.find("agent.status").tag("agent", id).meters().forEach(meters::remove);
            meters.find("agent.status.check").tag("agent", id).meters().forEach(meters::remove);
            return true;
        });
    }

    private static long elapsedMillis(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
