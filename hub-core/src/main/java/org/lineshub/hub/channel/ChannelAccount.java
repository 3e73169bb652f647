package org.lineshub.hub.channel;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** One configured connection of a channel (a bot token, a mailbox), wired to exactly one line. */
@Entity
@Table(name = "channel_account")
public class ChannelAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "webhook_key", nullable = false, length = 64, updatable = false)
    private String webhookKey;

    @Column(nullable = false, length = 32, updatable = false)
    private String type;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "line_id", nullable = false)
    private Long lineId;

    /** JSON object; values of secret settings are encrypted. */
    @Column(nullable = false, columnDefinition = "TEXT")
    private String settings;

    @Column(nullable = false)
    private boolean enabled = true;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private AccountStatus status = AccountStatus.STOPPED;

    @Column(name = "last_error", length = 1000)
    private String lastError;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected ChannelAccount() {
    }

    ChannelAccount(String webhookKey, String type, String name, Long lineId, String settings, Instant now) {
        this.webhookKey = webhookKey;
        this.type = type;
        this.name = name;
        this.lineId = lineId;
        this.settings = settings;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getWebhookKey() {
        return webhookKey;
    }

    public String getType() {
        return type;
    }

    public String getName() {
        return name;
    }

    void setName(String name) {
        this.name = name;
    }

    public Long getLineId() {
        return lineId;
    }

    void setLineId(Long lineId) {
        this.lineId = lineId;
    }

    String getSettings() {
        return settings;
    }

    void setSettings(String settings) {
        this.settings = settings;
    }

    public boolean isEnabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public AccountStatus getStatus() {
        return status;
    }

    public String getLastError() {
        return lastError;
    }

    void setStatus(AccountStatus status, String lastError) {
        this.status = status;
        this.lastError = lastError == null ? null : truncate(lastError);
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }

    public Instant getDeletedAt() {
        return deletedAt;
    }

    void markDeleted(Instant now) {
        this.deletedAt = now;
        this.enabled = false;
        this.updatedAt = now;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }
}
