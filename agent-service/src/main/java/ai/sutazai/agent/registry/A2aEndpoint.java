package ai.sutazai.agent.registry;

/**
 * Where an {@code a2a} agent takes messages, as its card says: the JSON-RPC URL, the protocol
 * version of that interface ({@code 1.0}, {@code 0.3.0}...), and whether it streams.
 */
public record A2aEndpoint(String rpcUrl, String protocolVersion, boolean streaming) {

    /** Whether the interface speaks v1.0 or later (else the v0.3 method names and shapes). */
    public boolean isV1() {
        return majorOf(protocolVersion) >= 1;
    }

    /** The major version of {@code version}, or 0 when it names none (empty means v0.3 in A2A). */
    static int majorOf(String version) {
        if (version == null) {
            return 0;
        }
        String major = version.strip().split("\\.", -1)[0];
        try {
            return Integer.parseInt(major);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
