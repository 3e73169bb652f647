-- Outgoing webhooks: admins subscribe a URL to hub events; each matching event becomes a row of webhook_delivery in
-- the transaction of the change that caused it, so a committed change never loses its deliveries.

CREATE TABLE webhook_subscription (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    url         VARCHAR(2000) NOT NULL,
    -- comma-separated event types, e.g. session.created,message.created
    event_types VARCHAR(500)  NOT NULL,
    -- the signing secret, encrypted (AES-GCM, bound to webhook-subscription/<id>/secret); never returned
    secret      VARCHAR(1000) NULL,
    enabled     BOOLEAN       NOT NULL DEFAULT TRUE,
    -- only events of this line's sessions; NULL for every line
    line_id     BIGINT        NULL,
    created_at  DATETIME(6)   NOT NULL,
    updated_at  DATETIME(6)   NOT NULL,
    CONSTRAINT fk_webhook_subscription_line FOREIGN KEY (line_id) REFERENCES line (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE webhook_delivery (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    subscription_id  BIGINT        NOT NULL,
    -- the X-Hub-Delivery header and the body's id: the same on every attempt, so receivers can drop repeats
    delivery_id      CHAR(36)      CHARACTER SET ascii NOT NULL,
    event_type       VARCHAR(64)   NOT NULL,
    -- the session the event is about: a session's deliveries to one subscription go out in id order
    session_id       BIGINT        NULL,
    -- the exact body sent on every attempt: {"id","type","at","data"}
    payload          MEDIUMTEXT    NOT NULL,
    status           VARCHAR(16)   NOT NULL DEFAULT 'PENDING',
    attempts         INT           NOT NULL DEFAULT 0,
    next_attempt_at  DATETIME(6)   NULL,
    claimed_until    DATETIME(6)   NULL,
    -- the sender that holds the claim; an outcome is recorded only by the claim's holder
    claimed_by       VARCHAR(64)   NULL,
    last_status_code INT           NULL,
    last_error       VARCHAR(1000) NULL,
    created_at       DATETIME(6)   NOT NULL,
    -- when the delivery was queued: at creation, again when an admin sends it again; retries end retry-for later
    queued_at        DATETIME(6)   NOT NULL,
    last_attempt_at  DATETIME(6)   NULL,
    CONSTRAINT uk_webhook_delivery_delivery_id UNIQUE (delivery_id),
    CONSTRAINT fk_webhook_delivery_subscription FOREIGN KEY (subscription_id) REFERENCES webhook_subscription (id)
        ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- due deliveries
CREATE INDEX ix_webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
-- an earlier pending delivery of the same session holds back later ones; at most one in flight per subscription
CREATE INDEX ix_webhook_delivery_session ON webhook_delivery (subscription_id, session_id, status, id);
CREATE INDEX ix_webhook_delivery_claim ON webhook_delivery (subscription_id, status, claimed_until);
-- a subscription's deliveries, newest first (the primary key is the index's last column)
CREATE INDEX ix_webhook_delivery_subscription ON webhook_delivery (subscription_id, id);
-- removing old finished deliveries
CREATE INDEX ix_webhook_delivery_created ON webhook_delivery (created_at);
