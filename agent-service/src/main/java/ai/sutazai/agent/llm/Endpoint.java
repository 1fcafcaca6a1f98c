package ai.sutazai.agent.llm;

/** Where a backend is reached: its base URL and, for OpenAI-compatible servers, an API key (never printed). */
public record Endpoint(String baseUrl, String apiKey) {

    /** The absolute URL of {@code path} on this backend. */
    public String url(String path) {
        return baseUrl + path;
    }

    @Override
    public String toString() {
        return baseUrl;
    }
}
