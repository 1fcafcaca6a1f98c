package ai.sutazai.gateway.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL for {@code identity.refresh_tokens}: one row per issued token, grouped in families by sign-in. */
@ApplicationScoped
public class RefreshTokenRepository {

    /** A refresh token's family and owner. */
    public record Owner(UUID familyId, UUID userId) {
    }

    /** What is known about a presented token that could not be rotated. */
    public record Spent(UUID familyId, UUID userId, boolean rotated) {
    }

    /** Stores the hash of a new token of {@code familyId}. */
    public Uni<Void> insert(SqlClient client, UUID familyId, UUID userId, String tokenHash, Duration lifetime) {
        return client.preparedQuery("INSERT INTO identity.refresh_tokens (id, family_id, user_id, token_hash, expires_at) "
                + "VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))")
                .execute(Tuple.of(UUID.randomUUID(), familyId, userId, tokenHash, (double) lifetime.toSeconds()))
                .replaceWithVoid();
    }

    /**
     * Marks a live token as used and answers its family; empty when the token is unknown, expired,
     * revoked or already rotated. The row lock makes two concurrent uses of one token rotate once.
     */
    public Uni<Optional<Owner>> rotate(SqlClient client, String tokenHash) {
        return client.preparedQuery("UPDATE identity.refresh_tokens SET rotated_at = now() WHERE token_hash = $1 "
                + "AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING family_id, user_id")
                .execute(Tuple.of(tokenHash))
                .map(rows -> first(rows).map(row -> new Owner(row.getUUID("family_id"), row.getUUID("user_id"))));
    }

    /** A stored token that {@link #rotate} refused, if the hash is known at all. */
    public Uni<Optional<Spent>> find(SqlClient client, String tokenHash) {
        return client.preparedQuery("SELECT family_id, user_id, rotated_at IS NOT NULL AS rotated "
                + "FROM identity.refresh_tokens WHERE token_hash = $1")
                .execute(Tuple.of(tokenHash))
                .map(rows -> first(rows).map(row -> new Spent(row.getUUID("family_id"), row.getUUID("user_id"),
                        row.getBoolean("rotated"))));
    }

    /** Revokes every live token of a family; answers how many. */
    public Uni<Integer> revokeFamily(SqlClient client, UUID familyId, String reason) {
        return client.preparedQuery("UPDATE identity.refresh_tokens SET revoked_at = now(), revoked_reason = $2 "
                + "WHERE family_id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(familyId, reason)).map(RowSet::rowCount);
    }

    /** Revokes every live token of a user (every session); answers how many. */
    public Uni<Integer> revokeAllOf(SqlClient client, UUID userId, String reason) {
        return client.preparedQuery("UPDATE identity.refresh_tokens SET revoked_at = now(), revoked_reason = $2 "
                + "WHERE user_id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(userId, reason)).map(RowSet::rowCount);
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
    }
}
