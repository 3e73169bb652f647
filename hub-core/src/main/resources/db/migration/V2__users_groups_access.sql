-- Users, groups and what groups may do on which line; API tokens; read markers.

CREATE TABLE app_user (
    id                BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    username          VARCHAR(100) NOT NULL,
    display_name      VARCHAR(200) NOT NULL,
    email             VARCHAR(320) NULL,
    password_hash     VARCHAR(200) NULL,
    admin             BOOLEAN      NOT NULL DEFAULT FALSE,
    enabled           BOOLEAN      NOT NULL DEFAULT TRUE,
    status            VARCHAR(16)  NOT NULL DEFAULT 'OFFLINE',
    status_changed_at DATETIME(6) NULL,
    created_at        DATETIME(6) NOT NULL,
    updated_at        DATETIME(6) NOT NULL,
    version           BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT uk_app_user_username UNIQUE (username)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE user_group (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name        VARCHAR(200)  NOT NULL,
    description VARCHAR(1000) NULL,
    created_at  DATETIME(6)  NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    CONSTRAINT uk_user_group_name UNIQUE (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE user_group_member (
    group_id BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    PRIMARY KEY (group_id, user_id),
    CONSTRAINT fk_group_member_group FOREIGN KEY (group_id) REFERENCES user_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_group_member_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
    INDEX ix_group_member_user (user_id)
) ENGINE = InnoDB;

-- role: OPERATOR, SUPERVISOR, READER (read-only), WRITER (internal users who may write to the line)
CREATE TABLE line_group (
    line_id  BIGINT      NOT NULL,
    group_id BIGINT      NOT NULL,
    role     VARCHAR(16) NOT NULL,
    PRIMARY KEY (line_id, group_id, role),
    CONSTRAINT fk_line_group_line FOREIGN KEY (line_id) REFERENCES line (id) ON DELETE CASCADE,
    CONSTRAINT fk_line_group_group FOREIGN KEY (group_id) REFERENCES user_group (id) ON DELETE CASCADE,
    INDEX ix_line_group_group (group_id)
) ENGINE = InnoDB;

CREATE TABLE api_token (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id      BIGINT       NOT NULL,
    name         VARCHAR(200) NOT NULL,
    -- SHA-256 of the token; the token itself is shown once, when created
    token_hash   CHAR(64)     NOT NULL,
    prefix       VARCHAR(16)  NOT NULL,
    created_at   DATETIME(6) NOT NULL,
    expires_at   DATETIME(6) NULL,
    last_used_at DATETIME(6) NULL,
    revoked_at   DATETIME(6) NULL,
    CONSTRAINT uk_api_token_hash UNIQUE (token_hash),
    CONSTRAINT fk_api_token_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE session_read_marker (
    session_id           BIGINT       NOT NULL,
    user_id              BIGINT       NOT NULL,
    last_read_message_id BIGINT       NOT NULL,
    updated_at           DATETIME(6) NOT NULL,
    PRIMARY KEY (session_id, user_id),
    CONSTRAINT fk_read_marker_session FOREIGN KEY (session_id) REFERENCES session (id) ON DELETE CASCADE,
    CONSTRAINT fk_read_marker_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE = InnoDB;

ALTER TABLE session ADD CONSTRAINT fk_session_operator FOREIGN KEY (operator_id) REFERENCES app_user (id);
ALTER TABLE message ADD CONSTRAINT fk_message_author FOREIGN KEY (author_user_id) REFERENCES app_user (id);

-- the supervisor's panel asks for each operator's last reply
CREATE INDEX ix_message_author ON message (author_user_id, created_at);
