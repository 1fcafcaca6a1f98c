package ai.sutazai.mcp.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.mcp.McpBridgeConfig;
import ai.sutazai.mcp.audit.ToolCallAudit;
import ai.sutazai.mcp.audit.ToolCallRecord;
import ai.sutazai.mcp.server.ServerMetrics;
import ai.sutazai.mcp.server.UpstreamServers;

/**
 * The span, metric and audit record of one call, as an operator reads them. A unit test: the service
 * samples no traces without a collector, and that choice is fixed when Quarkus builds.
 */
class CallRecorderTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final McpBridgeConfig config = new SmallRyeConfigBuilder()
            .withConverter(Duration.class, 200, new DurationConverter()).withMapping(McpBridgeConfig.class).build()
            .getConfigMapping(McpBridgeConfig.class);
    private final Vertx vertx = Vertx.vertx();
    private final ToolCallAudit audit = new ToolCallAudit(config);
    private final CallRecorder recorder = new CallRecorder(metrics, tracing.get("test"), audit,
            new UpstreamServers(config, new ServerMetrics(metrics), vertx));

    @AfterEach
    void close() {
        tracing.close();
        vertx.close();
    }

    @Test
    void aCallIsASpanWithItsServerAndToolAndAnAuditRecordWithoutItsArguments() {
        recorder.start(new CallRecorder.Caller("user-1", "rest", "aider"), "everything", "echo",
                Map.of("message", "private words"))
                .finished(new ToolCallResult(List.of(new McpSchema.TextContent("Echo: private words")), null, false,
                        null), null);

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertEquals("mcp tools/call everything/echo", span.getName());
        assertEquals("everything", span.getAttributes().get(AttributeKey.stringKey("mcp.server")));
        assertEquals("echo", span.getAttributes().get(AttributeKey.stringKey("mcp.tool")));
        assertEquals("rest", span.getAttributes().get(AttributeKey.stringKey("mcp.via")));
        assertEquals("ok", span.getAttributes().get(AttributeKey.stringKey("mcp.outcome")));
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());

        ToolCallRecord record = audit.newestFirst(null, 1).get(0);
        assertEquals("user-1", record.caller());
        assertEquals("aider", record.agent());
        assertEquals("ok", record.outcome());
        assertThat(record.argumentsHash(), startsWith("sha256:"));
        assertThat(record.toString(), not(containsString("private words")));
    }

    @Test
    void aFailedCallMarksItsSpanAndCountsUnderItsOutcome() {
        recorder.start(new CallRecorder.Caller("user-2", "rest"), "nowhere", "made-up-tool", Map.of())
                .finished(null, new ProblemException(ProblemType.NOT_FOUND, "No MCP server is named \"nowhere\""));

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("not_found", span.getAttributes().get(AttributeKey.stringKey("mcp.outcome")));
        // Names nobody registered are not turned into metric labels.
        assertEquals(1, metrics.get("mcp.tool.calls").tags("server", "unknown", "tool", "unknown",
                "outcome", "not_found", "via", "rest").timer().count());
    }

    @Test
    void equalArgumentsHashEquallyWhateverTheirOrder() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", Map.of("x", "y"));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", Map.of("x", "y"));
        ba.put("a", 1);
        assertEquals(CallRecorder.hash(ab), CallRecorder.hash(ba));
        assertNotEquals(CallRecorder.hash(ab), CallRecorder.hash(Map.of("a", 2)));
    }
}
