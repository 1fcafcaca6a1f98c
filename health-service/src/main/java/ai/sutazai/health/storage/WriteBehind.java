package ai.sutazai.health.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgException;

/**
 * Writes to PostgreSQL in order, in batches, from memory: what cannot be written (the database is
 * down, or not migrated yet) stays queued and is written when it returns, so an outage loses
 * nothing until {@code capacity} items wait. Past that the oldest are dropped, counted, and said
 * once per outage in the log. An item is removed only after its batch is committed. A batch that
 * PostgreSQL refuses for what is in it (a data or constraint error, not an outage) is written again
 * one item at a time, so only the refused item is dropped (counted and logged) and it never blocks
 * the items behind it.
 */
public final class WriteBehind<T> {

    /** How long shutdown waits for what is queued to be written. */
    public static final Duration SHUTDOWN_WRITE_LIMIT = Duration.ofSeconds(5);

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
    private long refused;
    private boolean droppedThisOutage;
    private volatile boolean available = true;
    private volatile Instant unavailableSince;
    private volatile String lastError;
    private long timer = -1;
    private volatile BooleanSupplier writable = () -> true;

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
                .onFailure(WriteBehind::refusedData).recoverWithUni(failure -> singly(batch))
                .flatMap(ignored -> next())
                .onFailure().recoverWithItem(failure -> {
                    failed(failure);
                    return null;
                });
    }

    // Each item of a refused batch alone: the refused ones are dropped, the others written in order.
    private Uni<Void> singly(List<Entry<T>> batch) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Entry<T> entry : batch) {
            chain = chain.flatMap(ignored -> writer.apply(List.of(entry.item()))
                    .onFailure(WriteBehind::refusedData).recoverWithItem(failure -> {
                        refused(entry, failure);
                        return null;
                    })
                    .invoke(() -> written(entry.seq())));
        }
        return chain;
    }

    // SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the item is at fault, not the database.
    static boolean refusedData(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
    }

    /** Flushes every {@code interval} from now on, whenever {@code writable} says the schema is there to take writes. */
    public void flushEvery(Vertx vertx, Duration interval, BooleanSupplier writable) {
        this.writable = writable;
        timer = vertx.setPeriodic(interval.toMillis(), ignored -> {
            if (writable.getAsBoolean()) {
                flush().subscribe().with(done -> { }, failure -> { });
            }
        });
    }

    /**
     * Stops the periodic flush and writes what is still queued, for at most {@code within} (at
     * shutdown: what was checked last is stored, not lost with the process). Blocks the caller.
     */
    public void drain(Vertx vertx, Duration within) {
        vertx.cancelTimer(timer);
        long deadline = System.nanoTime() + within.toNanos();
        while (pending() > 0 && writable.getAsBoolean() && System.nanoTime() < deadline) {
            // A periodic flush may still be running: this one starts when it ends.
            if (!flushing.compareAndSet(false, true)) {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                continue;
            }
            try {
                next().await().atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (TimeoutException e) {
                break;
            } finally {
                flushing.set(false);
            }
            if (!available) {
                break;
            }
        }
        if (pending() > 0) {
            Log.warnf("%d %s were not written to PostgreSQL before shutdown: %s", pending(), what,
                    lastError != null ? lastError : writable.getAsBoolean() ? "it did not take them within " + within
                            : "the schema was not migrated");
        }
    }

    /** Items waiting to be written. */
    public synchronized int pending() {
        return queue.size();
    }

    /** Items dropped since start because the buffer was full. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Items dropped since start because PostgreSQL refused them (a data or constraint error). */
    public synchronized long refused() {
        return refused;
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

    private synchronized void refused(Entry<T> entry, Throwable failure) {
        refused++;
        Log.errorf("PostgreSQL refused one of the %s, which is dropped: %s (%s)", what, failure.getMessage(),
                entry.item());
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
