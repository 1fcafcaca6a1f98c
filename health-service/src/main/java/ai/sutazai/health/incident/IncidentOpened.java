package ai.sutazai.health.incident;

/** Fired (synchronously, from the probe loop) when an incident opens; observers must not block. */
public record IncidentOpened(Incident incident, boolean critical) {
}
