package ai.sutazai.agent.task;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.interceptor.Interceptor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.chat.ChatService;
import ai.sutazai.agent.memory.Caller;
import ai.sutazai.commons.database.MigrationsCompleted;
import ai.sutazai.commons.security.ServiceTokens;

/**
 * This replica's share of the queue: it claims due tasks while it has free slots (woken by a
 * submit here, a hint from another replica, or the poll), renews the leases it holds, rescues
 * tasks whose worker died, and at shutdown stops claiming and lets running tasks finish within
 * the grace period before handing the rest back.
 */
@ApplicationScoped
public class TaskWorker {

    private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);
    private static final Duration DEPTH_INTERVAL = Duration.ofSeconds(10);

    private final QueueRepository queue;
    private final TaskRepository tasks;
    private final Wakeups wakeups;
    private final TaskSignals signals;
    private final AgentConfig.Tasks config;
    private final TaskRun.Context context;
    private final Vertx vertx;
    private final Map<UUID, TaskRun> running = new ConcurrentHashMap<>();
    // Claim, rescue and prune rounds, stopped at shutdown; the heartbeat goes on while tasks finish.
    private final List<Long> rounds = new CopyOnWriteArrayList<>();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicReference<QueueRepository.Depth> depth =
            new AtomicReference<>(new QueueRepository.Depth(0, 0, 0));
    private volatile boolean again;
    private volatile boolean accepting;

    public TaskWorker(QueueRepository queue, EndingBatcher endings, TaskRepository tasks, Wakeups wakeups,
            TaskSignals signals, ChatService chat, ServiceTokens serviceTokens, Vertx vertx, MeterRegistry meters, AgentConfig config) {
        this.queue = queue;
        this.tasks = tasks;
        this.wakeups = wakeups;
        this.signals = signals;
        this.config = config.tasks();
        this.vertx = vertx;
        this.context = new TaskRun.Context(chat, queue, endings, signals, () -> !accepting,
                Backoff.of(this.config.backoffBase(), this.config.backoffCap()), this.config.chunkInterval(), vertx,
                owner -> Caller.owner(owner, serviceTokens), meters);
        Gauge.builder("agent.tasks.running", running, Map::size).description("Tasks this replica is running")
                .register(meters);
        Gauge.builder("agent.tasks.queue", depth, d -> d.get().due()).tag("state", "due")
                .description("Open tasks of the whole queue (every replica's), by state").register(meters);
        Gauge.builder("agent.tasks.queue", depth, d -> d.get().scheduled()).tag("state", "scheduled")
                .description("Open tasks of the whole queue (every replica's), by state").register(meters);
        Gauge.builder("agent.tasks.queue", depth, d -> d.get().working()).tag("state", "working")
                .description("Open tasks of the whole queue (every replica's), by state").register(meters);
    }

    void onMigrated(@ObservesAsync MigrationsCompleted migrated) {
        if (!config.workersEnabled()) {
            Log.info("Task workers are off on this replica (agent.tasks.workers-enabled=false)");
            return;
        }
        accepting = true;
        wakeups.listen(this::wake, this::cancelHere);
        vertx.setPeriodic(config.heartbeat().toMillis(), id -> renew());
        rounds.add(vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake()));
        rounds.add(vertx.setPeriodic(config.rescueInterval().toMillis(), id -> rescue()));
        rounds.add(vertx.setPeriodic(PRUNE_INTERVAL.toMillis(), id -> prune()));
        rounds.add(vertx.setPeriodic(DEPTH_INTERVAL.toMillis(), id -> queue.depth().subscribe().with(depth::set,
                failure -> Log.debugf("Reading the queue's depth failed (%s)", failure.getMessage()))));
        Log.infof("Task workers started: %d slots, leases of %d s", config.workers(), config.lease().toSeconds());
        wake();
    }

    /** Claims due tasks into the free slots; a call while a claim runs makes that claim go again. */
    public void wake() {
        if (!accepting) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            again = true;
            return;
        }
        again = false;
        int wanted = Math.min(config.workers() - running.size(), config.claimBatch());
        if (wanted <= 0) {
            claiming.set(false);
            return;
        }
        queue.claim(wanted, config.lease()).subscribe().with(claimed -> {
            claimed.forEach(this::run);
            claiming.set(false);
            if (claimed.size() == wanted || again) {
                wake();
            }
        }, failure -> {
            claiming.set(false);
            Log.warnf("Claiming tasks failed (%s); the next poll tries again", failure.getMessage());
        });
    }

    private void run(Task task) {
        signals.changed(task.id());
        TaskRun run = new TaskRun(task, context);
        running.put(task.id(), run);
        run.done().whenComplete((ignored, failure) -> {
            running.remove(task.id());
            wake();
        });
        if (!accepting) {
            run.release();
            return;
        }
        run.start();
    }

    /** Stops a task this replica runs, if it runs here (a cancel request, from any replica). */
    public void cancelHere(UUID taskId) {
        TaskRun run = running.get(taskId);
        if (run != null) {
            run.cancel();
        }
    }

    private void renew() {
        List<TaskRun> held = List.copyOf(running.values());
        if (held.isEmpty()) {
            return;
        }
        queue.renew(held.stream().map(run -> run.task().leaseToken()).toList(), config.lease()).subscribe()
                .with(renewed -> held.forEach(run -> {
                    Boolean cancel = renewed.get(run.task().leaseToken());
                    if (cancel == null) {
                        run.lost();
                    } else if (cancel) {
                        run.cancel();
                    }
                }), failure -> Log.warnf("Renewing task leases failed (%s); they last %d s more at most",
                        failure.getMessage(), config.lease().toSeconds()));
    }

    private void rescue() {
        queue.rescue().subscribe().with(moved -> moved.forEach(task -> {
            Log.infof("Task %s: its worker stopped renewing the lease, or its agent was removed; now %s", task.id(),
                    task.state());
            context.count(task.agentId(), task.state() == TaskState.SUBMITTED ? "lease-expired" : task.state().toString());
            signals.changed(task.id());
            if (task.state().terminal() && task.parentId() != null) {
                queue.settle(task.parentId()).subscribe().with(settled -> signals.changed(task.parentId()),
                        failure -> Log.warnf("Task %s: its parent was not settled (%s)", task.id(), failure.getMessage()));
            }
            if (task.state() == TaskState.SUBMITTED) {
                wake();
            }
        }), failure -> Log.warnf("Looking for expired task leases failed (%s)", failure.getMessage()));
    }

    private void prune() {
        tasks.prune(config.eventRetention(), config.idempotencyWindow()).subscribe().with(
                deleted -> Log.debugf("Pruned %d task events", deleted),
                failure -> Log.warnf("Pruning task events failed (%s)", failure.getMessage()));
    }

    // Before the backends' HTTP client closes (BackendHttp observes at the default priority), so that
    // running tasks can still finish.
    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent shutdown) {
        accepting = false;
        wakeups.close();
        rounds.forEach(vertx::cancelTimer);
        if (running.isEmpty()) {
            return;
        }
        Log.infof("Shutting down: waiting up to %d s for %d running tasks", config.shutdownGrace().toSeconds(),
                running.size());
        try {
            all().get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Log.infof("Handing %d unfinished tasks back to the queue", running.size());
            running.values().forEach(TaskRun::release);
            try {
                all().get(5, TimeUnit.SECONDS);
            } catch (Exception again) {
                Log.warnf("%d tasks were not handed back; their leases expire in %d s", running.size(),
                        config.lease().toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Log.warnf("Waiting for running tasks failed: %s", e.getMessage());
        }
    }

    private CompletableFuture<Void> all() {
        return CompletableFuture.allOf(running.values().stream().map(TaskRun::done).toArray(CompletableFuture[]::new));
    }
}
