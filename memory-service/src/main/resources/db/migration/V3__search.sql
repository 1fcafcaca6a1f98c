-- Search: full text on every memory at once, and an embedding computed in the background.
-- Embeddings are real[] on every server; where pgvector exists, VectorIndex adds an HNSW index
-- on their public.vector cast after migrations, so this history is the same with or without it.
ALTER TABLE memory.memories
    ADD COLUMN search_text tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, content)) STORED,
    ADD COLUMN embedding real[],
    ADD COLUMN embedding_model text,
    ADD COLUMN embedding_dimension integer,
    ADD COLUMN embedding_status text NOT NULL DEFAULT 'pending'
        CHECK (embedding_status IN ('pending', 'ready', 'failed')),
    -- A worker holds pending rows until then, so replicas never embed the same memory twice.
    ADD COLUMN embedding_claimed_until timestamptz,
    ADD CONSTRAINT memories_embedding_shape CHECK (
        embedding IS NULL OR (cardinality(embedding) = embedding_dimension AND embedding_model IS NOT NULL));

CREATE INDEX memories_search_text ON memory.memories USING gin (search_text);
CREATE INDEX memories_embedding_pending ON memory.memories (updated_at) WHERE embedding_status = 'pending';
-- The dimension check at start-up reads this instead of every row.
CREATE INDEX memories_embedding_kind ON memory.memories (embedding_dimension, embedding_model)
    WHERE embedding IS NOT NULL;
-- The exact vector backend lists a scope's embedded memories on every semantic search: covering
-- them lets PostgreSQL answer from this index instead of reading each row's vector and text.
CREATE INDEX memories_vector_scope ON memory.memories (owner_id, embedding_model)
    INCLUDE (id, version, expires_at) WHERE embedding_status = 'ready';
