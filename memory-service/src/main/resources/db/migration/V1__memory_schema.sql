-- The memory schema belongs to memory-service alone (memories, conversations and embeddings); Flyway creates it.
COMMENT ON SCHEMA memory IS 'Owned by memory-service: memories, conversations and embeddings. Other services ask it over HTTP.';
