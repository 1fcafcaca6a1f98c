package ai.sutazai.agent.tools;

import java.util.Map;

/** A tool one of the bridge's servers offers, as {@code GET /api/v1/mcp/tools} lists it. */
public record BridgeTool(String server, String name, String title, String description,
        Map<String, Object> inputSchema) {

    /** Between server and tool in exposed names, as the bridge writes them ({@code everything__echo}). */
    public static final String SEPARATOR = "__";

    /** The name the model sees: {@code <server>__<tool>}. */
    public String exposedName() {
        return server + SEPARATOR + name;
    }
}
