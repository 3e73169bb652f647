-- The outbox fences its claims and remembers replies sent in parts; the inbox pages by its sort keys through indexes.

ALTER TABLE message
    -- how many leading parts of a reply sent in parts the platform accepted on earlier attempts; never sent again
    ADD COLUMN parts_sent INT NOT NULL DEFAULT 0 AFTER attempts,
    -- the sender that holds the claim until claimed_until; every outcome is recorded only by the claim's holder
    ADD COLUMN claimed_by VARCHAR(64) NULL AFTER claimed_until;

-- the "waiting" sort (longest waiting first, sessions nobody waits on last) as one indexable key
ALTER TABLE session
    ADD COLUMN waiting_order DATETIME(6) AS (COALESCE(waiting_since, TIMESTAMP'9999-12-31 23:59:59.999999')) PERSISTENT,
    -- the inbox's "active" view (queued and assigned) as one indexable key
    ADD COLUMN inbox_active BOOLEAN AS (status IN ('QUEUED', 'ASSIGNED')) PERSISTENT;

-- each sort of the inbox within a line and a status (queue, mine, closed) or the active view reads an index in order,
-- never a filesort over the line's closed history; ix_session_line_status (line_id, status, created_at) serves
-- "created" and "duration"
CREATE INDEX ix_session_line_status_activity ON session (line_id, status, last_message_at);
CREATE INDEX ix_session_line_status_waiting ON session (line_id, status, waiting_order);
CREATE INDEX ix_session_line_active_created ON session (line_id, inbox_active, created_at);
CREATE INDEX ix_session_line_active_activity ON session (line_id, inbox_active, last_message_at);
CREATE INDEX ix_session_line_active_waiting ON session (line_id, inbox_active, waiting_order);
