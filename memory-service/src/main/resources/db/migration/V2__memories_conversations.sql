-- Memories: what agents and users learned, each owned by one owner (a user id, or a name a
-- service writes for). Expired rows are invisible at once and purged by a job.
CREATE TABLE memory.memories (
    id          uuid PRIMARY KEY,
    owner_id    text NOT NULL,
    namespace   text NOT NULL,
    key         text,
    content     text NOT NULL,
    agent_id    text,
    session_id  text,
    tags        text[] NOT NULL DEFAULT '{}',
    metadata    jsonb NOT NULL DEFAULT '{}',
    importance  real CHECK (importance BETWEEN 0 AND 1),
    expires_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- Grows with every change; the cache refuses to store anything older than it has seen.
    version     bigint NOT NULL DEFAULT 1
);
-- Writing an existing key of an owner and namespace updates that memory.
CREATE UNIQUE INDEX memories_key ON memory.memories (owner_id, namespace, key) WHERE key IS NOT NULL;
CREATE INDEX memories_listing ON memory.memories (owner_id, created_at, id);
CREATE INDEX memories_tags ON memory.memories USING gin (tags);
CREATE INDEX memories_metadata ON memory.memories USING gin (metadata jsonb_path_ops);
CREATE INDEX memories_expiry ON memory.memories (expires_at) WHERE expires_at IS NOT NULL;

-- Conversations and their messages, numbered 1, 2, 3... per conversation without gaps.
CREATE TABLE memory.conversations (
    owner_id    text NOT NULL,
    id          text NOT NULL,
    last_seq    bigint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_id, id)
);

CREATE TABLE memory.messages (
    owner_id        text NOT NULL,
    conversation_id text NOT NULL,
    seq             bigint NOT NULL,
    role            text NOT NULL,
    content         text NOT NULL,
    agent_id        text,
    metadata        jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_id, conversation_id, seq),
    FOREIGN KEY (owner_id, conversation_id) REFERENCES memory.conversations (owner_id, id) ON DELETE CASCADE
);
