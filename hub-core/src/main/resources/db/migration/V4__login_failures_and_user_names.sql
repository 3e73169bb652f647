-- Failed logins per user and client address, shared by every hub node and kept across restarts. subject is
-- 'user:<id>' for a name that matches a user (however it was spelled) and 'name:<normalised name>' otherwise, so
-- that guessing against unknown names is limited alike and does not reveal which names exist.
CREATE TABLE login_failure (
    subject         VARCHAR(150) NOT NULL,
    address         VARCHAR(64)  NOT NULL,
    failures        INT          NOT NULL,
    locked_until    DATETIME(6) NULL,
    last_failure_at DATETIME(6) NOT NULL,
    PRIMARY KEY (subject, address),
    INDEX ix_login_failure_last (last_failure_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- User names are stored normalised (trimmed, lower case), as logins are looked up; the unique key's collation
-- already keeps two names that differ only in case or trailing spaces from existing side by side.
UPDATE app_user SET username = LOWER(TRIM(username));
