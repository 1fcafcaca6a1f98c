package ai.sutazai.mcp.call;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.mcp.server.Catalogue;
import ai.sutazai.mcp.server.UpstreamServer;
import ai.sutazai.mcp.server.UpstreamServers;

/**
 * Tool calls, resource reads and prompt gets: the checks every one gets before it leaves the bridge
 * (the server exists and serves, the tool is offered, the arguments fit its schema), then the
 * server's own guard.
 */
@ApplicationScoped
public class McpOperations {

    private final UpstreamServers servers;
    private final ArgumentValidator validator;
    private final CallRecorder recorder;

    public McpOperations(UpstreamServers servers, ArgumentValidator validator, CallRecorder recorder) {
        this.servers = servers;
        this.validator = validator;
        this.recorder = recorder;
    }

    /** Calls {@code tool} on {@code serverName} with {@code arguments}, measured and audited. */
    public Uni<ToolCallResult> callTool(CallRecorder.Caller caller, String serverName, String tool,
            Map<String, Object> arguments) {
        CallRecorder.Recording recording = recorder.start(caller, serverName, tool, arguments);
        return Uni.createFrom().deferred(() -> checkedCall(serverName, tool, arguments))
                .onItemOrFailure().invoke(recording::finished)
                .onCancellation().invoke(recording::cancelled);
    }

    /** Lists a server's catalogue again. */
    public Uni<Catalogue> refresh(String serverName) {
        UpstreamServer server = servers.require(serverName);
        return Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(server.refresh().toFuture()))
                .onFailure().transform(failure -> UpstreamProblems.toProblem(failure, server, 1));
    }

    private Uni<ToolCallResult> checkedCall(String serverName, String tool, Map<String, Object> arguments) {
        UpstreamServer server = servers.require(serverName);
        if (!server.definition().options().offers(tool)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Tool \"" + tool + "\" of MCP server " + serverName
                    + " is not offered: its registry entry denies it (allowTools/denyTools).");
        }
        Catalogue catalogue = servingCatalogue(server);
        Tool listed = catalogue.tool(tool).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "MCP server " + serverName + " has no tool \"" + tool + "\"; GET /api/v1/mcp/servers/" + serverName
                        + "/tools lists its tools."));
        List<Problem.FieldError> errors = validator.errors(listed, arguments);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "The arguments do not fit the inputSchema of tool \""
                    + tool + "\": " + errors.stream().map(e -> e.field() + ": " + e.message())
                            .collect(Collectors.joining("; ")), errors, Map.of());
        }
        return guarded(server, () -> server.callTool(tool, arguments)).map(ToolCallResult::of);
    }

    /** Reads the resource at {@code uri} from {@code serverName}. */
    public Uni<ReadResourceResult> readResource(String serverName, String uri) {
        UpstreamServer server = servers.require(serverName);
        servingCatalogue(server);
        return guarded(server, () -> server.readResource(uri));
    }

    /** Renders {@code prompt} of {@code serverName} with {@code arguments}. */
    public Uni<GetPromptResult> getPrompt(String serverName, String prompt, Map<String, Object> arguments) {
        UpstreamServer server = servers.require(serverName);
        Prompt listed = servingCatalogue(server).prompt(prompt).orElseThrow(() -> new ProblemException(
                ProblemType.NOT_FOUND, "MCP server " + serverName + " has no prompt \"" + prompt + "\"."));
        List<Problem.FieldError> errors = promptErrors(listed, arguments);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "The arguments do not fit prompt \"" + prompt
                    + "\".", errors, Map.of());
        }
        return guarded(server, () -> server.getPrompt(prompt, arguments));
    }

    private static List<Problem.FieldError> promptErrors(Prompt prompt, Map<String, Object> arguments) {
        List<PromptArgument> declared = prompt.arguments() == null ? List.of() : prompt.arguments();
        Set<String> known = declared.stream().map(PromptArgument::name).collect(Collectors.toSet());
        List<Problem.FieldError> missing = declared.stream()
                .filter(a -> Boolean.TRUE.equals(a.required()) && !arguments.containsKey(a.name()))
                .map(a -> new Problem.FieldError(a.name(), "is required"))
                .toList();
        List<Problem.FieldError> wrong = arguments.entrySet().stream()
                .map(e -> !known.contains(e.getKey())
                        ? new Problem.FieldError(e.getKey(), "is not an argument of this prompt; it takes "
                                + (known.isEmpty() ? "none" : String.join(", ", known)))
                        : !(e.getValue() instanceof String)
                                ? new Problem.FieldError(e.getKey(), "must be a string")
                                : null)
                .filter(Objects::nonNull)
                .toList();
        return Stream.concat(missing.stream(), wrong.stream()).toList();
    }

    private static Catalogue servingCatalogue(UpstreamServer server) {
        if (!server.definition().options().enabled()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "MCP server " + server.name()
                    + " is disabled in its registry entry.");
        }
        if (!server.state().serves()) {
            throw (ProblemException) UpstreamProblems.toProblem(server.unavailable(), server, 1);
        }
        return server.catalogue();
    }

    private <T> Uni<T> guarded(UpstreamServer server, Supplier<CompletionStage<T>> call) {
        long breakerDelay = servers.config().breaker().delay().toSeconds();
        return Uni.createFrom().completionStage(call)
                .onFailure().transform(failure -> UpstreamProblems.toProblem(failure, server, breakerDelay));
    }
}
