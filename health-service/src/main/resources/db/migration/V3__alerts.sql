-- Alertmanager's notifications, each kept as received (for audit, and to tell how many alerts
-- Alertmanager left out: truncated_alerts > 0 means the group it names was sent incomplete).
CREATE TABLE health.alert_notifications (
    id uuid PRIMARY KEY,
    received_at timestamptz NOT NULL,
    receiver text,
    group_key text,
    status text,
    alert_count integer NOT NULL CHECK (alert_count >= 0),
    truncated_alerts integer NOT NULL CHECK (truncated_alerts >= 0),
    payload jsonb NOT NULL
);
CREATE INDEX alert_notifications_received_at ON health.alert_notifications (received_at);

-- One row per alert instance: Alertmanager re-sends the same instance (repeat_interval, HA peers,
-- retries), identified by its fingerprint and start. ends_at is set once it is resolved.
CREATE TABLE health.alerts (
    id uuid PRIMARY KEY,
    fingerprint text NOT NULL,
    starts_at timestamptz NOT NULL,
    status text NOT NULL CHECK (status IN ('firing', 'resolved')),
    ends_at timestamptz,
    labels jsonb NOT NULL,
    annotations jsonb NOT NULL,
    generator_url text,
    receiver text,
    group_key text,
    first_received_at timestamptz NOT NULL,
    last_received_at timestamptz NOT NULL,
    acknowledged_by text,
    acknowledged_at timestamptz,
    UNIQUE (fingerprint, starts_at)
);
-- Listings by status, latest start first.
CREATE INDEX alerts_status_starts_at ON health.alerts (status, starts_at DESC, id DESC);
CREATE INDEX alerts_starts_at ON health.alerts (starts_at DESC, id DESC);
