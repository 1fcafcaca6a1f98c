package ai.sutazai.memory.embedding;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the embedding model has loaded and fits the stored vectors. */
@Readiness
@ApplicationScoped
public class EmbeddingReadinessCheck implements HealthCheck {

    private final EmbeddingModel model;

    public EmbeddingReadinessCheck(EmbeddingModel model) {
        this.model = model;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("embeddings").status(model.state() == EmbeddingModel.State.READY)
                .withData("model", model.name()).withData("dimension", model.dimension())
                .withData("state", model.state().name().toLowerCase());
        model.problem().ifPresent(problem -> builder.withData("reason", problem));
        return builder.build();
    }
}
