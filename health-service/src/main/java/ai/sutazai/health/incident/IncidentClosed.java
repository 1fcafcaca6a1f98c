package ai.sutazai.health.incident;

/** Fired (synchronously, from the probe loop) when an incident closes; {@code incident} is the closed one. */
public record IncidentClosed(Incident incident, boolean critical) {
}
