package ai.sutazai.commons.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;

/**
 * Opaque paging cursors: the sort key of the last item returned, base64url-encoded so clients
 * pass them back unchanged instead of building them.
 */
public final class Cursors {

    private static final String SEPARATOR = "\n";

    private Cursors() {
    }

    /** The cursor for a position given by its sort-key parts. */
    public static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, parts).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sort-key parts of a cursor made by {@link #encode}, or a 400 problem naming the
     * {@code cursor} parameter when it is not one of ours.
     */
    public static List<String> decode(String cursor, int expectedParts) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> parts = List.of(text.split(SEPARATOR, -1));
            if (parts.size() == expectedParts) {
                return parts;
            }
        } catch (IllegalArgumentException e) {
            // Not base64url: reported below like any other foreign cursor.
        }
        throw invalid();
    }

    /** A position in a listing ordered by creation time, then id. */
    public record Position(Instant createdAt, UUID id) {
    }

    /** The cursor after an item created at {@code createdAt} with {@code id}. */
    public static String encode(Instant createdAt, String id) {
        return encode(createdAt.toString(), id);
    }

    /** The position a creation-ordered cursor names; null for no cursor (the first page), 400 for a foreign one. */
    public static Position position(String cursor) {
        if (cursor == null) {
            return null;
        }
        List<String> parts = decode(cursor, 2);
        try {
            return new Position(Instant.parse(parts.get(0)), UUID.fromString(parts.get(1)));
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    /** The problem for a cursor that decodes but whose parts do not parse. */
    public static ProblemException invalid() {
        return new ProblemException(ProblemType.VALIDATION, "The cursor is not valid; pass back a nextCursor unchanged.",
                List.of(new Problem.FieldError("cursor", "is not a cursor from this listing")),
                Map.of());
    }
}
