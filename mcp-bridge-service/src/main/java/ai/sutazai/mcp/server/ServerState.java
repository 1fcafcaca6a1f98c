package ai.sutazai.mcp.server;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a server is in its life, as the API and metrics name it. */
public enum ServerState {
    /** Spawning or connecting, initialising and reading the first catalogue. */
    STARTING,
    /** Serving calls. */
    READY,
    /** Serving calls, but pings fail, its breaker is open or its catalogue could not be refreshed. */
    DEGRADED,
    /** Crashed or failed to start; waiting for the next attempt. */
    BACKING_OFF,
    /** Disabled in the registry, removed, or the service is stopping. */
    STOPPED,
    /** Will not run until fixed: a bad entry, a missing command, or a crash with restarts off. */
    FAILED;

    /** The lower-case name used on the wire. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether calls may be sent. */
    public boolean serves() {
        return this == READY || this == DEGRADED;
    }
}
