package ai.sutazai.gateway.health;

import java.util.List;

/** What one instance answered on {@code /q/health/ready}, or why it did not. */
record InstanceReadiness(String address, boolean ready, long latencyMs, List<Object> checks, String error) {
}
