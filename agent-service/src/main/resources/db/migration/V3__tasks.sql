-- Durable tasks: one row per task, claimed by any replica's workers with FOR UPDATE SKIP LOCKED
-- under a lease (lease_token, locked_until) that a heartbeat renews. Every change a task goes
-- through, and every chunk of its answer, is an event with a per-task gap-free seq (next_seq is
-- advanced in the same statement that writes the event), so event streams can resume anywhere.
CREATE TABLE agents.tasks (
    id                 uuid        PRIMARY KEY,
    owner_id           text        NOT NULL,
    agent_id           text        NOT NULL,
    parent_id          uuid        REFERENCES agents.tasks (id) ON DELETE CASCADE,
    -- submitted, working, completed, failed, canceled, dead
    state              text        NOT NULL,
    priority           smallint    NOT NULL,
    run_at             timestamptz NOT NULL,
    input              jsonb       NOT NULL,
    result             jsonb,
    error              text,
    attempts           integer     NOT NULL DEFAULT 0,
    max_attempts       integer     NOT NULL,
    -- One entry per finished attempt: {attempt, startedAt, endedAt, outcome, error}.
    attempt_log        jsonb       NOT NULL DEFAULT '[]',
    attempt_started_at timestamptz,
    -- Set by each claim: a completion that does not carry it is a stale worker's, and is refused.
    lease_token        uuid,
    locked_until       timestamptz,
    cancel_requested   boolean     NOT NULL DEFAULT false,
    -- The task's own work is done and it waits for its open children.
    awaiting_children  boolean     NOT NULL DEFAULT false,
    next_seq           bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    started_at         timestamptz,
    finished_at        timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- What a claim reads: per agent, the runnable tasks in priority then run_at order.
CREATE INDEX tasks_runnable ON agents.tasks (agent_id, priority DESC, run_at, id) WHERE state = 'submitted';
-- Working tasks per agent (the concurrency limit) and expired leases (the rescuer).
CREATE INDEX tasks_working ON agents.tasks (agent_id, locked_until) WHERE state = 'working';
CREATE INDEX tasks_by_owner ON agents.tasks (owner_id, created_at DESC, id DESC);
CREATE INDEX tasks_by_parent ON agents.tasks (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX tasks_finished ON agents.tasks (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE agents.task_events (
    task_id   uuid        NOT NULL REFERENCES agents.tasks (id) ON DELETE CASCADE,
    seq       bigint      NOT NULL,
    -- state (a change of state, the last one final) or chunk (a piece of the answer).
    kind      text        NOT NULL,
    data      jsonb       NOT NULL,
    final     boolean     NOT NULL DEFAULT false,
    at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, seq)
);

-- Idempotency-Key per owner for 24 h: the same key and body give the same task.
CREATE TABLE agents.task_idempotency (
    owner_id   text        NOT NULL,
    key        text        NOT NULL,
    digest     text        NOT NULL,
    task_id    uuid        NOT NULL REFERENCES agents.tasks (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_id, key)
);

-- The children of a task as its result lists them, in the order they were submitted.
CREATE FUNCTION agents.task_children(parent uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'agentId', c.agent_id, 'state', c.state,
                                                 'result', c.result, 'error', c.error)
                              ORDER BY c.created_at, c.id), '[]'::jsonb)
    FROM agents.tasks c WHERE c.parent_id = parent
$$;
