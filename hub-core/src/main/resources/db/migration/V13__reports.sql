-- Reports: the history of operators' statuses, from which time online within a period is computed (app_user keeps
-- only the current status). One row per change, written in the transaction that changes the status.
CREATE TABLE operator_status_change (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id    BIGINT      NOT NULL,
    -- ONLINE, AWAY or OFFLINE, in effect from changed_at until the user's next row
    status     VARCHAR(16) NOT NULL,
    changed_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_operator_status_change_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
    INDEX ix_operator_status_change_user (user_id, changed_at, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- the status each user holds now, since it was set: the history starts there
INSERT INTO operator_status_change (user_id, status, changed_at)
SELECT id, status, status_changed_at FROM app_user WHERE status_changed_at IS NOT NULL;
