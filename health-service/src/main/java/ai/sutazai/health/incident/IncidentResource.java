package ai.sutazai.health.incident;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
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
import ai.sutazai.commons.paging.PageQuery;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.health.monitor.ProbeMonitor;
import ai.sutazai.health.storage.StorageGate;

/**
 * Incidents: the first page lists every open one (from memory, so they are known even while
 * PostgreSQL is down), then up to {@code limit} closed ones, latest first; later pages hold closed ones.
 */
@Path("/api/v1/system/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    private final IncidentService incidents;
    private final ProbeMonitor monitor;
    private final StorageGate storage;

    public IncidentResource(IncidentService incidents, ProbeMonitor monitor, StorageGate storage) {
        this.incidents = incidents;
        this.monitor = monitor;
        this.storage = storage;
    }

    @GET
    @Operation(summary = "Open and recent incidents", description = "state=open answers from memory and works while "
            + "PostgreSQL is down; closed and all read the closed ones from PostgreSQL.")
    public Uni<Page<Incident>> list(@QueryParam("state") @DefaultValue("all") String state,
            @QueryParam("probe") String probe, @BeanParam @Valid PageQuery page) {
        if (!List.of("open", "closed", "all").contains(state)) {
            throw ProblemException.invalid("state", "must be open, closed or all");
        }
        if (probe != null) {
            monitor.require(probe);
        }
        List<Incident> open = page.cursor() != null || state.equals("closed") ? List.of()
                : incidents.open().stream().filter(incident -> probe == null || incident.probe().equals(probe)).toList();
        if (state.equals("open")) {
            return Uni.createFrom().item(new Page<>(open, null));
        }
        Cursors.Position after = Cursors.position(page.cursor());
        return storage.call("Listing closed incidents", () -> incidents.closed(probe,
                after == null ? null : after.createdAt(), after == null ? null : after.id(), page.limit() + 1))
                .map(closed -> {
                    Page<Incident> rest = Page.of(closed, page.limit(),
                            incident -> Cursors.encode(incident.startedAt(), incident.id()));
                    List<Incident> items = new ArrayList<>(open);
                    items.addAll(rest.items());
                    return new Page<>(items, rest.nextCursor());
                });
    }
}
