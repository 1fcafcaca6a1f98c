package ai.sutazai.mcp.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import ai.sutazai.commons.config.VariableExpansion;
import ai.sutazai.commons.config.VariableExpansion.UnsetVariableException;

/**
 * Reads an {@code mcpServers} file as Claude Desktop, Claude Code ({@code .mcp.json}) and Cursor write
 * it. File-level faults (unreadable, not JSON, a duplicated key) throw {@link RegistryFileException};
 * a faulty entry becomes an unusable {@link ServerDefinition} so the other servers still run.
 */
public final class RegistryFile {

    /** The entry key holding the bridge's own options; other clients ignore unknown keys. */
    public static final String EXTENSION_KEY = "x-sutazai";

    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> OPTION_KEYS = Set.of("enabled", "initTimeoutSeconds", "callTimeoutSeconds",
            "pingIntervalSeconds", "pingFailures", "maxConcurrentCalls", "allowTools", "denyTools", "restart");
    // Jackson keeps the last of two equal keys unless told otherwise; a silently lost server is how
    // the old bridge's registry broke.
    private static final JsonMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private RegistryFile() {
    }

    /** The entries of the file at {@code path}, in file order. */
    public static List<ServerDefinition> read(Path path, Function<String, Optional<String>> variables,
            ServerOptions defaults) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new RegistryFileException("cannot be read (" + e + ")");
        }
        JsonNode root;
        try {
            root = STRICT_JSON.readTree(text);
        } catch (JsonParseException e) {
            throw new RegistryFileException("is not valid JSON at line "
                    + e.getLocation().getLineNr() + ": " + duplicateAware(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new RegistryFileException("is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("mcpServers").isObject()) {
            throw new RegistryFileException("must be a JSON object with an \"mcpServers\" object, as in .mcp.json");
        }
        VariableExpansion expansion = new VariableExpansion(variables);
        List<ServerDefinition> servers = new ArrayList<>();
        root.get("mcpServers").fields()
                .forEachRemaining(e -> servers.add(entry(e.getKey(), e.getValue(), expansion, defaults)));
        return servers;
    }

    /** One entry, as an admin adds it at run time or as the file holds it. */
    public static ServerDefinition entry(String name, JsonNode entry, Function<String, Optional<String>> variables,
            ServerOptions defaults) {
        return entry(name, entry, new VariableExpansion(variables), defaults);
    }

    private static ServerDefinition entry(String name, JsonNode entry, VariableExpansion expansion,
            ServerOptions defaults) {
        if (!SERVER_NAME.matcher(name).matches()) {
            return ServerDefinition.unusable(name, defaults,
                    "the server name must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (!entry.isObject()) {
            return ServerDefinition.unusable(name, defaults, "the entry must be a JSON object");
        }
        ServerOptions options;
        try {
            options = options(entry.path(EXTENSION_KEY), defaults);
            if (entry.path("disabled").asBoolean(false)) {
                options = new ServerOptions(false, options.initTimeout(), options.callTimeout(),
                        options.pingInterval(), options.pingFailures(), options.maxConcurrentCalls(),
                        options.allowTools(), options.denyTools(), options.restartOnFailure());
            }
        } catch (EntryException e) {
            return ServerDefinition.unusable(name, defaults, e.getMessage());
        }
        try {
            TransportKind kind = kind(entry);
            if (kind == TransportKind.STDIO) {
                String command = requiredText(entry, "command", "a stdio server needs a \"command\"");
                return new ServerDefinition(name, kind, expansion.expand(command),
                        strings(entry.path("args"), "args").stream().map(expansion::expand).toList(),
                        expandValues(map(entry.path("env"), "env"), expansion),
                        optionalText(entry, "cwd").map(expansion::expand).orElse(null), null, Map.of(), options,
                        null);
            }
            String url = expansion.expand(requiredText(entry, "url", "an HTTP server needs a \"url\""));
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new EntryException("\"url\" must be an http:// or https:// URL, not \"" + url + "\"");
            }
            return new ServerDefinition(name, kind, null, List.of(), Map.of(), null, url,
                    expandValues(map(entry.path("headers"), "headers"), expansion), options, null);
        } catch (EntryException | UnsetVariableException e) {
            return ServerDefinition.unusable(name, options, e.getMessage());
        }
    }

    private static TransportKind kind(JsonNode entry) {
        JsonNode type = entry.get("type");
        if (type == null || type.isNull()) {
            return entry.has("url") && !entry.has("command") ? TransportKind.STREAMABLE_HTTP : TransportKind.STDIO;
        }
        if (!type.isTextual()) {
            throw new EntryException("\"type\" must be a string");
        }
        if (type.asText().equalsIgnoreCase("sse")) {
            throw new EntryException("\"type\": \"sse\" (the deprecated HTTP+SSE transport) is not supported; "
                    + "use a Streamable HTTP endpoint (\"type\": \"http\")");
        }
        return TransportKind.fromType(type.asText()).orElseThrow(() -> new EntryException("\"type\" is \""
                + type.asText() + "\"; it must be stdio, http, streamable-http or streamableHttp"));
    }

    private static ServerOptions options(JsonNode node, ServerOptions defaults) {
        if (node.isMissingNode() || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            throw new EntryException("\"" + EXTENSION_KEY + "\" must be an object");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (!OPTION_KEYS.contains(key)) {
                throw new EntryException("\"" + EXTENSION_KEY + "\" has the unknown option \"" + key
                        + "\"; known options: " + String.join(", ", OPTION_KEYS.stream().sorted().toList()));
            }
        }
        String restart = node.path("restart").asText("on-failure");
        if (!restart.equals("on-failure") && !restart.equals("never")) {
            throw new EntryException("\"restart\" must be on-failure or never");
        }
        return new ServerOptions(
                bool(node, "enabled", defaults.enabled()),
                seconds(node, "initTimeoutSeconds", defaults.initTimeout()),
                seconds(node, "callTimeoutSeconds", defaults.callTimeout()),
                seconds(node, "pingIntervalSeconds", defaults.pingInterval()),
                positive(node, "pingFailures", defaults.pingFailures()),
                positive(node, "maxConcurrentCalls", defaults.maxConcurrentCalls()),
                node.has("allowTools") ? strings(node.get("allowTools"), "allowTools") : defaults.allowTools(),
                node.has("denyTools") ? strings(node.get("denyTools"), "denyTools") : defaults.denyTools(),
                restart.equals("on-failure"));
    }

    private static boolean bool(JsonNode node, String key, boolean fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new EntryException("\"" + key + "\" must be true or false");
        }
        return value.booleanValue();
    }

    private static Duration seconds(JsonNode node, String key, Duration fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber() || value.doubleValue() <= 0 || value.doubleValue() > 86_400) {
            throw new EntryException("\"" + key + "\" must be a number of seconds above 0 and at most 86400");
        }
        return Duration.ofMillis(Math.round(value.doubleValue() * 1000));
    }

    private static int positive(JsonNode node, String key, int fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 1
                || value.intValue() > 10_000) {
            throw new EntryException("\"" + key + "\" must be a whole number from 1 to 10000");
        }
        return value.intValue();
    }

    private static String requiredText(JsonNode entry, String key, String missing) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            throw new EntryException(missing);
        }
        if (!value.isTextual()) {
            throw new EntryException("\"" + key + "\" must be a string");
        }
        return value.asText();
    }

    private static Optional<String> optionalText(JsonNode entry, String key) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new EntryException("\"" + key + "\" must be a string");
        }
        return Optional.of(value.asText());
    }

    private static List<String> strings(JsonNode node, String key) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new EntryException("\"" + key + "\" must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new EntryException("\"" + key + "\" must be a list of strings");
            }
            values.add(item.asText());
        }
        return values;
    }

    private static Map<String, String> map(JsonNode node, String key) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new EntryException("\"" + key + "\" must be an object of strings");
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new EntryException("\"" + key + "\"." + e.getKey() + " must be a string");
            }
            values.put(e.getKey(), e.getValue().asText());
        });
        return values;
    }

    private static Map<String, String> expandValues(Map<String, String> values, VariableExpansion expansion) {
        Map<String, String> expanded = new LinkedHashMap<>();
        values.forEach((key, value) -> expanded.put(key, expansion.expand(value)));
        return expanded;
    }

    // Jackson words a duplicate as "Duplicate field 'x'"; say what it means here.
    private static String duplicateAware(String message) {
        if (message != null && message.startsWith("Duplicate field")) {
            return message.replace("Duplicate field", "the key") + " appears twice in the same object"
                    + " (two servers or two settings with one name); keep one";
        }
        return message;
    }
}
