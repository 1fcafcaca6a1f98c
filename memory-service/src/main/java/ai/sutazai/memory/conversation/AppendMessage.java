package ai.sutazai.memory.conversation;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/memory/conversations/{id}/messages}. */
public record AppendMessage(
        @NotBlank @Pattern(regexp = "user|assistant|system|tool", message = "must be user, assistant, system or tool") String role,
        @NotNull String content,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}", message = "must be 1-128 letters, digits, '.', '_', ':', '/' or '-'") String agentId,
        @Size(max = 100) Map<String, Object> metadata,
        String ownerId) {
}
