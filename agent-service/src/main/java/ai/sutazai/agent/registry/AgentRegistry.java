package ai.sutazai.agent.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.paging.PageQuery;
import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;

/** The agent registry: definitions checked per kind, stored, and shown with their live status. */
@ApplicationScoped
public class AgentRegistry {

    private final AgentRepository agents;
    private final LiveStatuses statuses;
    private final AgentCards cards;
    private final String defaultModel;
    private final long cacheNanos;
    private final Map<String, Cached> recent = new ConcurrentHashMap<>();

    public AgentRegistry(AgentRepository agents, LiveStatuses statuses, AgentCards cards, AgentConfig config) {
        this.agents = agents;
        this.statuses = statuses;
        this.cards = cards;
        this.defaultModel = config.llm().defaultModel();
        this.cacheNanos = config.chat().agentCacheTtl().toNanos();
    }

    // An agent (or its absence) as read from the database, and when.
    private record Cached(Agent agent, long readAt) {
    }

    /** Registers a new agent; 409 when its id is taken. */
    public Uni<AgentView> create(AgentDefinition definition) {
        if (definition.id() == null) {
            throw ProblemException.invalid("id", "must not be blank");
        }
        Agent agent = toAgent(definition, Agent.ORIGIN_ADMIN);
        return agents.insert(agent).invoke(() -> recent.remove(agent.id()))
                .map(created -> view(created.orElseThrow(() -> ProblemException.conflict("An agent with the id "
                        + agent.id() + " exists already; change it with PUT /api/v1/agents/" + agent.id() + "."))));
    }

    /**
     * Registers the remote A2A agent whose card is at {@code request.baseUrl()}: its name,
     * description and skills (ids and tags, as capabilities) from the card, unless the request sets
     * them, and the card's JSON-RPC interface. 502 when no card can be fetched, 422 when it is no
     * card or offers no JSON-RPC interface, 409 when the id is taken.
     */
    public Uni<AgentView> importAgent(AgentImport request) {
        String baseUrl = cardBase(request.baseUrl().strip());
        if (!isHttpUrl(baseUrl)) {
            throw ProblemException.invalid("baseUrl", "must be an absolute http:// or https:// URL without credentials "
                    + "or query");
        }
        String token = blank(request.apiKey()) ? null : request.apiKey();
        return cards.read(baseUrl, token).flatMap(card -> {
            String id = request.id() != null ? request.id() : slug(card.name(), 63);
            if (id.isEmpty()) {
                throw ProblemException.invalid("id", "is required: the card's name (" + card.name()
                        + ") makes no id");
            }
            String name = blank(request.name()) ? clip(card.name(), 100) : request.name();
            A2aEndpoint endpoint = card.endpoint();
            return create(new AgentDefinition(id, name, clip(card.description(), 2000), AgentKind.A2A,
                    capabilities(card.skills()), null, null, null, request.maxConcurrency(), request.enabled(), null,
                    new AgentDefinition.Connection(baseUrl, token, endpoint.rpcUrl(), endpoint.protocolVersion(),
                            endpoint.streaming())));
        });
    }

    // Skill ids and tags as capability words, in the card's order, each once.
    private static List<String> capabilities(List<AgentCards.Skill> skills) {
        Set<String> words = new LinkedHashSet<>();
        for (AgentCards.Skill skill : skills) {
            words.add(slug(skill.id(), 40));
            skill.tags().forEach(tag -> words.add(slug(tag, 40)));
        }
        words.remove("");
        return words.stream().limit(50).toList();
    }

    // Lower-case letters and digits, other runs as one '-': "small_talk" is small-talk.
    private static String slug(String text, int max) {
        String slug = text == null ? "" : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        return slug.length() > max ? slug.substring(0, max).replaceAll("-+$", "") : slug;
    }

    private static String clip(String text, int max) {
        String stripped = text == null ? "" : text.strip();
        return stripped.length() > max ? stripped.substring(0, max) : stripped;
    }

    // A card's own URL given as the base is taken as the base it sits under.
    private static String cardBase(String url) {
        String base = url.replaceAll("/+$", "");
        for (String card : List.of("/.well-known/agent-card.json", "/.well-known/agent.json")) {
            if (base.endsWith(card)) {
                return base.substring(0, base.length() - card.length());
            }
        }
        return base;
    }

    /** Replaces the definition of agent {@code id}; 404 when there is none. */
    public Uni<AgentView> replace(String id, AgentDefinition definition) {
        if (definition.id() != null && !definition.id().equals(id)) {
            throw ProblemException.invalid("id", "must be the id in the path (" + id + "), or left out");
        }
        Agent agent = toAgent(definition.withId(id), Agent.ORIGIN_ADMIN);
        boolean newKey = definition.connection() != null && definition.connection().apiKey() != null;
        return agents.replace(agent, newKey).invoke(() -> recent.remove(id))
                .map(replaced -> view(replaced.orElseThrow(() -> missing(id))));
    }

    /** Removes agent {@code id}; 404 when there is none. */
    public Uni<Void> delete(String id) {
        return agents.delete(id).invoke(() -> recent.remove(id)).map(deleted -> {
            if (!deleted) {
                throw missing(id);
            }
            return null;
        });
    }

    /** Agent {@code id} with its live status; 404 when there is none. */
    public Uni<AgentView> get(String id) {
        return find(id).map(agent -> view(agent.orElseThrow(() -> missing(id))));
    }

    /** Agent {@code id}, if registered. */
    public Uni<Optional<Agent>> find(String id) {
        return agents.find(id);
    }

    /**
     * Agent {@code id} as read at most {@code agent.chat.agent-cache-ttl} ago, for chat turns, which
     * then do not wait for PostgreSQL. Changes made through this instance apply at once; another
     * replica's within that time.
     */
    public Uni<Optional<Agent>> findRecent(String id) {
        Cached cached = recent.get(id);
        long now = System.nanoTime();
        if (cached != null && now - cached.readAt() < cacheNanos) {
            return Uni.createFrom().item(Optional.of(cached.agent()));
        }
        // Only agents that exist are kept: ids nobody registered (any OpenAI "model") must not fill the map.
        return agents.find(id).invoke(agent -> agent.ifPresent(found -> recent.put(id, new Cached(found, now))));
    }

    /** Every registered agent, for the status checks. */
    public Uni<List<Agent>> all() {
        return agents.list(null, null, null, null);
    }

    /** Every agent that has {@code capability}, in id order. */
    public Uni<List<Agent>> withCapability(String capability) {
        return agents.list(null, capability, null, null);
    }

    /** A page of agents in id order, filtered by kind, capability and live status when given. */
    public Uni<Page<AgentView>> list(AgentKind kind, String capability, LiveStatus.State status, PageQuery page) {
        // Live status is known here, not in the database: with it as a filter the rows are read until a page is full.
        Integer fetch = status == null ? page.limit() + 1 : null;
        return agents.list(kind, capability, page.cursor(), fetch).map(found -> {
            List<AgentView> views = new ArrayList<>();
            for (Agent agent : found) {
                AgentView view = view(agent);
                if (status == null || view.status() == status) {
                    views.add(view);
                    if (views.size() > page.limit()) {
                        break;
                    }
                }
            }
            return Page.of(views, page.limit(), AgentView::id);
        });
    }

    /** The live status of agent {@code id}. */
    public LiveStatus status(String id) {
        return statuses.of(id);
    }

    /** The model an agent asks for (its own, or the platform default for a persona). */
    public String modelOf(Agent agent) {
        return agent.modelOr(defaultModel);
    }

    /**
     * A definition made whole: defaults filled in, URLs normalised, and every rule of its kind
     * checked at once, so a 400 names each bad field.
     */
    static Agent toAgent(AgentDefinition definition, String origin) {
        AgentKind kind = definition.kind();
        AgentDefinition.Connection connection = definition.connection();
        String baseUrl = connection == null || blank(connection.baseUrl()) ? null : connection.baseUrl().strip();
        String apiKey = connection == null ? null : connection.apiKey();
        List<Problem.FieldError> errors = new ArrayList<>();
        if (kind.needsBaseUrl() && baseUrl == null) {
            errors.add(new Problem.FieldError("connection.baseUrl", "is required for kind " + kind));
        } else if (kind.needsBaseUrl() && !isHttpUrl(baseUrl)) {
            errors.add(new Problem.FieldError("connection.baseUrl",
                    "must be an absolute http:// or https:// URL without credentials or query"));
        } else if (!kind.needsBaseUrl() && baseUrl != null) {
            errors.add(new Problem.FieldError("connection.baseUrl",
                    "must be left out for kind " + kind + ", which uses the platform's LLM backend"));
        }
        if (!blank(apiKey) && !kind.takesApiKey()) {
            errors.add(new Problem.FieldError("connection.apiKey", "is only stored for kinds openai and a2a"));
        }
        A2aEndpoint a2a = a2aEndpoint(kind, connection, errors);
        if (definition.tools() != null && !definition.tools().isEmpty() && !kind.callsTools()) {
            errors.add(new Problem.FieldError("tools", "must be left out for kind " + kind
                    + ": only llm and openai agents are given tools"));
        }
        if (kind.needsModel() && blank(definition.model())) {
            errors.add(new Problem.FieldError("model", "is required for kind " + kind));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Agent(definition.id(), definition.name().strip(),
                definition.description() == null ? "" : definition.description().strip(), kind,
                definition.capabilities() == null ? List.of() : List.copyOf(definition.capabilities()),
                blank(definition.model()) ? null : definition.model(),
                blank(definition.systemPrompt()) ? null : definition.systemPrompt().strip(),
                definition.options() == null ? GenerationOptions.NONE : definition.options(),
                definition.maxConcurrency() == null ? AgentDefinition.DEFAULT_MAX_CONCURRENCY
                        : definition.maxConcurrency(),
                definition.enabled() == null || definition.enabled(),
                definition.recallMemories() == null ? 0 : definition.recallMemories(),
                baseUrl == null ? null : normalise(kind, baseUrl), blank(apiKey) ? null : apiKey, a2a, origin, 1,
                null, null, definition.tools() == null ? List.of() : List.copyOf(new LinkedHashSet<>(definition.tools())));
    }

    // An a2a agent's JSON-RPC interface, required for that kind and refused for the others.
    private static A2aEndpoint a2aEndpoint(AgentKind kind, AgentDefinition.Connection connection,
            List<Problem.FieldError> errors) {
        String rpcUrl = connection == null || blank(connection.rpcUrl()) ? null : connection.rpcUrl().strip();
        String version = connection == null || blank(connection.protocolVersion()) ? null
                : connection.protocolVersion().strip();
        Boolean streaming = connection == null ? null : connection.streaming();
        if (kind != AgentKind.A2A) {
            if (rpcUrl != null || version != null || streaming != null) {
                errors.add(new Problem.FieldError("connection.rpcUrl",
                        "must be left out (with protocolVersion and streaming) for kind " + kind + "; only a2a agents have one"));
            }
            return null;
        }
        String importIt = " (POST /api/v1/agents/import reads it from the agent's card)";
        if (rpcUrl == null) {
            errors.add(new Problem.FieldError("connection.rpcUrl", "is required for kind a2a" + importIt));
        } else if (!isHttpUrl(rpcUrl)) {
            errors.add(new Problem.FieldError("connection.rpcUrl",
                    "must be an absolute http:// or https:// URL without credentials or query"));
        }
        if (version == null) {
            errors.add(new Problem.FieldError("connection.protocolVersion", "is required for kind a2a" + importIt));
        }
        return rpcUrl == null || version == null ? null : new A2aEndpoint(rpcUrl, version, Boolean.TRUE.equals(streaming));
    }

    private AgentView view(Agent agent) {
        return AgentView.of(agent, defaultModel, statuses.of(agent.id()));
    }

    // Trailing slashes go; an OpenAI base URL without a path gets the /v1 every such server serves.
    private static String normalise(AgentKind kind, String baseUrl) {
        String url = baseUrl.replaceAll("/+$", "");
        if (kind == AgentKind.OPENAI && URI.create(url).getRawPath().isEmpty()) {
            return url + "/v1";
        }
        return url;
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            // No credentials in the URL: it is shown and logged; a key goes in connection.apiKey.
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static ProblemException missing(String id) {
        return ProblemException.notFound("There is no agent with the id " + id + ".");
    }
}
