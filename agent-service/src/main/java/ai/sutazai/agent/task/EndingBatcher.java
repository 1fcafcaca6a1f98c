package ai.sutazai.agent.task;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;

/**
 * Gathers the endings of attempts that finish together into one transaction (one commit, one
 * lock statement, the writes pipelined), which is most of what a short task costs. Tasks with a
 * parent end on their own, since they settle it.
 */
@ApplicationScoped
public class EndingBatcher {

    private static final int MAX_BATCH = 64;

    private record Waiting(QueueRepository.Pending pending, UniEmitter<? super QueueRepository.Ended> emitter) {
    }

    private final QueueRepository queue;
    private final Vertx vertx;
    private final List<Waiting> waiting = new ArrayList<>();
    private boolean scheduled;

    public EndingBatcher(QueueRepository queue, Vertx vertx) {
        this.queue = queue;
        this.vertx = vertx;
    }

    /** Ends the attempt holding {@code leaseToken}, with the others that end in the same moment. */
    public Uni<QueueRepository.Ended> end(Task task, UUID leaseToken, QueueRepository.Ending ending) {
        if (task.parentId() != null) {
            return queue.end(task, leaseToken, ending);
        }
        return Uni.createFrom().emitter(emitter -> {
            synchronized (this) {
                waiting.add(new Waiting(new QueueRepository.Pending(task, leaseToken, ending), emitter));
                if (!scheduled) {
                    scheduled = true;
                    // The next turn of the event loop: endings that arrive meanwhile join this batch.
                    vertx.runOnContext(this::flush);
                }
            }
        });
    }

    private void flush() {
        List<Waiting> batch;
        synchronized (this) {
            batch = new ArrayList<>(waiting.subList(0, Math.min(MAX_BATCH, waiting.size())));
            waiting.subList(0, batch.size()).clear();
            scheduled = !waiting.isEmpty();
            if (scheduled) {
                vertx.runOnContext(this::flush);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        queue.endAll(batch.stream().map(Waiting::pending).toList()).subscribe().with(outcomes -> {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).emitter().complete(outcomes.get(i));
            }
        }, failure -> batch.forEach(one -> one.emitter().fail(failure)));
    }
}
