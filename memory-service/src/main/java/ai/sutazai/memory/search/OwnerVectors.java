package ai.sutazai.memory.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

import ai.sutazai.memory.search.VectorRepository.Change;
import ai.sutazai.memory.search.VectorRepository.Revision;

/**
 * One owner's embedded memories in memory, as of one owner revision: their unit vectors packed
 * slot after slot in slabs of {@code float}, their ids and expiry. Searches score under a read
 * lock; catching up with PostgreSQL writes under the write lock, one catch-up at a time.
 */
final class OwnerVectors {

    // Vectors per slab: slabs grow the index without ever copying it whole (a 100k scope is 150 MB).
    private static final int SLAB_SHIFT = 10;
    private static final int SLAB = 1 << SLAB_SHIFT;

    private final int dimension;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<UUID, Integer> slots = new HashMap<>();
    private float[][] slabs = new float[0][];
    private UUID[] ids = new UUID[0];
    private long[] expires = new long[0];
    private int size;
    // Where the owner stood when this index last caught up; -1 before the first load.
    private volatile long revision = -1;
    private volatile long deletions = -1;
    private Uni<Void> catchingUp;

    OwnerVectors(int dimension) {
        this.dimension = dimension;
    }

    /** The owner revision every change up to which is applied here. */
    long revision() {
        return revision;
    }

    /** The owner's deletion count at that revision; -1 before the first load. */
    long deletions() {
        return deletions;
    }

    /** Vectors held. */
    int size() {
        return size;
    }

    /** The catch-up in flight, or a new one from {@code start}: concurrent searches share one. */
    synchronized Uni<Void> catchUp(Supplier<Uni<Void>> start) {
        if (catchingUp == null) {
            AtomicReference<Uni<Void>> self = new AtomicReference<>();
            self.set(start.get().onTermination().invoke(() -> finished(self.get())).memoize().indefinitely());
            catchingUp = self.get();
        }
        return catchingUp;
    }

    private synchronized void finished(Uni<Void> done) {
        if (catchingUp == done) {
            catchingUp = null;
        }
    }

    /** Applies changes read from PostgreSQL, in their revision order. */
    void apply(List<Change> changes) {
        lock.writeLock().lock();
        try {
            for (Change change : changes) {
                if (change.unit() == null) {
                    remove(change.id());
                } else {
                    put(change.id(), change.expiresAtMillis(), change.unit());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops every memory not among {@code live} (the owner's ids listed after the changes applied). */
    void retain(Set<UUID> live) {
        lock.writeLock().lock();
        try {
            for (int slot = size - 1; slot >= 0; slot--) {
                if (!live.contains(ids[slot])) {
                    remove(ids[slot]);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Marks the index as holding every change up to {@code at}. */
    void caughtUp(Revision at) {
        deletions = at.deletions();
        revision = at.revision();
    }

    /**
     * The {@code depth} memories nearest to {@code query} that have not expired at {@code nowMillis},
     * best first, ties by id; only those in {@code among} when it is not null.
     */
    List<Ranked> nearest(float[] query, long nowMillis, int depth, Double minScore, Collection<UUID> among) {
        lock.readLock().lock();
        try {
            Nearest best = new Nearest(depth, minScore == null ? Double.NEGATIVE_INFINITY : minScore, ids);
            if (among == null) {
                for (int slot = 0; slot < size; slot++) {
                    if (expires[slot] > nowMillis) {
                        best.offer(slot, dot(query, slabs[slot >>> SLAB_SHIFT], (slot & (SLAB - 1)) * dimension));
                    }
                }
            } else {
                for (UUID id : among) {
                    Integer slot = slots.get(id);
                    if (slot != null && expires[slot] > nowMillis) {
                        best.offer(slot, dot(query, slabs[slot >>> SLAB_SHIFT], (slot & (SLAB - 1)) * dimension));
                    }
                }
            }
            return best.ranked();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether every id is held (so a filtered scope can be scored from here alone). */
    boolean holdsAll(Collection<UUID> among) {
        lock.readLock().lock();
        try {
            return slots.keySet().containsAll(among);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void put(UUID id, long expiresAt, float[] unit) {
        Integer slot = slots.get(id);
        if (slot == null) {
            slot = size++;
            grow();
            slots.put(id, slot);
            ids[slot] = id;
        }
        expires[slot] = expiresAt;
        System.arraycopy(unit, 0, slabs[slot >>> SLAB_SHIFT], (slot & (SLAB - 1)) * dimension, dimension);
    }

    // The last slot moves into the freed one, so slots 0..size-1 stay dense for the scoring loop.
    private void remove(UUID id) {
        Integer slot = slots.remove(id);
        if (slot == null) {
            return;
        }
        int last = --size;
        if (slot != last) {
            ids[slot] = ids[last];
            expires[slot] = expires[last];
            System.arraycopy(slabs[last >>> SLAB_SHIFT], (last & (SLAB - 1)) * dimension,
                    slabs[slot >>> SLAB_SHIFT], (slot & (SLAB - 1)) * dimension, dimension);
            slots.put(ids[slot], slot);
        }
        ids[last] = null;
    }

    private void grow() {
        if (size > ids.length) {
            int capacity = Math.max(SLAB, ids.length + (ids.length >> 1));
            ids = Arrays.copyOf(ids, capacity);
            expires = Arrays.copyOf(expires, capacity);
        }
        int slabsNeeded = (size + SLAB - 1) >>> SLAB_SHIFT;
        if (slabsNeeded > slabs.length) {
            slabs = Arrays.copyOf(slabs, slabsNeeded);
            slabs[slabsNeeded - 1] = new float[SLAB * dimension];
        }
    }

    // Four independent sums let the CPU overlap the multiplications; the JIT does not reorder float adds.
    static double dot(float[] query, float[] slab, int offset) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int n = query.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += query[i] * slab[offset + i];
            s1 += query[i + 1] * slab[offset + i + 1];
            s2 += query[i + 2] * slab[offset + i + 2];
            s3 += query[i + 3] * slab[offset + i + 3];
        }
        for (; i < n; i++) {
            s0 += query[i] * slab[offset + i];
        }
        return (double) s0 + s1 + s2 + s3;
    }

    /**
     * A bounded heap of the best {@code depth} slots offered, in {@link Ranking#BEST_FIRST}'s order
     * (score, then the smaller id): its root is the worst held, the first to drop out.
     */
    private static final class Nearest {
        private final int depth;
        private final double minScore;
        private final UUID[] ids;
        private final int[] slots;
        private final double[] scores;
        private int size;

        Nearest(int depth, double minScore, UUID[] ids) {
            this.depth = depth;
            this.minScore = minScore;
            this.ids = ids;
            this.slots = new int[depth];
            this.scores = new double[depth];
        }

        void offer(int slot, double score) {
            if (score < minScore) {
                return;
            }
            if (size < depth) {
                slots[size] = slot;
                scores[size] = score;
                siftUp(size++);
            } else if (worse(0, score, slot)) {
                slots[0] = slot;
                scores[0] = score;
                siftDown(0);
            }
        }

        List<Ranked> ranked() {
            List<Ranked> ranked = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                ranked.add(new Ranked(ids[slots[i]], scores[i]));
            }
            ranked.sort(Ranking.BEST_FIRST);
            return ranked;
        }

        // Whether held entry i ranks below (score, slot); equal scores are rare, so ids are compared only then.
        private boolean worse(int i, double score, int slot) {
            return scores[i] < score
                    || scores[i] == score && Ranking.ID_ORDER.compare(ids[slots[i]], ids[slot]) > 0;
        }

        private void siftUp(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!worse(i, scores[parent], slots[parent])) {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    return;
                }
                if (child + 1 < size && worse(child + 1, scores[child], slots[child])) {
                    child++;
                }
                if (!worse(child, scores[i], slots[i])) {
                    return;
                }
                swap(i, child);
                i = child;
            }
        }

        private void swap(int a, int b) {
            int slot = slots[a];
            slots[a] = slots[b];
            slots[b] = slot;
            double score = scores[a];
            scores[a] = scores[b];
            scores[b] = score;
        }
    }
}
