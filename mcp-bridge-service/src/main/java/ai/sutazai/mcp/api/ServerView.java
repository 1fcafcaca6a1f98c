package ai.sutazai.mcp.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.modelcontextprotocol.spec.McpSchema;

import ai.sutazai.mcp.registry.TransportKind;
import ai.sutazai.mcp.server.ServerState;
import ai.sutazai.mcp.server.UpstreamServer;

/**
 * A server as the API shows it. {@code command}, {@code url}, {@code pid} and {@code stderrTail} are
 * for admins only: they can carry paths, hosts and whatever a server prints.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerView(String name, String transport, boolean enabled, ServerState state, Instant stateSince,
        String lastError, int restarts, Instant nextAttemptAt, String protocolVersion,
        McpSchema.Implementation serverInfo, McpSchema.ServerCapabilities capabilities, Counts counts,
        String breaker, Instant catalogueRefreshedAt, List<String> command, String url, Long pid,
        List<String> stderrTail) {

    /** How much the server offers. */
    public record Counts(int tools, int resources, int resourceTemplates, int prompts) {
    }

    static ServerView of(UpstreamServer.Snapshot s, boolean admin) {
        var definition = s.definition();
        var catalogue = s.catalogue();
        List<String> command = null;
        if (admin && definition.transport() == TransportKind.STDIO && definition.command() != null) {
            command = new ArrayList<>();
            command.add(definition.command());
            command.addAll(definition.args());
        }
        return new ServerView(definition.name(), definition.transport().label(), definition.options().enabled(),
                s.state(), s.stateSince(), s.lastError(), s.restarts(), s.nextAttemptAt(),
                s.initialized() == null ? null : s.initialized().protocolVersion(),
                s.initialized() == null ? null : s.initialized().serverInfo(),
                s.initialized() == null ? null : s.initialized().capabilities(),
                new Counts(catalogue.tools().size(), catalogue.resources().size(),
                        catalogue.resourceTemplates().size(), catalogue.prompts().size()),
                s.breaker().name().toLowerCase(Locale.ROOT), catalogue.refreshedAt(), command,
                admin ? definition.url() : null, admin ? s.pid() : null, admin ? s.stderrTail() : null);
    }
}
