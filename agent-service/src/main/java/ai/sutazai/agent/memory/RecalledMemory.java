package ai.sutazai.agent.memory;

import java.time.Instant;

/** A memory of the caller that a search by meaning found relevant to their message. */
public record RecalledMemory(String id, String content, double score, Instant createdAt) {
}
