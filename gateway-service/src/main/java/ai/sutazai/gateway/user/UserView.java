package ai.sutazai.gateway.user;

import java.time.Instant;
import java.util.List;

/** A user as the API shows it: never the password hash. */
public record UserView(String id, String email, String username, List<String> groups, boolean disabled,
        Instant createdAt, Instant updatedAt) {

    /** The view of a stored user. */
    public static UserView of(User user) {
        return new UserView(user.id().toString(), user.email(), user.username(), user.groups(), user.disabled(),
                user.createdAt(), user.updatedAt());
    }
}
