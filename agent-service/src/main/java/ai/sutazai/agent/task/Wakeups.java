package ai.sutazai.agent.task;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Hints between replicas over PostgreSQL LISTEN/NOTIFY: "new tasks" (debounced, at most one NOTIFY
 * per {@link #DEBOUNCE}, never inside a submitting transaction, since a pending NOTIFY serialises
 * commits) and "cancel this running task". Hints only: workers also poll, and leases carry
 * cancels, so a lost notification delays work but never loses it.
 */
@ApplicationScoped
public class Wakeups {

    static final String NEW_TASKS = "agents_tasks";
    static final String CANCEL = "agents_task_cancel";
    private static final Duration DEBOUNCE = Duration.ofMillis(20);

    private final TaskRepository tasks;
    private final Vertx vertx;
    private final PgConnectOptions options;
    private final AtomicLong lastSent = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private PgSubscriber subscriber;

    public Wakeups(TaskRepository tasks, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "") String password) {
        this.tasks = tasks;
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", "")).setUser(user)
                .setPassword(password);
    }

    /** Listens for hints from every replica (this one's included): new tasks, and cancels by task id. */
    public void listen(Runnable newTasks, Consumer<UUID> cancel) {
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 2_000L);
        subscriber.channel(NEW_TASKS).handler(payload -> newTasks.run());
        subscriber.channel(CANCEL).handler(payload -> {
            try {
                cancel.accept(UUID.fromString(payload));
            } catch (IllegalArgumentException e) {
                Log.debugf("Ignored a cancel hint that names no task: %s", payload);
            }
        });
        subscriber.connect().subscribe().with(connected -> Log.debug("Listening for task hints"),
                failure -> Log.warnf("Task hints are not heard (%s); workers poll instead", failure.getMessage()));
    }

    /** Tells the other replicas that tasks were submitted, at most once per debounce window. */
    public void newTasks() {
        long now = System.nanoTime();
        long last = lastSent.get();
        if (now - last >= DEBOUNCE.toNanos() && lastSent.compareAndSet(last, now)) {
            send(NEW_TASKS, "");
        } else if (scheduled.compareAndSet(false, true)) {
            vertx.setTimer(DEBOUNCE.toMillis(), id -> {
                scheduled.set(false);
                lastSent.set(System.nanoTime());
                send(NEW_TASKS, "");
            });
        }
    }

    /** Tells whichever replica runs the task to stop it. */
    public void cancel(UUID taskId) {
        send(CANCEL, taskId.toString());
    }

    private void send(String channel, String payload) {
        tasks.notify(channel, payload).subscribe().with(sent -> { },
                failure -> Log.debugf("A task hint was not sent (%s); pollers pick the work up", failure.getMessage()));
    }

    /** Stops listening. */
    public void close() {
        if (subscriber != null) {
            subscriber.close().subscribe().with(closed -> { }, failure -> { });
        }
    }
}
