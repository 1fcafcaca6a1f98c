package ai.sutazai.agent.registry;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the model generates: sampling temperature, the most tokens to generate, and the context
 * window (Ollama's {@code num_ctx}; OpenAI-compatible servers fix their own). Null means the
 * backend's default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerationOptions(
        @DecimalMin("0") @DecimalMax("2") Double temperature,
        @Min(1) @Max(1_000_000) Integer maxTokens,
        @Min(128) @Max(10_000_000) Integer contextSize) {

    /** No options: every one at the backend's default. */
    public static final GenerationOptions NONE = new GenerationOptions(null, null, null);

    /** These options with each one {@code override} sets replacing ours. */
    public GenerationOptions overriddenBy(GenerationOptions override) {
        if (override == null) {
            return this;
        }
        return new GenerationOptions(
                override.temperature != null ? override.temperature : temperature,
                override.maxTokens != null ? override.maxTokens : maxTokens,
                override.contextSize != null ? override.contextSize : contextSize);
    }
}
