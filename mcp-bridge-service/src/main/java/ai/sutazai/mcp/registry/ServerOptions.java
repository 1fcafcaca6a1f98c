package ai.sutazai.mcp.registry;

import java.time.Duration;
import java.util.List;

/**
 * The bridge's own per-server options, read from the entry's {@code x-sutazai} key (other clients
 * ignore it) over the service-wide defaults.
 *
 * @param enabled false keeps the server {@code stopped}
 * @param initTimeout how long start-up (spawn or connect, {@code initialize} and the first catalogue) may take
 * @param callTimeout how long one tool call, resource read or prompt get may take
 * @param pingInterval how often a ready server is pinged
 * @param pingFailures consecutive failed pings that restart the server
 * @param maxConcurrentCalls calls in flight at once; more wait in a queue of the same size
 * @param allowTools when not empty, the only tools offered
 * @param denyTools tools never offered
 * @param restartOnFailure false leaves a crashed server {@code failed} instead of restarting it
 */
public record ServerOptions(boolean enabled, Duration initTimeout, Duration callTimeout, Duration pingInterval,
        int pingFailures, int maxConcurrentCalls, List<String> allowTools, List<String> denyTools,
        boolean restartOnFailure) {

    public ServerOptions {
        allowTools = List.copyOf(allowTools);
        denyTools = List.copyOf(denyTools);
    }

    /** The defaults the service uses when nothing else is configured. */
    public static final ServerOptions DEFAULTS = new ServerOptions(true, Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(30), 3, 8, List.of(), List.of(), true);

    /** Whether a tool of this name may be listed and called. */
    public boolean offers(String tool) {
        return !denyTools.contains(tool) && (allowTools.isEmpty() || allowTools.contains(tool));
    }
}
