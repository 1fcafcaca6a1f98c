package ai.sutazai.mcp.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import ai.sutazai.commons.paging.Cursors;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.paging.PageQuery;

/** The tool-call audit log, for admins. */
@Path("/api/v1/mcp/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AuditResource {

    private final ToolCallAudit audit;

    public AuditResource(ToolCallAudit audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Tool calls, REST and MCP, newest first: caller, server, tool, duration, outcome and a"
            + " hash of the arguments (never their values); the newest mcp.audit.capacity are kept")
    public Page<ToolCallRecord> list(@BeanParam @Valid PageQuery page) {
        Long before = null;
        String cursor = page.cursor();
        if (cursor != null && !cursor.isEmpty()) {
            try {
                before = Long.parseLong(Cursors.decode(cursor, 1).get(0));
            } catch (NumberFormatException e) {
                throw Cursors.invalid();
            }
        }
        return Page.of(audit.newestFirst(before, page.limit() + 1), page.limit(),
                record -> Cursors.encode(Long.toString(record.id())));
    }
}
