package ai.sutazai.commons.config;

import java.util.Map;

/** Where each service listens when Consul is off: its variable and its local default (ARCHITECTURE §2). */
public final class ServiceAddresses {

    private record Entry(String variable, String local) {
    }

    private static final Map<String, Entry> SERVICES = Map.of(
            "agent-service", new Entry("AGENT_SERVICE_ADDRESSES", "localhost:10210"),
            "memory-service", new Entry("MEMORY_SERVICE_ADDRESSES", "localhost:10220"),
            "health-service", new Entry("HEALTH_SERVICE_ADDRESSES", "localhost:10230"),
            "mcp-bridge-service", new Entry("MCP_BRIDGE_SERVICE_ADDRESSES", "localhost:11100"));

    private ServiceAddresses() {
    }

    /** The variable holding the static {@code host:port[,host:port]} list of {@code service}. */
    public static String variable(String service) {
        return entry(service).variable();
    }

    /** The address the local runner starts {@code service} at. */
    public static String local(String service) {
        return entry(service).local();
    }

    private static Entry entry(String service) {
        Entry entry = SERVICES.get(service);
        if (entry == null) {
            throw new IllegalArgumentException("no service called " + service + " is called by others; known: "
                    + SERVICES.keySet());
        }
        return entry;
    }
}
