package ai.sutazai.health.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Writes to PostgreSQL in order, in batches, from memory: what cannot be written (the database is
 * down, or not migrated yet) stays queued and is written when it returns, so an outage loses
 * nothing until {@code capacity} items wait. Past that the oldest are dropped, counted, and said
 * once per outage in the log. An item is removed only after its batch is committed.
 */
public final class WriteBehind<T> {

    private record Entry<T>(long seq, T item) {
    }

    private final String what;
    private final int capacity;
    private final int batchSize;
    private final Function<List<T>, Uni<Void>> writer;
    private final Clock clock;
    private final Deque<Entry<T>> queue = new ArrayDeque<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private long nextSeq;
    private long dropped;
    private boolean droppedThisOutage;
    private volatile boolean available = true;
    private volatile Instant unavailableSince;
    private volatile String lastError;
    private long timer = -1;

    /** {@code what} names the items in log lines, e.g. "probe results". */
    public WriteBehind(String what, int capacity, int batchSize, Function<List<T>, Uni<Void>> writer, Clock clock) {
        this.what = what;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.writer = writer;
        this.clock = clock;
    }

    /** Queues an item for writing. */
    public synchronized void offer(T item) {
        if (queue.size() >= capacity) {
            queue.pollFirst();
            dropped++;
            if (!droppedThisOutage) {
                droppedThisOutage = true;
                Log.warnf("The buffer of %s is full (%d): the oldest are dropped until PostgreSQL takes them again",
                        what, capacity);
            }
        }
        queue.addLast(new Entry<>(nextSeq++, item));
    }

    /**
     * Writes what is queued, a batch at a time, until the queue is empty or a write fails (then the
     * rest waits for the next flush). Only one flush runs at a time.
     */
    public Uni<Void> flush() {
        if (!flushing.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return next().eventually(() -> flushing.set(false));
    }

    private Uni<Void> next() {
        List<Entry<T>> batch = peek();
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<T> items = new ArrayList<>(batch.size());
        batch.forEach(entry -> items.add(entry.item()));
        long last = batch.get(batch.size() - 1).seq();
        return writer.apply(items)
                .invoke(() -> written(last))
                .flatMap(ignored -> next())
                .onFailure().recoverWithItem(failure -> {
                    failed(failure);
                    return null;
                });
    }

    /** Flushes every {@code interval} from now on, whenever {@code writable} says the schema is there to take writes. */
    public void flushEvery(Vertx vertx, Duration interval, BooleanSupplier writable) {
        timer = vertx.setPeriodic(interval.toMillis(), ignored -> {
            if (writable.getAsBoolean()) {
                flush().subscribe().with(done -> { }, failure -> { });
            }
        });
    }

    /** Stops the periodic flush (at shutdown). */
    public void stopFlushing(Vertx vertx) {
        vertx.cancelTimer(timer);
    }

    /** Items waiting to be written. */
    public synchronized int pending() {
        return queue.size();
    }

    /** Items dropped since start because the buffer was full. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Whether the last write succeeded. */
    public boolean available() {
        return available;
    }

    /** Since when writes fail, while they do. */
    public Instant unavailableSince() {
        return unavailableSince;
    }

    /** Why the last write failed, while writes fail. */
    public String lastError() {
        return lastError;
    }

    private synchronized List<Entry<T>> peek() {
        List<Entry<T>> batch = new ArrayList<>(Math.min(batchSize, queue.size()));
        for (Entry<T> entry : queue) {
            if (batch.size() == batchSize) {
                break;
            }
            batch.add(entry);
        }
        return batch;
    }

    // Entries dropped while the batch was in flight are already gone; remove the rest of it.
    private synchronized void written(long lastSeq) {
        while (!queue.isEmpty() && queue.peekFirst().seq() <= lastSeq) {
            queue.pollFirst();
        }
        if (!available) {
            Log.infof("PostgreSQL takes %s again (down since %s); %d still queued", what, unavailableSince,
                    queue.size());
        }
        available = true;
        unavailableSince = null;
        lastError = null;
        droppedThisOutage = false;
    }

    private synchronized void failed(Throwable failure) {
        lastError = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (available) {
            available = false;
            unavailableSince = clock.instant();
            Log.warnf("Cannot write %s to PostgreSQL, keeping them in memory (%d queued, up to %d): %s", what,
                    queue.size(), capacity, lastError);
        }
    }
}
