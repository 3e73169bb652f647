-- Blacklist rules: traffic from a sender a rule matches lands in a session with status SPAM, stored but never routed,
-- notified or answered. A rule matches by one kind of value:
--   IDENTITY  the sender's user id on a channel type (channel_type), on one account (account_id) or on all of them
--   EMAIL     the sender's address, lower case
--   DOMAIN    the domain of the sender's address (and its subdomains), lower case
--   PHONE     the sender's phone number, digits only
-- Values are compared exactly (utf8mb4_nopad_bin), as external ids are (see V6); the hub normalises emails, domains
-- and phones before it stores or compares them.
CREATE TABLE blacklist_rule (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    kind         VARCHAR(16)   NOT NULL,
    channel_type VARCHAR(32)   NULL,
    account_id   BIGINT        NULL,
    match_value  VARCHAR(191)  CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    comment      VARCHAR(1000) NULL,
    -- the rule no longer matches from this time on; NULL: until deleted
    expires_at   DATETIME(6)   NULL,
    created_by   BIGINT        NULL,
    created_at   DATETIME(6)   NOT NULL,
    CONSTRAINT fk_blacklist_rule_account FOREIGN KEY (account_id) REFERENCES channel_account (id) ON DELETE CASCADE,
    CONSTRAINT fk_blacklist_rule_user FOREIGN KEY (created_by) REFERENCES app_user (id) ON DELETE SET NULL,
    INDEX ix_blacklist_rule_value (kind, match_value)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every hub node keeps the rules in memory; a change of the rules increments this one row in the same transaction,
-- so other nodes notice it with one cheap read (at most once a second) and reload.
CREATE TABLE blacklist_version (
    id      TINYINT NOT NULL PRIMARY KEY,
    version BIGINT  NOT NULL
) ENGINE = InnoDB;
INSERT INTO blacklist_version (id, version) VALUES (1, 0);
