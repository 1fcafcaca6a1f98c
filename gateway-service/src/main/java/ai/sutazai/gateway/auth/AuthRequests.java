package ai.sutazai.gateway.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The bodies the auth endpoints accept. Unknown fields, such as a sent {@code groups}, are ignored. */
public final class AuthRequests {

    /** Letters, digits, dot, dash and underscore, 3–64 characters, no {@code @} (that marks an e-mail). */
    public static final String USERNAME = "[A-Za-z0-9][A-Za-z0-9._-]{2,63}";

    private AuthRequests() {
    }

    /** {@code POST /api/v1/auth/register}. */
    public record Register(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Pattern(regexp = USERNAME,
                    message = "must be 3-64 letters, digits, '.', '-' or '_', starting with a letter or digit") String username,
            @NotBlank String password) {
    }

    /** {@code POST /api/v1/auth/login}: {@code username} may also be the e-mail address. */
    public record Login(@NotBlank @Size(max = 254) String username, @NotBlank @Size(max = 1024) String password) {
    }

    /** {@code POST /api/v1/auth/refresh}. */
    public record Refresh(@JsonProperty("refresh_token") @NotBlank @Size(max = 256) String refreshToken) {
    }

    /** {@code POST /api/v1/auth/logout}: one session by its refresh token, or every session when none is sent. */
    public record Logout(@JsonProperty("refresh_token") @Size(max = 256) String refreshToken) {
    }

    /** {@code POST /api/v1/auth/password}. */
    public record PasswordChange(@NotBlank @Size(max = 1024) String currentPassword, @NotBlank String newPassword) {
    }
}
