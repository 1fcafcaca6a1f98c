package ai.sutazai.agent.llm;

import java.time.Instant;

/**
 * A model the platform's backend serves, the same shape from Ollama ({@code /api/tags} with
 * {@code /api/ps} for what is loaded) and from OpenAI-compatible servers ({@code /v1/models}), where
 * fields the backend does not report are null.
 */
public record ModelInfo(String id, String provider, String family, String parameterSize, String quantization,
        Long sizeBytes, Instant modifiedAt, Boolean loaded, Instant expiresAt, String ownedBy) {
}
