package ai.sutazai.health.storage;

/**
 * Text as PostgreSQL can store it: a text column refuses the NUL character, which an error quoting a
 * target's binary answer may hold, so it is stored as U+FFFD rather than refused.
 */
public final class PgText {

    private PgText() {
    }

    /** {@code text} with every NUL replaced; null stays null. */
    public static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }
}
