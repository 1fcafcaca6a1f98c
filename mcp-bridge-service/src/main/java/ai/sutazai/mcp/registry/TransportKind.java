package ai.sutazai.mcp.registry;

import java.util.Locale;
import java.util.Optional;

/** How the bridge talks to an MCP server. */
public enum TransportKind {
    /** A child process speaking newline-delimited JSON-RPC on stdin/stdout. */
    STDIO,
    /** A remote server speaking MCP Streamable HTTP. */
    STREAMABLE_HTTP;

    /** The kind for a {@code type} spelling as Claude Desktop, Claude Code, Cursor and others write it. */
    static Optional<TransportKind> fromType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "stdio" -> Optional.of(STDIO);
            case "http", "streamable-http", "streamablehttp", "streamable_http" -> Optional.of(STREAMABLE_HTTP);
            default -> Optional.empty();
        };
    }

    /** The name used in answers. */
    public String label() {
        return this == STDIO ? "stdio" : "streamable-http";
    }
}
