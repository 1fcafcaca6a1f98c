package ai.sutazai.mcp.server;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * What a server offers, as last listed, with the tools its options deny already removed.
 *
 * @param warnings what went wrong while listing (an endless cursor, a failed list), empty when complete
 */
public record Catalogue(List<Tool> tools, List<Resource> resources, List<ResourceTemplate> resourceTemplates,
        List<Prompt> prompts, List<String> warnings, Instant refreshedAt) {

    public static final Catalogue EMPTY = new Catalogue(List.of(), List.of(), List.of(), List.of(), List.of(), null);

    public Catalogue {
        tools = List.copyOf(tools);
        resources = List.copyOf(resources);
        resourceTemplates = List.copyOf(resourceTemplates);
        prompts = List.copyOf(prompts);
        warnings = List.copyOf(warnings);
    }

    /** The tool of that name, if offered. */
    public Optional<Tool> tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The prompt of that name, if offered. */
    public Optional<Prompt> prompt(String name) {
        return prompts.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
