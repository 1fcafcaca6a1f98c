package ai.sutazai.agent.model;

import java.time.Duration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import ai.sutazai.agent.llm.ModelCatalogue;
import ai.sutazai.agent.llm.ModelInfo;
import ai.sutazai.commons.paging.Page;

/** The models the platform's LLM backend serves, asked of it on each call: never a list of our own making. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ModelCatalogue catalogue;

    public ModelResource(ModelCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @Operation(summary = "Models of the LLM backend (Ollama: /api/tags with what /api/ps says is loaded; "
            + "OpenAI-compatible: /v1/models); 503 when the backend cannot be reached")
    public Uni<Page<ModelInfo>> list() {
        return catalogue.platformModels(TIMEOUT).map(models -> new Page<>(models, null));
    }
}
