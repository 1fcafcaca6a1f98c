package ai.sutazai.mcp.aggregate;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import ai.sutazai.commons.hashing.Sha256;

/**
 * Names under which the aggregated endpoint offers the servers' tools and prompts:
 * {@code <server>__<name>}, within {@code ^[a-zA-Z0-9_-]{1,64}$}, the pattern clients such as Claude
 * and OpenAI accept. The rule is a function of the set of names alone, so every replica and every
 * restart agrees:
 * <ol>
 * <li>characters outside the pattern become {@code _};</li>
 * <li>a name that had to change that way, or is longer than 64, is cut to 55 characters and gets
 * {@code _} and the first 8 hex digits of SHA-256 of {@code server/name};</li>
 * <li>names still equal after that (only possible between untouched names) all get the hash suffix.</li>
 * </ol>
 */
public final class ExposedNames {

    /** Between server and tool, as Docker's MCP gateway and MetaMCP write it. */
    public static final String SEPARATOR = "__";
    static final int MAX_LENGTH = 64;
    private static final int HASH_HEX = 8;
    private static final Pattern OUTSIDE = Pattern.compile("[^a-zA-Z0-9_-]");

    private ExposedNames() {
    }

    /** One upstream name: the server and its own name for the tool or prompt. */
    public record Upstream(String server, String name) {
    }

    /** The exposed name of each upstream, in the order given. */
    public static Map<Upstream, String> of(Collection<Upstream> upstreams) {
        Map<Upstream, String> names = new LinkedHashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (Upstream upstream : upstreams) {
            String name = first(upstream);
            names.put(upstream, name);
            uses.merge(name, 1, Integer::sum);
        }
        names.replaceAll((upstream, name) -> uses.get(name) > 1 ? hashed(plain(upstream), upstream) : name);
        return names;
    }

    private static String first(Upstream upstream) {
        String plain = plain(upstream);
        String sanitized = OUTSIDE.matcher(plain).replaceAll("_");
        if (sanitized.equals(plain) && plain.length() <= MAX_LENGTH) {
            return plain;
        }
        return hashed(sanitized, upstream);
    }

    private static String plain(Upstream upstream) {
        return upstream.server() + SEPARATOR + upstream.name();
    }

    private static String hashed(String base, Upstream upstream) {
        String sanitized = OUTSIDE.matcher(base).replaceAll("_");
        String cut = sanitized.substring(0, Math.min(sanitized.length(), MAX_LENGTH - HASH_HEX - 1));
        return cut + "_" + Sha256.hex(upstream.server() + "/" + upstream.name()).substring(0, HASH_HEX);
    }
}
