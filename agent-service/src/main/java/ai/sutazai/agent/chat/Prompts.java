package ai.sutazai.agent.chat;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import ai.sutazai.agent.llm.ChatMessage;
import ai.sutazai.agent.memory.RecalledMemory;
import ai.sutazai.agent.registry.Agent;

/** The prompt of a turn: the agent's system prompt with any recalled memories, the history, the new messages. */
final class Prompts {

    private Prompts() {
    }

    static List<ChatMessage> of(Agent agent, TurnMemory.Context context, List<ChatMessage> newMessages) {
        List<ChatMessage> prompt = new ArrayList<>();
        String system = system(agent, context.recalled());
        if (system != null) {
            prompt.add(ChatMessage.system(system));
        }
        prompt.addAll(context.history());
        prompt.addAll(newMessages);
        return prompt;
    }

    // Memories are labelled [m1], [m2]... so the agent can cite the ones it uses.
    private static String system(Agent agent, List<RecalledMemory> recalled) {
        if (recalled.isEmpty()) {
            return agent.systemPrompt();
        }
        StringBuilder system = new StringBuilder();
        if (agent.systemPrompt() != null) {
            system.append(agent.systemPrompt()).append("\n\n");
        }
        system.append("Memories of this user most relevant to their message (most relevant first); cite the label "
                + "of each one you use:\n");
        for (int i = 0; i < recalled.size(); i++) {
            RecalledMemory memory = recalled.get(i);
            system.append("[m").append(i + 1).append("] ");
            if (memory.createdAt() != null) {
                system.append('(').append(memory.createdAt().atZone(ZoneOffset.UTC).toLocalDate()).append(") ");
            }
            system.append(memory.content().strip()).append('\n');
        }
        return system.toString().strip();
    }
}
