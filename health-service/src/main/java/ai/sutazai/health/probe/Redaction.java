package ai.sutazai.health.probe;

/**
 * Removes secrets from text that leaves the service. Drivers sometimes echo what they were given
 * (a URL with its user info, a connection string); this is the last line of defence.
 */
public final class Redaction {

    /** What a removed secret reads as. */
    public static final String MASK = "***";

    private Redaction() {
    }

    /** {@code text} with every occurrence of each non-empty secret masked. */
    public static String apply(String text, Iterable<String> secrets) {
        if (text == null) {
            return null;
        }
        String clean = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                clean = clean.replace(secret, MASK);
            }
        }
        return clean;
    }
}
