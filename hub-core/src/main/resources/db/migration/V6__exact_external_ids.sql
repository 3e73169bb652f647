-- Ids that come from platforms (message ids, user ids, chat ids, thread keys) and the webhook key are compared
-- exactly, as the hub's code compares them: under the tables' case- and accent-insensitive collation, two message ids
-- or user ids that differ only in case (email Message-IDs, base64 ids) were one key, and the second message or user was
-- refused or taken for the first. utf8mb4_nopad_bin compares the bytes, trailing spaces included (utf8mb4_bin ignores
-- them).
-- Making a key stricter cannot create duplicates; each table is rebuilt once.

-- the open-session key is generated from the chat and thread: dropped first, then generated again from the new
-- columns, with the same collation
ALTER TABLE session DROP INDEX uk_session_open;
ALTER TABLE session DROP COLUMN open_key;
ALTER TABLE session
    MODIFY external_chat_id VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    MODIFY thread_key       VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL;
ALTER TABLE session
    ADD COLUMN open_key VARCHAR(420) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin AS (CASE WHEN status <> 'CLOSED'
        THEN CONCAT(account_id, ':', CHAR_LENGTH(external_chat_id), ':', external_chat_id, ':',
        COALESCE(thread_key, '')) END) PERSISTENT,
    ADD CONSTRAINT uk_session_open UNIQUE (open_key);

ALTER TABLE message
    MODIFY external_id          VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL,
    MODIFY reply_to_external_id VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL;

ALTER TABLE client_identity
    MODIFY external_user_id VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    MODIFY external_chat_id VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL;

ALTER TABLE dead_letter
    MODIFY external_id VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL;

-- the random key in an account's webhook address: another case is another address
ALTER TABLE channel_account
    MODIFY webhook_key VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;
