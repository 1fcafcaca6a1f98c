package ai.sutazai.gateway.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/auth/tokens}: a name, a lifetime ({@code expiresIn}, ISO-8601) or an end
 * ({@code expiresAt}), and optionally groups narrower than the owner's.
 */
public record CreatePersonalToken(
        @NotBlank @Size(max = 100) String name,
        Duration expiresIn,
        Instant expiresAt,
        List<@Pattern(regexp = "user|admin", message = "must be user or admin") String> groups) {
}
