package ai.sutazai.health.maintenance;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.paging.PageQuery;

/** Maintenance windows: anyone with a token reads them, admins plan, change and cancel them. */
@Path("/api/v1/system/maintenance-windows")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceResource {

    private final MaintenanceService maintenance;
    private final SecurityIdentity identity;

    public MaintenanceResource(MaintenanceService maintenance, SecurityIdentity identity) {
        this.maintenance = maintenance;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Maintenance windows, latest start first")
    public Page<MaintenanceWindow> list(@BeanParam @Valid PageQuery page) {
        return maintenance.list(page.limit(), page.cursor());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One maintenance window")
    public MaintenanceWindow get(@PathParam("id") String id) {
        return maintenance.get(id);
    }

    @POST
    @RolesAllowed("admin")
    @Operation(summary = "Plan a window: its probes (none = all) open no incidents and do not count for uptime")
    public Uni<Response> create(@NotNull @Valid MaintenanceRequest request) {
        return maintenance.create(request, identity.getPrincipal().getName()).map(window -> Response
                .created(URI.create("/api/v1/system/maintenance-windows/" + window.id())).entity(window).build());
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Change a window's probes, times or reason")
    public Uni<MaintenanceWindow> update(@PathParam("id") String id, @NotNull @Valid MaintenanceRequest request) {
        return maintenance.update(id, request);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Cancel a window")
    public Uni<Response> delete(@PathParam("id") String id) {
        return maintenance.delete(id).map(done -> Response.noContent().build());
    }
}
