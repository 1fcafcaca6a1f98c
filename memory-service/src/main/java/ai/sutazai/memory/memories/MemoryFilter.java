package ai.sutazai.memory.memories;

import java.util.List;
import java.util.Map;

/** The filters of a memory listing; null or empty means "any". Metadata pairs must all match. */
public record MemoryFilter(String namespace, String agentId, String sessionId, List<String> tags,
        Map<String, String> metadata) {
}
