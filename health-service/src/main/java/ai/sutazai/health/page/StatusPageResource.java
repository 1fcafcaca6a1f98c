package ai.sutazai.health.page;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /status}: the platform's status as a public HTML page, rendered on the server (it
 * works with JavaScript off) and reloading itself every 30 seconds.
 */
@Path("/status")
public class StatusPageResource {

    /** The page's template, checked against {@link StatusPage} at build time. */
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance status(StatusPage page);
    }

    private final StatusPageService pages;

    public StatusPageResource(StatusPageService pages) {
        this.pages = pages;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Public status page (HTML): components by group, state, latency and 24 h uptime",
            description = "Names and states only, as the anonymous status answer: no errors, causes or targets.")
    public Uni<Response> page() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return pages.page().map(page -> Response.ok(Templates.status(page).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).cacheControl(noStore).build());
    }
}
