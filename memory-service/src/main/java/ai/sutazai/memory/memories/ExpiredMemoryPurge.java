package ai.sutazai.memory.memories;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Deletes expired memories (already invisible to every read) in batches, so they do not pile up. */
@ApplicationScoped
public class ExpiredMemoryPurge {

    static final int BATCH = 1000;

    private final MemoryRepository memories;

    public ExpiredMemoryPurge(MemoryRepository memories) {
        this.memories = memories;
    }

    @Scheduled(every = "${memory.purge.every}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return purgeAll().onFailure().recoverWithItem(failure -> {
            Log.debugf("Purging expired memories waits for PostgreSQL: %s", failure.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** Deletes every expired memory, batch by batch; answers how many. */
    public Uni<Integer> purgeAll() {
        return memories.purgeExpired(BATCH).flatMap(deleted -> deleted < BATCH
                ? Uni.createFrom().item(deleted)
                : purgeAll().map(more -> deleted + more))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        Log.infof("Purged %d expired memories", deleted);
                    }
                });
    }
}
