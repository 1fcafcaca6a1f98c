package ai.sutazai.mcp.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code mcpServers} entry after variable expansion. An entry that could not be understood
 * keeps its name and carries the {@code problem}; the bridge lists it as {@code failed} with that reason.
 *
 * @param name the key in {@code mcpServers}
 * @param transport stdio or Streamable HTTP
 * @param command the executable (stdio)
 * @param args its arguments (stdio)
 * @param env variables added to the child's allow-listed environment (stdio)
 * @param cwd the child's working directory, or null for the service's (stdio)
 * @param url the endpoint (HTTP)
 * @param headers static request headers such as {@code Authorization} (HTTP)
 * @param options the bridge's own options
 * @param problem why the entry is unusable, or null
 */
public record ServerDefinition(String name, TransportKind transport, String command, List<String> args,
        Map<String, String> env, String cwd, String url, Map<String, String> headers, ServerOptions options,
        String problem) {

    public ServerDefinition {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** An entry that cannot run, kept so it is listed with its reason. */
    public static ServerDefinition unusable(String name, ServerOptions options, String problem) {
        return new ServerDefinition(name, TransportKind.STDIO, null, List.of(), Map.of(), null, null, Map.of(),
                options, problem);
    }

    /** Why the entry cannot run, if it cannot. */
    public Optional<String> problemIfAny() {
        return Optional.ofNullable(problem);
    }
}
