package ai.sutazai.mcp.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One tool call in the audit log. The arguments are kept only as a hash, so the log can show that
 * two calls had the same arguments without holding what they were.
 *
 * @param id increasing, for paging
 * @param caller the token's subject
 * @param via {@code rest} or {@code mcp}
 * @param agent the agent a REST call says it was made for (agent-service's {@code X-Agent-Id}), or null
 * @param argumentsHash {@code sha256:} and the hex digest of the arguments as canonical JSON
 * @param outcome how the call ended ({@code ok}, {@code tool_error}, {@code timeout} ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCallRecord(long id, Instant at, String caller, String via, String agent, String server, String tool,
        long durationMicros, String outcome, String argumentsHash) {
}
