package ai.sutazai.gateway.user;

import java.util.List;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import ai.sutazai.gateway.auth.AuthRequests;

/** The bodies of the admin user endpoints. */
public final class UserRequests {

    private UserRequests() {
    }

    /** {@code POST /api/v1/auth/users}: an account made by an admin, optionally with groups. */
    public record Create(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Pattern(regexp = AuthRequests.USERNAME,
                    message = "must be 3-64 letters, digits, '.', '-' or '_', starting with a letter or digit") String username,
            @NotBlank String password,
            List<@Pattern(regexp = "user|admin", message = "must be user or admin") String> groups) {
    }

    /** {@code PATCH /api/v1/auth/users/{id}}: only the fields sent change. */
    public record Update(
            List<@Pattern(regexp = "user|admin", message = "must be user or admin") String> groups,
            Boolean disabled,
            String password) {
    }
}
