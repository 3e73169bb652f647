package org.lineshub.hub.line;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.BatchSize;
import org.lineshub.hub.sla.SlaSettings;
import org.lineshub.hub.sla.SlaSettingsConverter;

/** A queue of conversations with its groups, routing and limits. */
@Entity
@Table(name = "line")
public class Line {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "show_operator_name", nullable = false)
    private boolean showOperatorName = true;

    @Enumerated(EnumType.STRING)
    @Column(name = "routing_mode", nullable = false, length = 20)
    private RoutingMode routingMode = RoutingMode.MANUAL;

    @Column(name = "max_sessions_per_operator")
    private Integer maxSessionsPerOperator;

    @Column(name = "auto_close_hours")
    private Integer autoCloseHours;

    @Column(name = "offer_timeout_seconds")
    private Integer offerTimeoutSeconds;

    @Column(name = "allow_offline_with_sessions", nullable = false)
    private boolean allowOfflineWithSessions = true;

    /** The line's SLA, stored as JSON; {@code null} when it has none. */
    @Convert(converter = SlaSettingsConverter.class)
    @Column(name = "sla_settings")
    private SlaSettings sla;

    /**
     * Loaded when read, and for up to 100 lines at once: most readers of a line (routing, its timers, the outbox)
     * never look at its groups.
     */
    @ElementCollection(fetch = FetchType.LAZY)
    @BatchSize(size = 100)
    @CollectionTable(name = "line_group", joinColumns = @JoinColumn(name = "line_id"))
    private Set<LineGrant> grants = new HashSet<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Line() {
    }

    /**
     * @param name the line's name
     * @param now  creation time
     */
    public Line(String name, Instant now) {
        this.name = name;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public boolean isShowOperatorName() {
        return showOperatorName;
    }

    public void setShowOperatorName(boolean showOperatorName) {
        this.showOperatorName = showOperatorName;
    }

    public RoutingMode getRoutingMode() {
        return routingMode;
    }

    public void setRoutingMode(RoutingMode routingMode) {
        this.routingMode = routingMode;
    }

    public Integer getMaxSessionsPerOperator() {
        return maxSessionsPerOperator;
    }

    public void setMaxSessionsPerOperator(Integer maxSessionsPerOperator) {
        this.maxSessionsPerOperator = maxSessionsPerOperator;
    }

    public Integer getAutoCloseHours() {
        return autoCloseHours;
    }

    public void setAutoCloseHours(Integer autoCloseHours) {
        this.autoCloseHours = autoCloseHours;
    }

    public Integer getOfferTimeoutSeconds() {
        return offerTimeoutSeconds;
    }

    public void setOfferTimeoutSeconds(Integer offerTimeoutSeconds) {
        this.offerTimeoutSeconds = offerTimeoutSeconds;
    }

    public boolean isAllowOfflineWithSessions() {
        return allowOfflineWithSessions;
    }

    public void setAllowOfflineWithSessions(boolean allowOfflineWithSessions) {
        this.allowOfflineWithSessions = allowOfflineWithSessions;
    }

    public SlaSettings getSla() {
        return sla;
    }

    public void setSla(SlaSettings sla) {
        this.sla = sla;
    }

    public Set<LineGrant> getGrants() {
        return grants;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void touch(Instant now) {
        this.updatedAt = now;
    }

    public long getVersion() {
        return version;
    }
}
