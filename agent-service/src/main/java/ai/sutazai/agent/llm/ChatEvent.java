package ai.sutazai.agent.llm;

/** What a backend's answer is made of, as it arrives: tokens, then one end. Failures end the stream instead. */
public sealed interface ChatEvent {

    /** A piece of the answer, passed on as soon as the backend sends it. */
    record Token(String content) implements ChatEvent {
    }

    /** The answer is complete: why it stopped ({@code stop}, {@code length}...) and what it cost. */
    record Done(String finishReason, Usage usage) implements ChatEvent {
    }
}
