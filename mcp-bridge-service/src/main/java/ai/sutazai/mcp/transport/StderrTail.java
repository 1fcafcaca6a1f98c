package ai.sutazai.mcp.transport;

import java.util.ArrayDeque;
import java.util.List;

/** The last lines a server wrote to stderr, bounded in lines and line length, kept across restarts. */
public final class StderrTail {

    private static final int MAX_LINE_CHARS = 2_000;

    private final int maxLines;
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    public StderrTail(int maxLines) {
        this.maxLines = maxLines;
    }

    /** Keeps a line, dropping the oldest when full. */
    public synchronized void add(String line) {
        if (lines.size() == maxLines) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + " [cut]" : line);
    }

    /** The kept lines, oldest first. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The last {@code count} lines joined, for an error message. */
    public synchronized String last(int count) {
        List<String> all = List.copyOf(lines);
        return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
    }
}
