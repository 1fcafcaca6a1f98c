package ai.sutazai.agent.testing;

import java.util.Map;

/**
 * {@link StubbedBackends} with this replica's task workers off, so a test can act as the queue's
 * consumers itself: claim, hold, lose and end tasks as workers on other replicas would.
 */
public class QueueOnly extends StubbedBackends {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("agent.tasks.workers-enabled", "false");
    }
}
