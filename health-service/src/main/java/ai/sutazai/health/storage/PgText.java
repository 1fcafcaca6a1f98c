package ai.sutazai.health.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Text as PostgreSQL can store it: text and jsonb refuse the NUL character, which an error quoting a
 * target's binary answer or an alert's label may hold, so it is stored as U+FFFD rather than refused.
 */
public final class PgText {

    private PgText() {
    }

    /** {@code node} with every NUL replaced, in values and field names alike (jsonb refuses it too). */
    public static JsonNode storable(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(storable(node.textValue()));
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(element -> copy.add(storable(element)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(storable(field.getKey()), storable(field.getValue())));
            return copy;
        }
        return node;
    }

    /** {@code text} with every NUL replaced; null stays null. */
    public static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }
}
