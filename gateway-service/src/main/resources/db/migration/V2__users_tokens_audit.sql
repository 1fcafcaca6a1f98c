-- Users and their credentials. Secrets (passwords, refresh tokens, personal access tokens) are
-- stored only as hashes.
CREATE TABLE identity.users (
    id                  uuid PRIMARY KEY,
    email               text NOT NULL,
    username            text NOT NULL,
    password_hash       text NOT NULL,
    groups              text[] NOT NULL DEFAULT '{user}',
    disabled            boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now()
);
-- Sign-in matches either name case-insensitively, so uniqueness does too.
CREATE UNIQUE INDEX users_email_key ON identity.users (lower(email));
CREATE UNIQUE INDEX users_username_key ON identity.users (lower(username));
CREATE INDEX users_listing ON identity.users (created_at, id);

-- Refresh tokens: one row per issued token; a login starts a family, each refresh rotates within it.
CREATE TABLE identity.refresh_tokens (
    id             uuid PRIMARY KEY,
    family_id      uuid NOT NULL,
    user_id        uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    token_hash     text NOT NULL UNIQUE, -- hex SHA-256
    issued_at      timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    rotated_at     timestamptz,
    revoked_at     timestamptz,
    revoked_reason text
);
CREATE INDEX refresh_tokens_family ON identity.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON identity.refresh_tokens (user_id) WHERE revoked_at IS NULL;

CREATE TABLE identity.personal_access_tokens (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    name         text NOT NULL,
    token_hash   text NOT NULL UNIQUE,
    -- The first characters of the token, shown in listings so owners can tell tokens apart.
    token_prefix text NOT NULL,
    groups       text[] NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX personal_access_tokens_user ON identity.personal_access_tokens (user_id, created_at, id);

-- Failed sign-ins per account name (as typed, lower-cased) and client address, for the slowdown.
CREATE TABLE identity.login_failures (
    account          text NOT NULL,
    client_address   text NOT NULL,
    failures         integer NOT NULL,
    first_failure_at timestamptz NOT NULL,
    last_failure_at  timestamptz NOT NULL,
    PRIMARY KEY (account, client_address)
);

CREATE TABLE identity.audit_events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    event          text NOT NULL,
    actor_id       uuid,
    subject_id     uuid,
    client_address text,
    request_id     text,
    details        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_event ON identity.audit_events (event, id);
CREATE INDEX audit_events_subject ON identity.audit_events (subject_id, id);
