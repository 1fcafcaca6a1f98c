-- The tools an agent may use: patterns over the MCP bridge's exposed tool names (filesystem__*,
-- everything__echo) and the built-in tools (memory_search, memory_store, list_agents, delegate).
-- Empty: the agent uses no tools and answers as before.
ALTER TABLE agents.agents ADD COLUMN tools text[] NOT NULL DEFAULT '{}';
