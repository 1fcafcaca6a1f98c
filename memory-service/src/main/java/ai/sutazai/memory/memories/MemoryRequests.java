package ai.sutazai.memory.memories;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The bodies the memory endpoints accept. Unknown fields are ignored. */
public final class MemoryRequests {

    /** Namespaces, keys and ids: plain names, so they read well in URLs and logs. */
    public static final String NAME = "[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}";
    /** What {@link #NAME} requires, as a validation message. */
    public static final String NAME_MESSAGE = "must be 1-128 letters, digits, '.', '_', ':', '/' or '-'";

    private MemoryRequests() {
    }

    /** {@code POST /api/v1/memory/memories}: a new memory, or an update of the one with the same key. */
    public record Create(
            @NotNull String content,
            @Pattern(regexp = NAME, message = NAME_MESSAGE) String namespace,
            @Pattern(regexp = NAME, message = NAME_MESSAGE) String key,
            @Pattern(regexp = NAME, message = NAME_MESSAGE) String agentId,
            @Pattern(regexp = NAME, message = NAME_MESSAGE) String sessionId,
            @Size(max = 50) List<@NotNull @Pattern(regexp = NAME, message = NAME_MESSAGE) String> tags,
            @Size(max = 100) Map<String, Object> metadata,
            @DecimalMin("0") @DecimalMax("1") Double importance,
            Duration ttl,
            Instant expiresAt,
            String ownerId) {
    }

    /** {@code PATCH /api/v1/memory/memories/{id}}: only the fields sent change. */
    public record Update(
            String content,
            @Size(max = 50) List<@NotNull @Pattern(regexp = NAME, message = NAME_MESSAGE) String> tags,
            @Size(max = 100) Map<String, Object> metadata,
            @DecimalMin("0") @DecimalMax("1") Double importance,
            Duration ttl,
            Instant expiresAt) {
    }
}
