package ai.sutazai.memory.search;

import java.util.UUID;

/** A memory's place in one ranked list: its id and the list's score for it. */
public record Ranked(UUID id, double score) {
}
