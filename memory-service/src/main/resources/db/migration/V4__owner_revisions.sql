-- Each owner's memories carry a revision that grows with every committed change, so the exact
-- vector backend keeps an owner's vectors in memory and asks PostgreSQL only "what changed since
-- revision r" (one index lookup when nothing did) instead of listing the scope on every search.
-- The owner's row is locked from a transaction's first change of its memories until it commits,
-- so revisions commit in order: whoever reads revision r sees every change up to r.
-- deletions grows with every transaction that deletes; deleted rows leave nothing to read, so the
-- backend then lists the owner's ids once to drop what is gone.
CREATE TABLE memory.owner_revisions (
    owner_id        text PRIMARY KEY,
    revision        bigint NOT NULL,
    deletions       bigint NOT NULL DEFAULT 0,
    -- The last transaction that counted a deletion, so one that deletes many rows counts once.
    deleting_xact   xid8
);

ALTER TABLE memory.memories ADD COLUMN revision bigint NOT NULL DEFAULT 0;
CREATE INDEX memories_owner_revision ON memory.memories (owner_id, revision, id);

-- One revision per transaction and owner: a statement changing 100k rows of one owner updates the
-- owner's row once (twice when it also deletes), not once per row.
CREATE FUNCTION memory.next_owner_revision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owner     text := CASE WHEN TG_OP = 'DELETE' THEN OLD.owner_id ELSE NEW.owner_id END;
    deleting  boolean := TG_OP = 'DELETE';
    current   bigint;
    mine      boolean;
    counted   boolean;
BEGIN
    SELECT r.revision, r.xmin = pg_current_xact_id()::xid, r.deleting_xact = pg_current_xact_id()
      INTO current, mine, counted
      FROM memory.owner_revisions r WHERE r.owner_id = owner;
    IF mine IS NOT TRUE OR (deleting AND counted IS NOT TRUE) THEN
        INSERT INTO memory.owner_revisions AS r (owner_id, revision, deletions, deleting_xact)
        VALUES (owner, 1, CASE WHEN deleting THEN 1 ELSE 0 END,
                CASE WHEN deleting THEN pg_current_xact_id() END)
        ON CONFLICT (owner_id) DO UPDATE SET
            revision = CASE WHEN r.xmin = pg_current_xact_id()::xid THEN r.revision ELSE r.revision + 1 END,
            deletions = r.deletions + CASE WHEN deleting THEN 1 ELSE 0 END,
            deleting_xact = CASE WHEN deleting THEN pg_current_xact_id() ELSE r.deleting_xact END
        RETURNING r.revision INTO current;
    END IF;
    IF deleting THEN
        RETURN OLD;
    END IF;
    NEW.revision := current;
    RETURN NEW;
END
$$;

CREATE TRIGGER memories_owner_revision BEFORE INSERT OR UPDATE OR DELETE ON memory.memories
    FOR EACH ROW EXECUTE FUNCTION memory.next_owner_revision();
