package ai.sutazai.agent.llm;

/**
 * Where a backend is reached: its base URL, for OpenAI-compatible servers an API key, and how
 * messages name it. Messages reach every user, so they name the backend, never its address or key.
 */
public record Endpoint(String baseUrl, String apiKey, String label) {

    /** The absolute URL of {@code path} on this backend. */
    public String url(String path) {
        return baseUrl + path;
    }

    @Override
    public String toString() {
        return label;
    }
}
