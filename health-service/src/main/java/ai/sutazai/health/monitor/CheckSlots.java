package ai.sutazai.health.monitor;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool checks run in: at most {@code size} at once, the rest wait in arrival order.
 * Lock-free, since checks start and end on every event loop.
 */
final class CheckSlots {

    private final AtomicInteger free;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    CheckSlots(int size) {
        this.free = new AtomicInteger(size);
    }

    /** Runs {@code check} in a slot, now or once one frees up; it must call {@link #release()} when done. */
    void submit(Runnable check) {
        waiting.add(check);
        drain();
    }

    /** Gives a slot back and starts the next waiting check, if any. */
    void release() {
        free.incrementAndGet();
        drain();
    }

    /** Checks waiting for a slot. */
    int waiting() {
        return waiting.size();
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            int slots = free.get();
            if (slots <= 0) {
                return;
            }
            if (!free.compareAndSet(slots, slots - 1)) {
                continue;
            }
            Runnable next = waiting.poll();
            if (next == null) {
                free.incrementAndGet();
                continue;
            }
            next.run();
        }
    }
}
