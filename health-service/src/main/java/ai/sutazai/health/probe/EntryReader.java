package ai.sutazai.health.probe;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import ai.sutazai.commons.config.VariableExpansion;

/**
 * Reads the fields of one probes-file entry, expanding {@code ${VAR}} in every text, and collects
 * everything wrong with it instead of stopping at the first problem.
 */
final class EntryReader {

    private final JsonNode entry;
    private final VariableExpansion expansion;
    private final List<String> problems = new ArrayList<>();

    EntryReader(JsonNode entry, VariableExpansion expansion) {
        this.entry = entry;
        this.expansion = expansion;
    }

    /** What is wrong with the entry so far. */
    List<String> problems() {
        return problems;
    }

    void problem(String message) {
        problems.add(message);
    }

    boolean has(String key) {
        JsonNode value = entry.get(key);
        return value != null && !value.isNull();
    }

    /** Reports every key that is not in {@code allowed}. */
    void onlyKeys(Set<String> allowed, String kind) {
        for (Iterator<String> keys = entry.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (!allowed.contains(key)) {
                problem("\"" + key + "\" is not a setting of " + kind + " (known: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    /** A text, expanded; null when absent (and a problem when {@code required}). */
    String text(String key, boolean required) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problem("\"" + key + "\" is required");
            }
            return null;
        }
        if (!value.isValueNode() || value.isBinary()) {
            problem("\"" + key + "\" must be a single value");
            return null;
        }
        try {
            String text = expansion.expand(value.asText());
            if (required && text.isBlank()) {
                problem("\"" + key + "\" is empty");
                return null;
            }
            return text;
        } catch (VariableExpansion.UnsetVariableException e) {
            problem("\"" + key + "\": " + e.getMessage());
            return null;
        }
    }

    /** An ISO-8601 duration such as {@code PT10S}, from {@code min} to {@code max}. */
    Duration duration(String key, Duration fallback, Duration min, Duration max) {
        String text = text(key, false);
        if (text == null) {
            return fallback;
        }
        try {
            Duration duration = Duration.parse(text.strip());
            if (duration.compareTo(min) >= 0 && duration.compareTo(max) <= 0) {
                return duration;
            }
        } catch (DateTimeParseException e) {
            // Reported below, like a duration out of range.
        }
        problem("\"" + key + "\" is \"" + text + "\"; it must be an ISO-8601 duration from " + min + " to " + max
                + ", e.g. PT10S");
        return fallback;
    }

    /** A whole number from {@code min} to {@code max}. */
    int integer(String key, int fallback, int min, int max) {
        Integer value = optionalInteger(key, min, max);
        return value == null ? fallback : value;
    }

    /** A whole number from {@code min} to {@code max}, or null when absent or invalid. */
    Integer optionalInteger(String key, int min, int max) {
        String text = text(key, false);
        if (text == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        problem("\"" + key + "\" is \"" + text + "\"; it must be a whole number from " + min + " to " + max);
        return null;
    }

    /** true or false. */
    boolean bool(String key, boolean fallback) {
        String text = text(key, false);
        if (text == null) {
            return fallback;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        problem("\"" + key + "\" is \"" + text + "\"; it must be true or false");
        return fallback;
    }

    /** A list of texts; a single text counts as a list of one. */
    List<String> texts(String key) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value.isArray() ? value : List.of(value)) {
            if (!item.isValueNode()) {
                problem("\"" + key + "\" must be a list of values");
                return List.of();
            }
            try {
                texts.add(expansion.expand(item.asText()));
            } catch (VariableExpansion.UnsetVariableException e) {
                problem("\"" + key + "\": " + e.getMessage());
            }
        }
        return texts;
    }

    /** A map of texts, such as HTTP headers. */
    Map<String, String> map(String key) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            problem("\"" + key + "\" must be a map of names to values");
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(field -> {
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                problem("\"" + key + "\"." + field.getKey() + " must be a single value");
                return;
            }
            try {
                map.put(field.getKey(), expansion.expand(field.getValue().asText()));
            } catch (VariableExpansion.UnsetVariableException e) {
                problem("\"" + key + "\"." + field.getKey() + ": " + e.getMessage());
            }
        });
        return map;
    }
}
