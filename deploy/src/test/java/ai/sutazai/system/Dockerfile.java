package ai.sutazai.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Dockerfile as its instructions: comments dropped, continued lines joined. */
record Dockerfile(Path path, List<Instruction> instructions) {

    /** One instruction, e.g. {@code COPY} with its arguments as written. */
    record Instruction(String keyword, String arguments) {

        /** The arguments split at spaces outside quotes, with the quotes removed. */
        List<String> words() {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            char quote = 0;
            for (char c : arguments.toCharArray()) {
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (Character.isWhitespace(c)) {
                    if (!word.isEmpty()) {
                        words.add(word.toString());
                        word.setLength(0);
                    }
                } else {
                    word.append(c);
                }
            }
            if (!word.isEmpty()) {
                words.add(word.toString());
            }
            return words;
        }
    }

    static Dockerfile of(String service, String kind) {
        Path path = DeployFiles.ROOT.resolve(service + "/src/main/docker/Dockerfile." + kind);
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : DeployFiles.read(path).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && pending.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String text = pending.toString();
            pending.setLength(0);
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
        }
        return new Dockerfile(path, instructions);
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The instructions of the image that is built: those after the last {@code FROM}. */
    List<Instruction> finalStage() {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                last = i;
            }
        }
        return instructions.subList(last, instructions.size());
    }

    /** The variables the final image sets with {@code ENV}. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        finalStage().stream().filter(i -> i.keyword().equals("ENV")).forEach(i -> {
            for (String word : i.words()) {
                int equals = word.indexOf('=');
                if (equals > 0) {
                    environment.put(word.substring(0, equals), word.substring(equals + 1));
                }
            }
        });
        return environment;
    }

    /** The user the final image runs as, if it names one. */
    Optional<String> user() {
        return finalStage().stream().filter(i -> i.keyword().equals("USER")).map(Instruction::arguments)
                .reduce((first, second) -> second);
    }
}
