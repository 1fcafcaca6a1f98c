package ai.sutazai.health.probe;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a probe talks to, and so how it checks it. */
public enum ProbeType {
    HTTP, TCP, POSTGRES, REDIS, AMQP, CONSUL, SERVICE, HEARTBEAT;

    /** The name used in the probes file and in answers. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a probes file names, if it is one. */
    public static Optional<ProbeType> fromLabel(String label) {
        return Arrays.stream(values()).filter(type -> type.label().equals(label)).findFirst();
    }

    /** Every label, for error messages. */
    public static String labels() {
        return Arrays.stream(values()).map(ProbeType::label).collect(Collectors.joining(", "));
    }
}
