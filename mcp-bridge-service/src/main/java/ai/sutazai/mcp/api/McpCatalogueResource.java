package ai.sutazai.mcp.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.modelcontextprotocol.spec.McpSchema;

import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.paging.PageQuery;
import ai.sutazai.mcp.server.ServerState;
import ai.sutazai.mcp.server.UpstreamServer;
import ai.sutazai.mcp.server.UpstreamServers;

/** The bridge as a whole: how its servers are doing, and every tool they offer. */
@Path("/api/v1/mcp")
@Produces(MediaType.APPLICATION_JSON)
public class McpCatalogueResource {

    private final UpstreamServers servers;

    public McpCatalogueResource(UpstreamServers servers) {
        this.servers = servers;
    }

    /** Counts of servers by state, and of the tools ready servers offer. */
    public record Status(int servers, Map<ServerState, Integer> states, int tools) {
    }

    /** One tool and the server that offers it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServerTool(String server, String name, String title, String description,
            Map<String, Object> inputSchema, Map<String, Object> outputSchema, McpSchema.ToolAnnotations annotations) {
    }

    @GET
    @Path("/status")
    @Operation(summary = "How many servers are in each state, and how many tools the serving ones offer")
    public Status status() {
        Map<ServerState, Integer> states = new TreeMap<>();
        int tools = 0;
        List<UpstreamServer> all = servers.all();
        for (UpstreamServer server : all) {
            UpstreamServer.Snapshot snapshot = server.snapshot();
            states.merge(snapshot.state(), 1, Integer::sum);
            if (snapshot.state().serves()) {
                tools += snapshot.catalogue().tools().size();
            }
        }
        return new Status(all.size(), states, tools);
    }

    @GET
    @Path("/tools")
    @Operation(summary = "The tools of every serving server, each with its server's name")
    public Page<ServerTool> tools(@BeanParam @Valid PageQuery page) {
        return Listings.page(servers.all().stream()
                .map(UpstreamServer::snapshot)
                .filter(snapshot -> snapshot.state().serves())
                .flatMap(snapshot -> snapshot.catalogue().tools().stream()
                        .map(tool -> new ServerTool(snapshot.definition().name(), tool.name(), tool.title(),
                                tool.description(), tool.inputSchema(), tool.outputSchema(), tool.annotations())))
                .toList(), tool -> tool.server() + "/" + tool.name(), page);
    }
}
