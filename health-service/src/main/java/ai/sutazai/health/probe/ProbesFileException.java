package ai.sutazai.health.probe;

import java.util.List;

/** A probes file that cannot be used, with every problem in it, each naming its entry. */
public class ProbesFileException extends RuntimeException {

    private final List<String> problems;

    public ProbesFileException(List<String> problems) {
        super(problems.size() == 1 ? "has 1 problem: " + problems.get(0)
                : "has " + problems.size() + " problems: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, e.g. {@code probes[2] "cache": port must be a number from 1 to 65535}. */
    public List<String> problems() {
        return problems;
    }
}
