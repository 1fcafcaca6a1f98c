package ai.sutazai.mcp.audit;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.sutazai.mcp.McpBridgeConfig;

/**
 * The audit log of tool calls. The bridge owns no database (ARCHITECTURE §5), so it keeps the
 * newest {@code mcp.audit.capacity} records in memory for admins and writes every record as one
 * line to the log category {@code ai.sutazai.mcp.audit}, which log shipping keeps for good.
 */
@ApplicationScoped
public class ToolCallAudit {

    private static final Logger AUDIT_LOG = Logger.getLogger("ai.sutazai.mcp.audit");

    private final int capacity;
    private final AtomicLong ids = new AtomicLong();
    private final ArrayDeque<ToolCallRecord> records = new ArrayDeque<>();

    public ToolCallAudit(McpBridgeConfig config) {
        this.capacity = config.auditCapacity();
    }

    /** Keeps and logs a record, dropping the oldest when full. */
    public void add(String caller, String via, String agent, String server, String tool, long durationMicros,
            String outcome, String argumentsHash) {
        ToolCallRecord record = new ToolCallRecord(ids.incrementAndGet(), Instant.now(), caller, via, agent,
                server, tool, durationMicros, outcome, argumentsHash);
        synchronized (records) {
            if (records.size() == capacity) {
                records.removeFirst();
            }
            records.addLast(record);
        }
        AUDIT_LOG.infof("tool call id=%d caller=%s via=%s agent=%s server=%s tool=%s outcome=%s duration_us=%d arguments=%s",
                record.id(), caller, via, agent, server, tool, outcome, durationMicros, argumentsHash);
    }

    /** Records newest first, with ids below {@code before} (all when null), at most {@code limit}. */
    public List<ToolCallRecord> newestFirst(Long before, int limit) {
        List<ToolCallRecord> page = new ArrayList<>();
        synchronized (records) {
            for (Iterator<ToolCallRecord> it = records.descendingIterator(); it.hasNext() && page.size() < limit;) {
                ToolCallRecord record = it.next();
                if (before == null || record.id() < before) {
                    page.add(record);
                }
            }
        }
        return page;
    }
}
