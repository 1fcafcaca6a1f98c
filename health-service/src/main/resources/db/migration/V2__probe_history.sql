-- Every probe result for two days, then per-minute and per-hour aggregates; incidents; maintenance
-- windows. All times are timestamptz (UTC on the wire). A result is keyed by probe and time, so a
-- batch written twice after a lost acknowledgement is stored once.
CREATE TABLE health.results (
    probe text NOT NULL,
    at timestamptz NOT NULL,
    status text NOT NULL CHECK (status IN ('up', 'degraded', 'down')),
    latency_ms integer NOT NULL CHECK (latency_ms >= 0),
    error text,
    PRIMARY KEY (probe, at)
);
-- Retention walks results by time alone.
CREATE INDEX results_at ON health.results (at);

-- successes counts checks that passed (up or degraded), as uptime does.
CREATE TABLE health.results_minute (
    probe text NOT NULL,
    bucket timestamptz NOT NULL,
    checks integer NOT NULL CHECK (checks > 0),
    successes integer NOT NULL CHECK (successes >= 0),
    latency_sum_ms bigint NOT NULL,
    latency_max_ms integer NOT NULL,
    PRIMARY KEY (probe, bucket)
);
CREATE INDEX results_minute_bucket ON health.results_minute (bucket);

-- The same shape, one bucket an hour (constraints and the bucket index included).
CREATE TABLE health.results_hour (LIKE health.results_minute INCLUDING ALL);

-- An incident is open while ended_at is null; duration_ms comes from the monotonic clock.
CREATE TABLE health.incidents (
    id uuid PRIMARY KEY,
    probe text NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    duration_ms bigint CHECK (duration_ms >= 0),
    cause text,
    resolution text,
    CHECK ((ended_at IS NULL) = (duration_ms IS NULL))
);
CREATE INDEX incidents_started ON health.incidents (started_at DESC, id);
CREATE INDEX incidents_probe_ended ON health.incidents (probe, ended_at);

-- probes empty: the window covers every probe.
CREATE TABLE health.maintenance_windows (
    id uuid PRIMARY KEY,
    probes text[] NOT NULL DEFAULT '{}',
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    reason text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_windows_ends ON health.maintenance_windows (ends_at);
