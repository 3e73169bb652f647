-- The outbox sends the oldest pending reply of each session (a session's replies go out in order). It finds them as
-- MIN(id) per session among the pending messages, which this index answers by a loose scan: one index entry per
-- session with pending replies, however many replies each has queued. The index it replaces served the former
-- search, which looked at every pending reply and then at its session's other pending replies, once per pass.
ALTER TABLE message
    DROP INDEX ix_message_outbox,
    ADD INDEX ix_message_pending (delivery_status, session_id, id);
