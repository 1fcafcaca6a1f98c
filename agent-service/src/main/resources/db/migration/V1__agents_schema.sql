-- The agents schema belongs to agent-service alone (agents, tasks and models); Flyway creates it.
COMMENT ON SCHEMA agents IS 'Owned by agent-service: agents, tasks and models. Other services ask it over HTTP.';
