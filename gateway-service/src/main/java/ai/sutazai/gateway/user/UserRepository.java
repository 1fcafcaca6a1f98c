package ai.sutazai.gateway.user;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;

/** SQL for {@code identity.users}. */
@ApplicationScoped
public class UserRepository {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;

    public UserRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores a new user; a taken e-mail address or username is a 409 naming the field. */
    public Uni<User> insert(SqlClient client, UUID id, String email, String username, String passwordHash,
            List<String> groups) {
        return client.preparedQuery("INSERT INTO identity.users (id, email, username, password_hash, groups) "
                + "VALUES ($1, $2, $3, $4, $5) RETURNING " + User.COLUMNS)
                .execute(Tuple.of(id, email, username, passwordHash, groups.toArray(String[]::new)))
                .map(rows -> User.from(rows.iterator().next()))
                .onFailure(UserRepository::isUniqueViolation).transform(UserRepository::taken);
    }

    /** Stores a new user outside any transaction. */
    public Uni<User> insert(UUID id, String email, String username, String passwordHash, List<String> groups) {
        return insert(pool, id, email, username, passwordHash, groups);
    }

    /** The user with this id. */
    public Uni<Optional<User>> findById(UUID id) {
        return pool.preparedQuery("SELECT " + User.COLUMNS + " FROM identity.users WHERE id = $1")
                .execute(Tuple.of(id)).map(UserRepository::first);
    }

    /** The user a sign-in name refers to: an e-mail address when it holds {@code @}, else a username. */
    public Uni<Optional<User>> findByLogin(String login) {
        String column = login.contains("@") ? "email" : "username";
        return pool.preparedQuery("SELECT " + User.COLUMNS + " FROM identity.users WHERE lower(" + column
                + ") = lower($1)").execute(Tuple.of(login)).map(UserRepository::first);
    }

    /** Up to {@code limit} users in creation order, after the given position (null: from the start). */
    public Uni<List<User>> list(Instant afterCreatedAt, UUID afterId, int limit) {
        if (afterCreatedAt == null) {
            return pool.preparedQuery("SELECT " + User.COLUMNS + " FROM identity.users ORDER BY created_at, id LIMIT $1")
                    .execute(Tuple.of(limit)).map(UserRepository::all);
        }
        return pool.preparedQuery("SELECT " + User.COLUMNS + " FROM identity.users WHERE (created_at, id) > ($1, $2) "
                + "ORDER BY created_at, id LIMIT $3")
                .execute(Tuple.of(OffsetDateTime.ofInstant(afterCreatedAt, ZoneOffset.UTC), afterId, limit))
                .map(UserRepository::all);
    }

    /** Sets the groups and the disabled flag; the row is locked by the caller's transaction. */
    public Uni<User> updateAccess(SqlClient client, UUID id, List<String> groups, boolean disabled) {
        return client.preparedQuery("UPDATE identity.users SET groups = $2, disabled = $3, updated_at = now() "
                + "WHERE id = $1 RETURNING " + User.COLUMNS)
                .execute(Tuple.of(id, groups.toArray(String[]::new), disabled))
                .map(rows -> User.from(rows.iterator().next()));
    }

    /** Replaces the password hash. */
    public Uni<User> updatePassword(SqlClient client, UUID id, String passwordHash) {
        return client.preparedQuery("UPDATE identity.users SET password_hash = $2, password_changed_at = now(), "
                + "updated_at = now() WHERE id = $1 RETURNING " + User.COLUMNS)
                .execute(Tuple.of(id, passwordHash))
                .map(rows -> User.from(rows.iterator().next()));
    }

    /** The user, locked until the transaction of {@code client} ends. */
    public Uni<Optional<User>> lock(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT " + User.COLUMNS + " FROM identity.users WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id)).map(UserRepository::first);
    }

    /**
     * The number of enabled admins other than {@code id}, with all admin rows locked so that two
     * concurrent demotions cannot both see the other as the remaining admin.
     */
    public Uni<Integer> otherEnabledAdmins(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT id FROM identity.users WHERE 'admin' = ANY(groups) AND NOT disabled "
                + "AND id <> $1 FOR UPDATE").execute(Tuple.of(id)).map(RowSet::size);
    }

    /** Whether any user is an admin (enabled or not). */
    public Uni<Boolean> anyAdmin() {
        return pool.query("SELECT EXISTS (SELECT 1 FROM identity.users WHERE 'admin' = ANY(groups)) AS any")
                .execute().map(rows -> rows.iterator().next().getBoolean("any"));
    }

    /** The pool, for callers that run several statements in one transaction. */
    public Pool pool() {
        return pool;
    }

    private static Optional<User> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(User.from(iterator.next())) : Optional.empty();
    }

    private static List<User> all(RowSet<Row> rows) {
        List<User> users = new ArrayList<>();
        rows.forEach(row -> users.add(User.from(row)));
        return users;
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    private static Throwable taken(Throwable failure) {
        String constraint = ((PgException) failure).getConstraint();
        String field = "users_email_key".equals(constraint) ? "email" : "username";
        return new ProblemException(ProblemType.CONFLICT, "A user with this " + field + " already exists.",
                List.of(new Problem.FieldError(field, "is already taken")), Map.of());
    }
}
