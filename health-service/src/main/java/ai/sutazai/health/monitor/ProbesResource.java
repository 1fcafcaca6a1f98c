package ai.sutazai.health.monitor;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import ai.sutazai.commons.paging.Cursors;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.paging.PageQuery;
import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.health.probe.ProbesFileException;

/** The probes that run, and the reload of the probes file. */
@Path("/api/v1/system/probes")
@Produces(MediaType.APPLICATION_JSON)
public class ProbesResource {

    private final ProbeMonitor monitor;

    public ProbesResource(ProbeMonitor monitor) {
        this.monitor = monitor;
    }

    @GET
    @Operation(summary = "Every probe: its definition (no credentials) and state, by name")
    public Page<ProbeView> list(@BeanParam @Valid PageQuery page) {
        String after = page.cursor() == null ? null : Cursors.decode(page.cursor(), 1).get(0);
        List<ProbeView> rows = monitor.components().stream().map(ProbeView::of)
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .filter(view -> after == null || view.name().compareTo(after) > 0)
                .limit(page.limit() + 1L).toList();
        return Page.of(rows, page.limit(), view -> Cursors.encode(view.name()));
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One probe")
    public ProbeView get(@PathParam("name") String name) {
        return ProbeView.of(monitor.require(name));
    }

    @POST
    @Path("/reload")
    @RolesAllowed("admin")
    @Operation(summary = "Read the probes file again", description = "Unchanged probes keep their state, changed ones "
            + "start afresh, removed ones stop. An invalid file is refused with every problem and the old probes "
            + "keep running.")
    public ProbeMonitor.Reload reload() {
        try {
            return monitor.reload();
        } catch (ProbesFileException e) {
            List<Problem.FieldError> errors = e.problems().stream()
                    .map(problem -> new Problem.FieldError("probesFile", problem)).toList();
            throw new ProblemException(ProblemType.VALIDATION, "The probes file "
                    + e.getMessage() + ". The " + monitor.components().size() + " probes running before keep running.",
                    errors, Map.of());
        }
    }
}
