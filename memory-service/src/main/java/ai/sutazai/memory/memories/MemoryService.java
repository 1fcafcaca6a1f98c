package ai.sutazai.memory.memories;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.paging.Cursors;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.memory.MemoryConfig;
import ai.sutazai.memory.cache.VersionedCache;
import ai.sutazai.memory.embedding.EmbeddingWorker;

/** Memories of one owner: written, read through the cache, changed, listed and deleted. */
@ApplicationScoped
public class MemoryService {

    static final String DEFAULT_NAMESPACE = "default";
    private static final String PENDING = "pending";

    private final MemoryRepository memories;
    private final VersionedCache cache;
    private final MemoryConfig config;
    private final ObjectMapper json;
    private final EmbeddingWorker embedder;

    public MemoryService(MemoryRepository memories, VersionedCache cache, MemoryConfig config, ObjectMapper json,
            EmbeddingWorker embedder) {
        this.memories = memories;
        this.cache = cache;
        this.config = config;
        this.json = json;
        this.embedder = embedder;
    }

    /** Stores a new memory, or updates the owner's memory with the same namespace and key. */
    public Uni<MemoryRepository.Written> write(String ownerId, MemoryRequests.Create request) {
        checkContent("content", request.content());
        Instant expiresAt = expiry(request.ttl(), request.expiresAt());
        return memories.upsert(ownerId, request.namespace() == null ? DEFAULT_NAMESPACE : request.namespace(),
                request.key(), request.content(), request.agentId(), request.sessionId(),
                request.tags() == null ? List.of() : request.tags().stream().distinct().toList(),
                request.metadata() == null ? Map.of() : request.metadata(), request.importance(), expiresAt)
                .call(written -> written.created() ? Uni.createFrom().voidItem()
                        : cache.invalidate(key(written.memory().id()), written.memory().version()))
                .invoke(written -> embedIfPending(written.memory()));
    }

    /** The owner's memory, from the cache when it holds it; 404 for another owner's or an expired one. */
    public Uni<Memory> get(String ownerId, UUID id) {
        return cache.get(key(id.toString())).flatMap(cached -> {
            Optional<Memory> hit = cached.map(this::decode)
                    .filter(memory -> memory.ownerId().equals(ownerId) && !memory.expiredAt(Instant.now()));
            if (hit.isPresent()) {
                return Uni.createFrom().item(hit.get());
            }
            return memories.find(ownerId, id).flatMap(found -> {
                Memory memory = found.orElseThrow(() -> notFound(id));
                return cache.fill(key(memory.id()), memory.version(), encode(memory), cacheLifetime(memory))
                        .replaceWith(memory);
            });
        });
    }

    /** Changes the fields sent; the cache entry is invalidated before the answer. */
    public Uni<Memory> update(String ownerId, UUID id, MemoryRequests.Update request) {
        if (request.content() != null) {
            checkContent("content", request.content());
        }
        boolean setExpiry = request.ttl() != null || request.expiresAt() != null;
        Instant expiresAt = setExpiry ? expiry(request.ttl(), request.expiresAt()) : null;
        return memories.update(ownerId, id, request.content(), request.tags(), request.metadata(), request.importance(),
                setExpiry, expiresAt)
                .map(updated -> updated.orElseThrow(() -> notFound(id)))
                .call(memory -> cache.invalidate(key(memory.id()), memory.version()))
                .invoke(this::embedIfPending);
    }

    /** Deletes the owner's memory; 404 when there is none. */
    public Uni<Void> delete(String ownerId, UUID id) {
        return memories.delete(ownerId, id).flatMap(version -> version
                .map(v -> cache.invalidate(key(id.toString()), v + 1))
                .orElseGet(() -> Uni.createFrom().failure(notFound(id))));
    }

    /** One page of the owner's memories matching {@code filter}. */
    public Uni<Page<Memory>> list(String ownerId, MemoryFilter filter, int limit, String cursor) {
        Cursors.Position after = Cursors.position(cursor);
        return memories.list(ownerId, filter, after == null ? null : after.createdAt(),
                after == null ? null : after.id(), limit + 1).map(rows -> Page.of(rows, limit,
                memory -> Cursors.encode(memory.createdAt(), memory.id())));
    }

    private void embedIfPending(Memory memory) {
        if (PENDING.equals(memory.embeddingStatus())) {
            embedder.enqueue(UUID.fromString(memory.id()), memory.version(), memory.content());
        }
    }

    /** The cache key of a memory. */
    public static String key(String id) {
        return "mem:m:" + id;
    }

    private Duration cacheLifetime(Memory memory) {
        Duration lifetime = config.cache().ttl();
        if (memory.expiresAt() != null) {
            Duration left = Duration.between(Instant.now(), memory.expiresAt());
            return left.compareTo(lifetime) < 0 ? left : lifetime;
        }
        return lifetime;
    }

    private void checkContent(String field, String content) {
        if (content.isBlank()) {
            throw invalid(field, "must not be blank");
        }
        if (content.length() > config.maxContentLength()) {
            throw invalid(field, "must be at most " + config.maxContentLength() + " characters (it has "
                    + content.length() + ")");
        }
    }

    private static Instant expiry(Duration ttl, Instant expiresAt) {
        if (ttl != null && expiresAt != null) {
            throw invalid("expiresAt", "send either ttl or expiresAt, not both");
        }
        if (ttl != null) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw invalid("ttl", "must be a positive duration such as PT1H");
            }
            return Instant.now().plus(ttl);
        }
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw invalid("expiresAt", "must lie in the future");
        }
        return expiresAt;
    }

    private String encode(Memory memory) {
        try {
            return json.writeValueAsString(memory);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a memory must serialise", e);
        }
    }

    private Memory decode(String payload) {
        try {
            return json.readValue(payload, Memory.class);
        } catch (JsonProcessingException e) {
            // A foreign or outdated entry is a miss, never an error for the client.
            return null;
        }
    }

    static ProblemException notFound(UUID id) {
        return new ProblemException(ProblemType.NOT_FOUND, "You have no memory with the id " + id + ".");
    }

    /** A 400 naming the field and what is wrong with it. */
    public static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + " " + message + ".",
                List.of(new Problem.FieldError(field, message)), Map.of());
    }
}
