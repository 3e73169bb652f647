-- A session's order is (sort_time, sort_seq, id). Platforms give their time in whole seconds, so a client's quick
-- messages share a sort_time; sort_seq is the platform's own number of the message within its chat (Telegram's
-- message_id, VK's conversation_message_id), which keeps them in the order the client wrote them however their
-- deliveries arrive. 0 for the messages of platforms that number none, and for replies, comments and system entries.

ALTER TABLE message
    ADD COLUMN sort_seq BIGINT NOT NULL DEFAULT 0 AFTER sort_time,
    -- dropped and added in one statement: the foreign key on session_id always has an index
    DROP INDEX ix_message_session_order,
    ADD INDEX ix_message_session_order (session_id, sort_time, sort_seq, id);

-- the messages Telegram and VK delivered before: their number is the last part of their id, <chat>:<number>
UPDATE message m JOIN channel_account a ON a.id = m.account_id
SET m.sort_seq = CAST(SUBSTRING_INDEX(m.external_id, ':', -1) AS UNSIGNED)
WHERE m.direction = 'INBOUND' AND a.type IN ('telegram', 'vk')
  AND m.external_id REGEXP '^-?[0-9]{1,20}:[0-9]{1,18}$';
