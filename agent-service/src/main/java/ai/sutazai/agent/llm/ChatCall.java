package ai.sutazai.agent.llm;

import java.util.List;

import ai.sutazai.agent.registry.GenerationOptions;

/** What one call to an agent's backend asks for: the model, the whole prompt, and how to generate. */
public record ChatCall(String model, List<ChatMessage> messages, GenerationOptions options) {
}
