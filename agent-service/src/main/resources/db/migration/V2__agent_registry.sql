-- The agent registry. Connection settings differ per kind, so they live in one JSON object that
-- the service validates; the API key of an openai agent has a column of its own so that no query
-- selecting connection settings can hand it out by accident.
CREATE TABLE agents.agents (
    id               text        PRIMARY KEY,
    name             text        NOT NULL,
    description      text        NOT NULL DEFAULT '',
    kind             text        NOT NULL,
    capabilities     text[]      NOT NULL DEFAULT '{}',
    model            text,
    system_prompt    text,
    options          jsonb       NOT NULL DEFAULT '{}',
    max_concurrency  integer     NOT NULL,
    enabled          boolean     NOT NULL DEFAULT true,
    recall_memories  integer     NOT NULL DEFAULT 0,
    connection       jsonb       NOT NULL DEFAULT '{}',
    api_key          text,
    -- 'seed' while the agent is as a seed file wrote it; 'admin' once an admin created or changed it.
    origin           text        NOT NULL,
    version          bigint      NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX agents_capabilities ON agents.agents USING gin (capabilities);

-- Every agent id a seed file ever created, with the digest of the definition it wrote: a seed runs
-- once per id, so an agent an admin deleted is not brought back, and a seeded agent nobody changed
-- follows a newer definition of the bundled file.
CREATE TABLE agents.seeded (
    agent_id    text        PRIMARY KEY,
    digest      text        NOT NULL,
    seeded_at   timestamptz NOT NULL DEFAULT now()
);
