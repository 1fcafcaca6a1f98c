package ai.sutazai.agent.chat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import ai.sutazai.agent.registry.Agent;

/**
 * Chats in flight per agent, capped at the agent's {@code maxConcurrency} (read at each start, so a
 * changed limit applies at once). Counted per instance.
 */
@ApplicationScoped
public class ConcurrencyLimits {

    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public ConcurrencyLimits(MeterRegistry meters) {
        this.meters = meters;
    }

    /** A slot for one chat with {@code agent}, or null when all its slots are taken. */
    public Permit tryAcquire(Agent agent) {
        AtomicInteger count = inFlight.computeIfAbsent(agent.id(), this::counter);
        while (true) {
            int current = count.get();
            if (current >= agent.maxConcurrency()) {
                return null;
            }
            if (count.compareAndSet(current, current + 1)) {
                return new Permit(count);
            }
        }
    }

    private AtomicInteger counter(String agentId) {
        AtomicInteger count = new AtomicInteger();
        Gauge.builder("agent.chat.in.flight", count, AtomicInteger::get).description("Chats in flight per agent")
                .tag("agent", agentId).register(meters);
        return count;
    }

    /** One taken slot; released once, however the chat ends. */
    public static final class Permit {
        private final AtomicInteger count;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(AtomicInteger count) {
            this.count = count;
        }

        /** Gives the slot back; later calls do nothing. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        }
    }
}
