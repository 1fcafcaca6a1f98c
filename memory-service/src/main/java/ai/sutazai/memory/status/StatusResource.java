package ai.sutazai.memory.status;

import java.util.Locale;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.memory.cache.VersionedCache;
import ai.sutazai.memory.embedding.EmbeddingModel;
import ai.sutazai.memory.search.VectorIndex;
import ai.sutazai.memory.owner.Owners;

/** Counts of what is stored: the caller's own, or for admins and services the totals and background state. */
@Path("/api/v1/memory/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    /** The answer; {@code expiredAwaitingPurge} and {@code cache} only for admins and services. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String scope, long memories, long conversations, long messages, Long expiredAwaitingPurge,
            String cache, Search search) {
    }

    /**
     * How search works here: the vector backend serving semantic search ({@code pgvector} or
     * {@code exact}), the embedding model and its state, and the scope's memories per embedding status.
     */
    public record Search(String vectorBackend, String embeddingModel, int dimension, String modelState,
            long pending, long ready, long failed) {
    }

    // One pass over the scope's memories counts the live ones by embedding status and the expired ones.
    private static final String COUNTS = "SELECT m.pending + m.ready + m.failed AS memories, m.expired, m.pending, "
            + "m.ready, m.failed, (SELECT count(*) FROM memory.conversations WHERE %1$s) AS conversations, "
            + "(SELECT count(*) FROM memory.messages WHERE %1$s) AS messages "
            + "FROM (SELECT count(*) FILTER (WHERE live AND embedding_status = 'pending') AS pending, "
            + "count(*) FILTER (WHERE live AND embedding_status = 'ready') AS ready, "
            + "count(*) FILTER (WHERE live AND embedding_status = 'failed') AS failed, "
            + "count(*) FILTER (WHERE NOT live) AS expired "
            + "FROM (SELECT embedding_status, (expires_at IS NULL OR expires_at > now()) AS live "
            + "FROM memory.memories WHERE %1$s) scope) m";

    private final Pool pool;
    private final VersionedCache cache;
    private final SecurityIdentity identity;
    private final EmbeddingModel model;
    private final VectorIndex vectors;

    public StatusResource(Pool pool, VersionedCache cache, SecurityIdentity identity, EmbeddingModel model,
            VectorIndex vectors) {
        this.pool = pool;
        this.cache = cache;
        this.identity = identity;
        this.model = model;
        this.vectors = vectors;
    }

    @GET
    @Operation(summary = "Your counts and how search works; for admins the totals, the purge backlog and the cache state")
    public Uni<Status> status() {
        if (Owners.isPrivileged(identity)) {
            return pool.query(String.format(COUNTS, "true")).execute()
                    .map(rows -> status("all", rows.iterator().next(), true));
        }
        String owner = ((JsonWebToken) identity.getPrincipal()).getSubject();
        return pool.preparedQuery(String.format(COUNTS, "owner_id = $1")).execute(Tuple.of(owner))
                .map(rows -> status("owner", rows.iterator().next(), false));
    }

    private Status status(String scope, Row row, boolean privileged) {
        return new Status(scope, row.getLong("memories"), row.getLong("conversations"), row.getLong("messages"),
                privileged ? row.getLong("expired") : null,
                privileged ? (cache.available() ? "up" : "degraded") : null,
                new Search(vectors.active().name(), model.name(), model.dimension(),
                        model.state().name().toLowerCase(Locale.ROOT), row.getLong("pending"), row.getLong("ready"),
                        row.getLong("failed")));
    }
}
