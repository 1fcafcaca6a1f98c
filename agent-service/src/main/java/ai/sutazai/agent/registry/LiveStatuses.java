package ai.sutazai.agent.registry;

/** Where the registry reads each agent's live status from (the status checks provide it). */
public interface LiveStatuses {

    /** The agent's last known status; {@link LiveStatus#UNKNOWN} before its first check. */
    LiveStatus of(String agentId);
}
