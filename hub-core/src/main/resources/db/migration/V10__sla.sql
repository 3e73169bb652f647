-- SLA: a line's deadlines for the first response and for resolution, and each session's deadlines and breaches.

ALTER TABLE line
    -- JSON: {"firstResponseMinutes","resolutionMinutes","clock","timeZone","week","holidays"}; NULL when the line
    -- has no SLA
    ADD COLUMN sla_settings TEXT NULL;

ALTER TABLE session
    -- when the resolution clock started: the session's creation, or its last reopening
    ADD COLUMN sla_started_at DATETIME(6) NULL,
    -- the first answer is due by then; NULL when the line has no first-response deadline
    ADD COLUMN first_response_due_at DATETIME(6) NULL,
    -- the session is to be closed by then; NULL when the line has no resolution deadline
    ADD COLUMN resolution_due_at DATETIME(6) NULL,
    -- when the hub found the first-response deadline missed and raised sla.breached; set once, never cleared
    ADD COLUMN first_response_breached_at DATETIME(6) NULL,
    -- when the hub found the resolution deadline missed and raised sla.breached; cleared when the session is reopened
    ADD COLUMN resolution_breached_at DATETIME(6) NULL;

-- the breach sweep reads the deadlines that fell due recently
CREATE INDEX ix_session_first_response_due ON session (first_response_due_at);
CREATE INDEX ix_session_resolution_due ON session (resolution_due_at);
