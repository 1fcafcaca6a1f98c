package ai.sutazai.health.probe;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Values at a dotted path in a JSON document: {@code database}, {@code data.version}, or
 * {@code models[].name} for a field of every element of an array. Small enough not to want a
 * JSONPath library for the one operation probes need.
 */
final class JsonFields {

    private JsonFields() {
    }

    /** Every value found at {@code path}; empty when the path leads nowhere. */
    static List<Object> at(Object document, String path) {
        List<Object> current = List.of(document);
        for (String segment : path.split("\\.")) {
            boolean each = segment.endsWith("[]");
            String key = each ? segment.substring(0, segment.length() - 2) : segment;
            List<Object> next = new ArrayList<>();
            for (Object node : current) {
                Object value = node instanceof JsonObject object ? object.getValue(key) : null;
                if (each && value instanceof JsonArray array) {
                    array.forEach(next::add);
                } else if (!each && value != null) {
                    next.add(value);
                }
            }
            current = next;
        }
        return current;
    }
}
