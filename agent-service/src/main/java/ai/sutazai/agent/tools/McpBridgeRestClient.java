package ai.sutazai.agent.tools;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.mutiny.Uni;

/**
 * mcp-bridge-service's REST API for tools (ARCHITECTURE §4), at {@code stork://mcp-bridge-service}.
 * Use {@link McpBridgeClient}, which guards every call; this interface is not for direct use.
 */
@RegisterRestClient(configKey = "mcp-bridge-service")
@Path("/api/v1/mcp")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface McpBridgeRestClient {

    @GET
    @Path("/tools")
    Uni<ToolPage> tools(@HeaderParam("Authorization") String authorization, @QueryParam("limit") int limit,
            @QueryParam("cursor") String cursor);

    @POST
    @Path("/servers/{server}/tools/{tool}/call")
    Uni<CallAnswer> call(@HeaderParam("Authorization") String authorization, @HeaderParam(AGENT_HEADER) String agentId,
            @PathParam("server") String server, @PathParam("tool") String tool, Map<String, Object> arguments);

    /** Names the agent a call is made for, for the bridge's audit. */
    String AGENT_HEADER = "X-Agent-Id";

    /** A page of the serving servers' tools. */
    record ToolPage(List<BridgeTool> items, String nextCursor) {
    }

    /** A tool's answer: MCP content parts, structured content, and whether it is the tool's own error. */
    record CallAnswer(List<Map<String, Object>> content, Object structuredContent,
            @JsonProperty("isError") boolean isError) {
    }
}
