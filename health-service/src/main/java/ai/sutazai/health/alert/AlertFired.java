package ai.sutazai.health.alert;

/** Fired once per alert instance, when a notification brings it firing for the first time; observers must not block. */
public record AlertFired(Alert alert) {
}
