package ai.sutazai.memory.status;

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
import ai.sutazai.memory.owner.Owners;

/** Counts of what is stored: the caller's own, or for admins and services the totals and background state. */
@Path("/api/v1/memory/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    /** The answer; {@code expiredAwaitingPurge} and {@code cache} only for admins and services. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String scope, long memories, long conversations, long messages, Long expiredAwaitingPurge,
            String cache) {
    }

    private static final String COUNTS = "SELECT "
            + "(SELECT count(*) FROM memory.memories WHERE (%1$s) AND (expires_at IS NULL OR expires_at > now())) AS memories, "
            + "(SELECT count(*) FROM memory.conversations WHERE %1$s) AS conversations, "
            + "(SELECT count(*) FROM memory.messages WHERE %1$s) AS messages, "
            + "(SELECT count(*) FROM memory.memories WHERE (%1$s) AND expires_at <= now()) AS expired";

    private final Pool pool;
    private final VersionedCache cache;
    private final SecurityIdentity identity;

    public StatusResource(Pool pool, VersionedCache cache, SecurityIdentity identity) {
        this.pool = pool;
        this.cache = cache;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Your counts; for admins the totals, the purge backlog and the cache state")
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
                privileged ? (cache.available() ? "up" : "degraded") : null);
    }
}
