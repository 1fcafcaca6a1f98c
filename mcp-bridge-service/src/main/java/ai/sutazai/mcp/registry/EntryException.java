package ai.sutazai.mcp.registry;

/** An entry-level problem: the entry is kept as {@code failed} with this message. */
final class EntryException extends RuntimeException {

    EntryException(String message) {
        super(message);
    }
}
