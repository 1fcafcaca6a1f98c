package ai.sutazai.gateway.audit;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.paging.Cursors;
import ai.sutazai.commons.paging.Page;

/** The identity audit log, newest first: admins only. */
@Path("/api/v1/auth/audit")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Identity events, newest first; filter by event name or by the user they concern")
    public Uni<Page<AuditEvent>> list(@QueryParam("event") String event, @QueryParam("userId") UUID userId,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
            @QueryParam("cursor") String cursor) {
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(Cursors.decode(cursor, 1).get(0));
            } catch (NumberFormatException e) {
                throw Cursors.invalid();
            }
        }
        return audit.list(event, userId, before, limit + 1)
                .map(rows -> Page.of(rows, limit, row -> Cursors.encode(row.id())));
    }
}
