-- Reply templates operators insert by typing /tag, and articles (links to web pages) they insert in a reply.
-- A template's tag is unique in any letter case (the table's collation, utf8mb4_unicode_ci, compares without case).
CREATE TABLE reply_template (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    tag        VARCHAR(64)  NOT NULL,
    body       TEXT         NOT NULL,
    created_at DATETIME(6)  NOT NULL,
    updated_at DATETIME(6)  NOT NULL,
    CONSTRAINT uk_reply_template_tag UNIQUE (tag)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The lines a template is usable on; none means every line.
CREATE TABLE reply_template_line (
    template_id BIGINT NOT NULL,
    line_id     BIGINT NOT NULL,
    PRIMARY KEY (template_id, line_id),
    CONSTRAINT fk_reply_template_line_template FOREIGN KEY (template_id) REFERENCES reply_template (id)
        ON DELETE CASCADE,
    CONSTRAINT fk_reply_template_line_line FOREIGN KEY (line_id) REFERENCES line (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The channel types (telegram, email...) a template is usable on; none means every channel.
CREATE TABLE reply_template_channel (
    template_id  BIGINT      NOT NULL,
    channel_type VARCHAR(50) NOT NULL,
    PRIMARY KEY (template_id, channel_type),
    CONSTRAINT fk_reply_template_channel_template FOREIGN KEY (template_id) REFERENCES reply_template (id)
        ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Files sent with a template, kept in the hub's file store; each reply sends copies of them.
CREATE TABLE reply_template_file (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    template_id BIGINT       NOT NULL,
    file_name   VARCHAR(255) NOT NULL,
    mime_type   VARCHAR(255) NULL,
    size_bytes  BIGINT       NOT NULL,
    local_ref   VARCHAR(100) NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    CONSTRAINT fk_reply_template_file_template FOREIGN KEY (template_id) REFERENCES reply_template (id)
        ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE article (
    id         BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title      VARCHAR(200)  NOT NULL,
    url        VARCHAR(2000) NOT NULL,
    summary    VARCHAR(1000) NULL,
    created_at DATETIME(6)   NOT NULL,
    updated_at DATETIME(6)   NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
