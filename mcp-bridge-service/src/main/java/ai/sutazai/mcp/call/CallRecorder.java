package ai.sutazai.mcp.call;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

import ai.sutazai.commons.hashing.Sha256;
import ai.sutazai.mcp.audit.ToolCallAudit;
import ai.sutazai.mcp.server.UpstreamServers;

/**
 * Measures, traces and audits every tool call, through REST or {@code /mcp} alike: the
 * {@code mcp_tool_calls_seconds} histogram by server, tool, outcome and way in, a span carrying
 * server and tool, and an audit record.
 */
@ApplicationScoped
public class CallRecorder {

    // Sorted keys, so equal arguments hash equally whatever order a client wrote them in.
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Tracer tracer;
    private final ToolCallAudit audit;
    private final UpstreamServers servers;
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    public CallRecorder(MeterRegistry registry, Tracer tracer, ToolCallAudit audit, UpstreamServers servers) {
        this.registry = registry;
        this.tracer = tracer;
        this.audit = audit;
        this.servers = servers;
    }

    /** Who called, how, and for which agent (null: none named). */
    public record Caller(String subject, String via, String agent) {

        /** A caller that names no agent. */
        public Caller(String subject, String via) {
            this(subject, via, null);
        }
    }

    /** A call under way; {@link #finished} ends it. */
    public final class Recording {
        private final Caller caller;
        private final String server;
        private final String tool;
        private final Map<String, Object> arguments;
        private final Span span;
        private final long started = System.nanoTime();

        private Recording(Caller caller, String server, String tool, Map<String, Object> arguments) {
            this.caller = caller;
            this.server = server;
            this.tool = tool;
            this.arguments = arguments;
            this.span = tracer.spanBuilder("mcp tools/call " + server + "/" + tool).setSpanKind(SpanKind.CLIENT)
                    .setAttribute("mcp.server", server).setAttribute("mcp.tool", tool)
                    .setAttribute("mcp.via", caller.via()).startSpan();
        }

        /** Ends the call with a result or a failure. */
        public void finished(ToolCallResult result, Throwable failure) {
            ended(failure != null ? CallOutcome.of(failure)
                    : result.isError() ? CallOutcome.TOOL_ERROR : CallOutcome.OK);
        }

        /** Ends a call whose caller went away. */
        public void cancelled() {
            ended(CallOutcome.CANCELLED);
        }

        private void ended(CallOutcome outcome) {
            long nanos = System.nanoTime() - started;
            // Names callers made up must not become metric labels: one per typo would grow without end.
            boolean known = servers.find(server).map(s -> s.catalogue().tool(tool).isPresent()).orElse(false);
            timer(known ? server : UNKNOWN, known ? tool : UNKNOWN, outcome.label(), caller.via())
                    .record(nanos, TimeUnit.NANOSECONDS);
            span.setAttribute("mcp.outcome", outcome.label());
            if (outcome != CallOutcome.OK) {
                span.setStatus(StatusCode.ERROR, outcome.label());
            }
            span.end();
            audit.add(caller.subject(), caller.via(), caller.agent(), server, tool, nanos / 1_000, outcome.label(),
                    hash(arguments));
        }
    }

    // One timer per label set, found without building and filtering a meter id on every call.
    private Timer timer(String server, String tool, String outcome, String via) {
        return timers.computeIfAbsent(List.of(server, tool, outcome, via), labels -> Timer.builder("mcp.tool.calls")
                .description("Tool calls through the bridge, by server, tool, outcome and way in")
                .tags("server", server, "tool", tool, "outcome", outcome, "via", via)
                .publishPercentileHistogram()
                .register(registry));
    }

    /** Starts recording a call. */
    public Recording start(Caller caller, String server, String tool, Map<String, Object> arguments) {
        return new Recording(caller, server, tool, arguments);
    }

    static String hash(Map<String, Object> arguments) {
        try {
            return "sha256:" + Sha256.hex(CANONICAL.writeValueAsBytes(arguments));
        } catch (JsonProcessingException e) {
            return "unhashable";
        }
    }
}
