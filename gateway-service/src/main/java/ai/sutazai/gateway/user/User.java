package ai.sutazai.gateway.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;

/** A stored user, with the hash of its password. Never leaves the service as is: see {@link UserView}. */
public record User(UUID id, String email, String username, String passwordHash, List<String> groups,
        boolean disabled, Instant createdAt, Instant updatedAt) {

    /** The group every user has. */
    public static final String USER = "user";
    /** The group that administers users. */
    public static final String ADMIN = "admin";
    /** The groups a user may be given. */
    public static final List<String> GROUPS = List.of(USER, ADMIN);

    /** The columns {@link #from(Row)} reads, for SELECT and RETURNING lists. */
    public static final String COLUMNS = "id, email, username, password_hash, groups, disabled, created_at, updated_at";

    /** The user in a row holding {@link #COLUMNS}. */
    public static User from(Row row) {
        return new User(row.getUUID("id"), row.getString("email"), row.getString("username"),
                row.getString("password_hash"), List.of(row.getArrayOfStrings("groups")), row.getBoolean("disabled"),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
    }

    /** Whether the user administers others. */
    public boolean isAdmin() {
        return groups.contains(ADMIN);
    }
}
