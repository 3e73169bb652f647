-- Small values a channel plugin keeps for one account across restarts (plugin API 1.1, AccountState): a poll
-- position, users who left a bot. Keys are compared exactly, as the plugin wrote them (utf8mb4_nopad_bin, see V6).
-- Accounts are deleted softly (deleted_at), and the hub deletes their state then; the cascade covers a row deleted
-- for good.
CREATE TABLE channel_account_state (
    account_id  BIGINT       NOT NULL,
    state_key   VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    -- at most 64 KiB of UTF-8, checked by the hub
    state_value MEDIUMTEXT   NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (account_id, state_key),
    CONSTRAINT fk_channel_account_state_account FOREIGN KEY (account_id) REFERENCES channel_account (id)
        ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
