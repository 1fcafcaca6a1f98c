package ai.sutazai.agent.llm;

/** One message of a chat as every backend takes it: {@code system}, {@code user} or {@code assistant}. */
public record ChatMessage(String role, String content) {

    /** A system message. */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }
}
