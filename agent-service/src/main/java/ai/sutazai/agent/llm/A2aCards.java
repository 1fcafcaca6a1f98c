package ai.sutazai.agent.llm;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.registry.A2aEndpoint;
import ai.sutazai.agent.registry.AgentCards;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;

/**
 * Remote A2A agent cards: fetched from {@code /.well-known/agent-card.json} (v0.3 and v1.0), else
 * the older {@code /.well-known/agent.json}, and read in either shape: v1.0's
 * {@code supportedInterfaces[]} ({@code url}, {@code protocolBinding}, {@code protocolVersion}) or
 * v0.3's top-level {@code url}, {@code protocolVersion}, {@code preferredTransport} and
 * {@code additionalInterfaces[]} ({@code url}, {@code transport}). Of the JSON-RPC interfaces the
 * newest version we speak is taken (1.x, else 0.x), as the official SDK's client does.
 */
@ApplicationScoped
public class A2aCards implements AgentCards {

    /** Where v0.3 and v1.0 servers serve their card. */
    public static final String CARD_PATH = "/.well-known/agent-card.json";
    /** Where v0.2 servers served it, and many clients still look. */
    public static final String LEGACY_CARD_PATH = "/.well-known/agent.json";
    private static final String JSONRPC = "JSONRPC";
    // Asked for, a server with the SDK's v0.3 layer serves its v1.0 card; without it, the v0.3 one.
    private static final Map<String, String> VERSION_HEADER = Map.of("A2A-Version", "1.0");
    private static final int QUOTED = 200;

    private final BackendHttp http;
    private final Duration timeout;

    public A2aCards(BackendHttp http, AgentConfig config) {
        this.http = http;
        this.timeout = config.status().timeout();
    }

    @Override
    public Uni<Card> read(String baseUrl, String bearerToken) {
        // Only admins import, and they gave the address: the messages may name it.
        Endpoint endpoint = new Endpoint(baseUrl, bearerToken, "the server at " + baseUrl);
        return read(endpoint, timeout).onFailure(LlmFailure.class).transform(failure -> {
            String detail = failure.getMessage();
            return new ProblemException(ProblemType.BAD_GATEWAY, "No agent card could be fetched: "
                    + Character.toLowerCase(detail.charAt(0)) + detail.substring(1));
        });
    }

    /**
     * The card of the A2A server at {@code endpoint} (its base URL, bearer token and how messages
     * name it), within {@code limit} per fetch: a live-status check of an {@code a2a} agent.
     */
    Uni<Card> read(Endpoint endpoint, Duration limit) {
        return http.get(endpoint, CARD_PATH, VERSION_HEADER, limit).flatMap(reply -> reply.status() == 404
                ? http.get(endpoint, LEGACY_CARD_PATH, VERSION_HEADER, limit)
                        .map(legacy -> {
                            if (legacy.status() == 404) {
                                throw LlmFailure.broken(endpoint, "serves no agent card: " + CARD_PATH + " and "
                                        + LEGACY_CARD_PATH + " both answered 404.");
                            }
                            return card(endpoint, LEGACY_CARD_PATH, legacy);
                        })
                : Uni.createFrom().item(() -> card(endpoint, CARD_PATH, reply)));
    }

    private static Card card(Endpoint endpoint, String path, BackendHttp.Reply reply) {
        if (reply.status() / 100 != 2) {
            String said = Json.errorMessage(reply.body().strip());
            throw LlmFailure.refused(endpoint, reply.status(), said.length() > QUOTED ? said.substring(0, QUOTED) : said);
        }
        JsonObject json;
        try {
            json = new JsonObject(reply.body());
        } catch (DecodeException | ClassCastException e) {
            String body = reply.body().strip();
            throw ProblemException.unprocessable(cardOf(endpoint) + " is not JSON (" + path + " answered "
                    + (reply.contentType() == null ? "without a content type" : reply.contentType()) + ": "
                    + (body.length() > QUOTED ? body.substring(0, QUOTED) + "..." : body) + ").");
        }
        return parse(json, endpoint.url(path), cardOf(endpoint));
    }

    /**
     * What the registry takes from {@code card}, served at {@code cardUrl}; a 422 problem naming
     * {@code what} when it is no card or offers no JSON-RPC interface we speak.
     */
    static Card parse(JsonObject card, String cardUrl, String what) {
        try {
            return parsed(card, cardUrl, what);
        } catch (ClassCastException e) {
            throw ProblemException.unprocessable(what + " is not an agent card: a field has the wrong type ("
                    + e.getMessage() + ").");
        }
    }

    private record Interface(String url, String binding, String version) {
    }

    private static Card parsed(JsonObject card, String cardUrl, String what) {
        String name = card.getString("name");
        if (name == null || name.isBlank()) {
            throw ProblemException.unprocessable(what + " is not an agent card: it has no name.");
        }
        List<Interface> interfaces = interfaces(card, what);
        Interface chosen = choose(interfaces);
        if (chosen == null) {
            throw ProblemException.unprocessable(what + " offers no JSON-RPC interface of A2A 0.x or 1.x (it offers "
                    + (interfaces.isEmpty() ? "none" : interfaces.stream().map(i -> i.binding() + " " + i.version())
                            .distinct().toList()) + ").");
        }
        String rpcUrl = absolute(cardUrl, chosen.url());
        if (rpcUrl == null) {
            throw ProblemException.unprocessable(what + " names a JSON-RPC URL that is not http(s): " + chosen.url());
        }
        JsonObject capabilities = card.getJsonObject("capabilities", new JsonObject());
        boolean streaming = Boolean.TRUE.equals(capabilities.getBoolean("streaming"));
        return new Card(cardUrl, name.strip(), card.getString("description", ""), skills(card),
                new A2aEndpoint(rpcUrl, chosen.version(), streaming));
    }

    // v1.0 lists every interface; v0.3 has a main one at the top level and maybe more.
    private static List<Interface> interfaces(JsonObject card, String what) {
        List<Interface> interfaces = new ArrayList<>();
        JsonArray supported = card.getJsonArray("supportedInterfaces");
        if (supported != null && !supported.isEmpty()) {
            for (int i = 0; i < supported.size(); i++) {
                JsonObject one = supported.getJsonObject(i);
                interfaces.add(new Interface(one.getString("url"), one.getString("protocolBinding", ""),
                        version(one.getString("protocolVersion"))));
            }
            return interfaces;
        }
        String url = card.getString("url");
        if (url == null) {
            throw ProblemException.unprocessable(what + " is not an agent card: it has neither supportedInterfaces "
                    + "(v1.0) nor a url (v0.3).");
        }
        String version = version(card.getString("protocolVersion"));
        interfaces.add(new Interface(url, card.getString("preferredTransport", JSONRPC), version));
        JsonArray more = card.getJsonArray("additionalInterfaces", new JsonArray());
        for (int i = 0; i < more.size(); i++) {
            JsonObject one = more.getJsonObject(i);
            interfaces.add(new Interface(one.getString("url"), one.getString("transport", ""), version));
        }
        return interfaces;
    }

    // A2A reads a missing version as v0.3.
    private static String version(String declared) {
        return declared == null || declared.isBlank() ? "0.3" : declared.strip();
    }

    private static Interface choose(List<Interface> interfaces) {
        Interface legacy = null;
        for (Interface candidate : interfaces) {
            if (!JSONRPC.equals(candidate.binding().toUpperCase(Locale.ROOT)) || candidate.url() == null
                    || candidate.url().isBlank()) {
                continue;
            }
            int major = majorOf(candidate.version());
            if (major == 1) {
                return candidate;
            }
            if (major == 0 && legacy == null) {
                legacy = candidate;
            }
        }
        return legacy;
    }

    private static int majorOf(String version) {
        try {
            return Integer.parseInt(version.split("\\.", -1)[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // Interface URLs are absolute in practice; a relative one is read against the card's own URL.
    private static String absolute(String cardUrl, String url) {
        try {
            URI resolved = new URI(cardUrl).resolve(url.strip());
            String scheme = resolved.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && resolved.getHost() != null
                    ? resolved.toString() : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static List<Skill> skills(JsonObject card) {
        List<Skill> skills = new ArrayList<>();
        JsonArray listed = card.getJsonArray("skills", new JsonArray());
        for (int i = 0; i < listed.size(); i++) {
            JsonObject skill = listed.getJsonObject(i);
            List<String> tags = new ArrayList<>();
            JsonArray tagged = skill.getJsonArray("tags", new JsonArray());
            for (int t = 0; t < tagged.size(); t++) {
                tags.add(tagged.getString(t));
            }
            skills.add(new Skill(skill.getString("id"), skill.getString("name"), tags));
        }
        return skills;
    }

    private static String cardOf(Endpoint endpoint) {
        return "The agent card of " + endpoint.label();
    }
}
