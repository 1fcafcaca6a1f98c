package ai.sutazai.memory.search;

import static ai.sutazai.memory.memories.MemoryRequests.NAME;
import static ai.sutazai.memory.memories.MemoryRequests.NAME_MESSAGE;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/memory/search}. {@code mode} defaults to {@code hybrid}, {@code limit} to 10;
 * {@code minScore} is a cosine similarity and applies to the semantic list only.
 */
public record SearchRequest(
        @NotNull String query,
        String mode,
        @Valid Filter filter,
        @Min(1) @Max(500) Integer limit,
        @DecimalMin("-1") @DecimalMax("1") Double minScore,
        Boolean explain,
        String ownerId) {

    /** The listing's filters; metadata pairs must all match. */
    public record Filter(
            @Pattern(regexp = NAME, message = NAME_MESSAGE) String namespace,
            @Pattern(regexp = NAME, message = NAME_MESSAGE) String agentId,
            @Pattern(regexp = NAME, message = NAME_MESSAGE) String sessionId,
            @Size(max = 50) List<@NotNull @Pattern(regexp = NAME, message = NAME_MESSAGE) String> tags,
            @Size(max = 100) Map<String, Object> metadata) {
    }
}
