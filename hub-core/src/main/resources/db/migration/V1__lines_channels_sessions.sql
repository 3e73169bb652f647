-- The foundation: lines, channel accounts, clients with per-channel identities, sessions and their messages.
-- Times are DATETIME(6) holding UTC (no 2038 limit, no session time zone conversion). Text is utf8mb4 so emoji and every script survive.

CREATE TABLE line (
    id                          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name                        VARCHAR(200) NOT NULL,
    show_operator_name          BOOLEAN      NOT NULL DEFAULT TRUE,
    routing_mode                VARCHAR(20)  NOT NULL DEFAULT 'MANUAL',
    max_sessions_per_operator   INT          NULL,
    auto_close_hours            INT          NULL,
    offer_timeout_seconds       INT          NULL,
    allow_offline_with_sessions BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at                  DATETIME(6) NOT NULL,
    updated_at                  DATETIME(6) NOT NULL,
    version                     BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT uk_line_name UNIQUE (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE channel_account (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    webhook_key VARCHAR(64)   NOT NULL,
    type        VARCHAR(32)   NOT NULL,
    name        VARCHAR(200)  NOT NULL,
    line_id     BIGINT        NOT NULL,
    -- JSON object of setting name to value; values of secret settings are encrypted (AES-GCM)
    settings    TEXT          NOT NULL,
    enabled     BOOLEAN       NOT NULL DEFAULT TRUE,
    status      VARCHAR(16)   NOT NULL DEFAULT 'STOPPED',
    last_error  VARCHAR(1000) NULL,
    -- deleting an account keeps its sessions' history: the account is only hidden and stopped
    deleted_at  DATETIME(6)   NULL,
    created_at  DATETIME(6)  NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    version     BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT uk_channel_account_webhook_key UNIQUE (webhook_key),
    CONSTRAINT fk_channel_account_line FOREIGN KEY (line_id) REFERENCES line (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE client (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    display_name VARCHAR(300) NOT NULL,
    email        VARCHAR(320) NULL,
    phone        VARCHAR(40)  NULL,
    created_at   DATETIME(6) NOT NULL,
    updated_at   DATETIME(6) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE client_identity (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    client_id        BIGINT        NOT NULL,
    account_id       BIGINT        NOT NULL,
    channel_type     VARCHAR(32)   NOT NULL,
    external_user_id VARCHAR(191)  NOT NULL,
    -- where the client was last reached on this account; an operator starts new sessions there
    external_chat_id VARCHAR(191)  NULL,
    display_name     VARCHAR(300)  NOT NULL,
    username         VARCHAR(191)  NULL,
    first_name       VARCHAR(191)  NULL,
    last_name        VARCHAR(191)  NULL,
    language_code    VARCHAR(35)   NULL,
    phone            VARCHAR(40)   NULL,
    email            VARCHAR(320)  NULL,
    profile_url      VARCHAR(1000) NULL,
    avatar_ref       VARCHAR(1000) NULL,
    created_at       DATETIME(6)  NOT NULL,
    updated_at       DATETIME(6)  NOT NULL,
    CONSTRAINT uk_client_identity UNIQUE (account_id, external_user_id),
    CONSTRAINT fk_client_identity_client FOREIGN KEY (client_id) REFERENCES client (id),
    CONSTRAINT fk_client_identity_account FOREIGN KEY (account_id) REFERENCES channel_account (id),
    INDEX ix_client_identity_client (client_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE session (
    id                BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    line_id           BIGINT       NOT NULL,
    client_id         BIGINT       NOT NULL,
    account_id        BIGINT       NOT NULL,
    external_chat_id  VARCHAR(191) NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    operator_id       BIGINT       NULL,
    assigned_by       VARCHAR(16)  NULL,
    created_at        DATETIME(6) NOT NULL,
    assigned_at       DATETIME(6) NULL,
    first_response_at DATETIME(6) NULL,
    closed_at         DATETIME(6) NULL,
    last_message_at   DATETIME(6) NOT NULL,
    last_reply_at     DATETIME(6) NULL,
    -- since when the client waits for an answer (their oldest unanswered message); NULL when nobody waits
    waiting_since     DATETIME(6) NULL,
    version           BIGINT       NOT NULL DEFAULT 0,
    -- at most one open session per (account, chat): the key is NULL once the session is closed
    open_key          VARCHAR(230) AS (CASE WHEN status <> 'CLOSED' THEN CONCAT(account_id, ':', external_chat_id) END) PERSISTENT,
    CONSTRAINT uk_session_open UNIQUE (open_key),
    CONSTRAINT fk_session_line FOREIGN KEY (line_id) REFERENCES line (id),
    CONSTRAINT fk_session_client FOREIGN KEY (client_id) REFERENCES client (id),
    CONSTRAINT fk_session_account FOREIGN KEY (account_id) REFERENCES channel_account (id),
    -- intake finds a chat's open session by these
    INDEX ix_session_chat (account_id, external_chat_id),
    INDEX ix_session_line_status (line_id, status, created_at),
    INDEX ix_session_operator_status (operator_id, status),
    INDEX ix_session_client (client_id, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE message (
    id                   BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    session_id           BIGINT        NOT NULL,
    -- set for messages that crossed a channel: (account_id, external_id) is the exactly-once key
    account_id           BIGINT        NULL,
    direction            VARCHAR(16)   NOT NULL,
    author_user_id       BIGINT        NULL,
    author_name          VARCHAR(300)  NULL,
    text                 MEDIUMTEXT    NULL,
    external_id          VARCHAR(191)  NULL,
    reply_to_external_id VARCHAR(191)  NULL,
    delivery_status      VARCHAR(16)   NULL,
    delivery_error       VARCHAR(1000) NULL,
    attempts             INT           NOT NULL DEFAULT 0,
    next_attempt_at      DATETIME(6)  NULL,
    claimed_until        DATETIME(6)  NULL,
    provider_time        DATETIME(6)  NULL,
    -- the provider's time when it has one, else when the hub stored it: the order within a session
    sort_time            DATETIME(6)  NOT NULL,
    created_at           DATETIME(6)  NOT NULL,
    sent_at              DATETIME(6)  NULL,
    raw_payload          MEDIUMTEXT    NULL,
    CONSTRAINT uk_message_external UNIQUE (account_id, external_id),
    CONSTRAINT fk_message_session FOREIGN KEY (session_id) REFERENCES session (id),
    INDEX ix_message_session_order (session_id, sort_time, id),
    INDEX ix_message_outbox (delivery_status, next_attempt_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE message_attachment (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    message_id       BIGINT        NOT NULL,
    position         INT           NOT NULL,
    kind             VARCHAR(16)   NOT NULL,
    file_name        VARCHAR(500)  NULL,
    mime_type        VARCHAR(255)  NULL,
    size_bytes       BIGINT        NULL,
    external_ref     VARCHAR(1000) NULL,
    local_ref        VARCHAR(200)  NULL,
    width            INT           NULL,
    height           INT           NULL,
    duration_seconds INT           NULL,
    CONSTRAINT fk_message_attachment_message FOREIGN KEY (message_id) REFERENCES message (id),
    INDEX ix_message_attachment_message (message_id, position)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- input that could not be mapped, kept with its reason instead of being lost
CREATE TABLE dead_letter (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id  BIGINT        NULL,
    external_id VARCHAR(191)  NULL,
    reason      VARCHAR(1000) NOT NULL,
    payload     MEDIUMTEXT    NULL,
    created_at  DATETIME(6)  NOT NULL,
    CONSTRAINT uk_dead_letter_external UNIQUE (account_id, external_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- plugins an admin stopped stay stopped across restarts
CREATE TABLE plugin_state (
    plugin_id  VARCHAR(100) NOT NULL PRIMARY KEY,
    enabled    BOOLEAN      NOT NULL,
    updated_at DATETIME(6) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
