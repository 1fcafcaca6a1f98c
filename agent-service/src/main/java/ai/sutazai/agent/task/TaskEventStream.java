package ai.sutazai.agent.task;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.core.Vertx;

/**
 * A task's events as server-sent events ({@code id:} = seq): those after a given seq from the
 * store, then new ones as they are written — at once when written on this replica, within
 * {@link #POLL} otherwise — until the final event. Reading only ever continues after the last seq
 * sent, so a stream has no gap and no duplicate, however often it is resumed.
 */
@ApplicationScoped
public class TaskEventStream {

    static final Duration POLL = Duration.ofMillis(250);
    private static final int BATCH = 200;

    private final TaskRepository tasks;
    private final TaskSignals signals;
    private final Vertx vertx;

    public TaskEventStream(TaskRepository tasks, TaskSignals signals, Vertx vertx) {
        this.tasks = tasks;
        this.signals = signals;
        this.vertx = vertx;
    }

    /** The events of task {@code id} after seq {@code after} as server-sent events, live until the final one. */
    public Multi<Buffer> after(UUID id, long after) {
        return events(id, after).map(event -> Buffer.buffer("id: " + event.seq() + "\nevent: " + event.kind()
                + "\ndata: " + event.data().encode() + "\n\n"));
    }

    /** The events of task {@code id} after seq {@code after}, live until the final one. */
    public Multi<TaskRepository.StoredEvent> events(UUID id, long after) {
        return Multi.createFrom().emitter(emitter -> new Reader(id, after, emitter).start());
    }

    private final class Reader {
        private final UUID id;
        private final MultiEmitter<? super TaskRepository.StoredEvent> emitter;
        private final AtomicBoolean reading = new AtomicBoolean();
        private volatile long last;
        private volatile boolean dirty;
        private volatile boolean closed;
        private volatile long timer = -1;
        private AutoCloseable listening;

        Reader(UUID id, long after, MultiEmitter<? super TaskRepository.StoredEvent> emitter) {
            this.id = id;
            this.last = after;
            this.emitter = emitter;
        }

        void start() {
            listening = signals.listen(id, this::read);
            emitter.onTermination(this::close);
            read();
        }

        private void read() {
            read(false);
        }

        // endIfQuiet: the task was seen finished, so a read that finds nothing more ends the stream.
        private void read(boolean endIfQuiet) {
            if (closed) {
                return;
            }
            if (!reading.compareAndSet(false, true)) {
                dirty = true;
                return;
            }
            dirty = false;
            tasks.events(id, last, BATCH).subscribe().with(events -> {
                if (emit(events)) {
                    return;
                }
                reading.set(false);
                if (events.size() == BATCH || dirty) {
                    read();
                } else if (events.isEmpty() && endIfQuiet) {
                    emitter.complete();
                } else if (events.isEmpty()) {
                    whenQuiet();
                } else {
                    later();
                }
            }, emitter::fail);
        }

        // Whether the final event was among them.
        private boolean emit(List<TaskRepository.StoredEvent> events) {
            for (TaskRepository.StoredEvent event : events) {
                emitter.emit(event);
                last = event.seq();
                if (event.last()) {
                    emitter.complete();
                    return true;
                }
            }
            return false;
        }

        // Nothing new: a finished task (its final event sent before, or pruned) ends the stream.
        private void whenQuiet() {
            tasks.find(id).subscribe().with(task -> {
                if (task.isEmpty() || task.get().state().terminal()) {
                    read(true);
                } else {
                    later();
                }
            }, emitter::fail);
        }

        private void later() {
            if (!closed) {
                timer = vertx.setTimer(POLL.toMillis(), ignored -> read());
            }
        }

        private void close() {
            closed = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            try {
                listening.close();
            } catch (Exception e) {
                // Removing a listener cannot fail.
            }
        }
    }
}
