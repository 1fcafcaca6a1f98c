package ai.sutazai.mcp.registry;

/** The registry file as a whole cannot be used; the service does not start. */
public class RegistryFileException extends RuntimeException {

    public RegistryFileException(String message) {
        super(message);
    }
}
