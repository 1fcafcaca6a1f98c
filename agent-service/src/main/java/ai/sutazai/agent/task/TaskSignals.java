package ai.sutazai.agent.task;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * In-process news that a task has new events, so an event stream on the replica that wrote them
 * reads them at once; streams of tasks run elsewhere fall back to polling.
 */
@ApplicationScoped
public class TaskSignals {

    private final Map<UUID, Set<Runnable>> listeners = new ConcurrentHashMap<>();

    /** Calls {@code listener} on each new event of the task until the returned handle is closed. */
    public AutoCloseable listen(UUID taskId, Runnable listener) {
        listeners.computeIfAbsent(taskId, id -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> listeners.computeIfPresent(taskId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Tells this replica's streams of the task that it has new events. */
    public void changed(UUID taskId) {
        Set<Runnable> set = listeners.get(taskId);
        if (set != null) {
            set.forEach(Runnable::run);
        }
    }
}
