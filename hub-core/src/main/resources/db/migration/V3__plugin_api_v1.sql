-- Plugin API v1: conversations within a chat (email threads), subjects and HTML, channel extras, outbound templates
-- and buttons, delivery receipts, and the history of messages a client edited or deleted.

ALTER TABLE session
    ADD COLUMN thread_key      VARCHAR(191) NULL AFTER external_chat_id,
    ADD COLUMN subject         VARCHAR(998) NULL AFTER thread_key,
    -- when the client last wrote: channels with a reply window (WhatsApp) allow free-form replies only within it
    ADD COLUMN last_inbound_at DATETIME(6)  NULL AFTER last_reply_at;

UPDATE session SET last_inbound_at = COALESCE(waiting_since, created_at);

-- at most one open session per conversation: the chat, or the chat and the thread. The chat id is prefixed with its
-- length so that no chat id and thread key can combine into another pair's key.
ALTER TABLE session DROP INDEX uk_session_open;
ALTER TABLE session DROP COLUMN open_key;
ALTER TABLE session
    ADD COLUMN open_key VARCHAR(420) AS (CASE WHEN status <> 'CLOSED' THEN CONCAT(account_id, ':',
        CHAR_LENGTH(external_chat_id), ':', external_chat_id, ':', COALESCE(thread_key, '')) END) PERSISTENT,
    ADD CONSTRAINT uk_session_open UNIQUE (open_key);

ALTER TABLE message
    ADD COLUMN subject          VARCHAR(998) NULL AFTER author_name,
    ADD COLUMN html             MEDIUMTEXT   NULL AFTER text,
    -- channel extras of an inbound message, a JSON object of strings
    ADD COLUMN extras           TEXT         NULL AFTER html,
    -- a template or buttons of an outbound message, a JSON object
    ADD COLUMN outbound_options TEXT         NULL AFTER extras,
    ADD COLUMN delivered_at     DATETIME(6)  NULL AFTER sent_at,
    ADD COLUMN read_at          DATETIME(6)  NULL AFTER delivered_at,
    ADD COLUMN edited_at        DATETIME(6)  NULL AFTER read_at,
    ADD COLUMN deleted_at       DATETIME(6)  NULL AFTER edited_at;

-- what a message said before each change the client made: nothing is overwritten without a trace
CREATE TABLE message_revision (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    message_id BIGINT      NOT NULL,
    kind       VARCHAR(16) NOT NULL,
    text       MEDIUMTEXT  NULL,
    html       MEDIUMTEXT  NULL,
    changed_at DATETIME(6) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_message_revision_message FOREIGN KEY (message_id) REFERENCES message (id),
    INDEX ix_message_revision_message (message_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
