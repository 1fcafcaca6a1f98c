package ai.sutazai.mcp.call;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * A tool's answer as the REST API returns it: the upstream's {@code content} and
 * {@code structuredContent} unchanged, and {@code isError} always present (servers may leave it out).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCallResult(List<McpSchema.Content> content, Object structuredContent,
        @JsonProperty("isError") boolean isError, @JsonProperty("_meta") Map<String, Object> meta) {

    static ToolCallResult of(McpSchema.CallToolResult result) {
        return new ToolCallResult(result.content() == null ? List.of() : result.content(),
                result.structuredContent(), Boolean.TRUE.equals(result.isError()), result.meta());
    }
}
