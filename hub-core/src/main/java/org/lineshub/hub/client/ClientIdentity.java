package org.lineshub.hub.client;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.lineshub.plugin.api.SenderProfile;

/** A client's account on one channel account: unique by (account, external user id). */
@Entity
@Table(name = "client_identity")
public class ClientIdentity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "client_id", nullable = false)
    private Long clientId;

    @Column(name = "account_id", nullable = false, updatable = false)
    private Long accountId;

    @Column(name = "channel_type", nullable = false, length = 32, updatable = false)
    private String channelType;

    @Column(name = "external_user_id", nullable = false, length = 191, updatable = false)
    private String externalUserId;

    @Column(name = "external_chat_id", length = 191)
    private String externalChatId;

    @Column(name = "display_name", nullable = false, length = 300)
    private String displayName;

    @Column(length = 191)
    private String username;

    @Column(name = "first_name", length = 191)
    private String firstName;

    @Column(name = "last_name", length = 191)
    private String lastName;

    @Column(name = "language_code", length = 35)
    private String languageCode;

    @Column(length = 40)
    private String phone;

    @Column(length = 320)
    private String email;

    @Column(name = "profile_url", length = 1000)
    private String profileUrl;

    @Column(name = "avatar_ref", length = 1000)
    private String avatarRef;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ClientIdentity() {
    }

    public ClientIdentity(Long clientId, Long accountId, String channelType, SenderProfile profile,
                          String externalChatId, Instant now) {
        this.clientId = clientId;
        this.accountId = accountId;
        this.channelType = channelType;
        this.externalUserId = profile.externalUserId();
        this.createdAt = now;
        update(profile, externalChatId, now);
    }

    /**
     * Takes over what the platform now says about the user, already fitted to the columns by intake.
     *
     * @return true when anything changed
     */
    public boolean update(SenderProfile p, String chatId, Instant now) {
        boolean changed = !Objects.equals(displayName, p.displayName()) || !Objects.equals(username, p.username())
                || !Objects.equals(firstName, p.firstName()) || !Objects.equals(lastName, p.lastName())
                || !Objects.equals(languageCode, p.languageCode()) || !Objects.equals(profileUrl, p.profileUrl())
                || !Objects.equals(avatarRef, p.avatarRef()) || !Objects.equals(externalChatId, chatId)
                || (p.phone() != null && !p.phone().equals(phone)) || (p.email() != null && !p.email().equals(email));
        if (!changed) {
            return false;
        }
        displayName = p.displayName();
        username = p.username();
        firstName = p.firstName();
        lastName = p.lastName();
        languageCode = p.languageCode();
        profileUrl = p.profileUrl();
        avatarRef = p.avatarRef();
        if (p.phone() != null) {
            phone = p.phone();
        }
        if (p.email() != null) {
            email = p.email();
        }
        externalChatId = chatId;
        updatedAt = now;
        return true;
    }

    public Long getId() {
        return id;
    }

    public Long getClientId() {
        return clientId;
    }

    public Long getAccountId() {
        return accountId;
    }

    public String getChannelType() {
        return channelType;
    }

    public String getExternalUserId() {
        return externalUserId;
    }

    public String getExternalChatId() {
        return externalChatId;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getUsername() {
        return username;
    }

    public String getFirstName() {
        return firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public String getLanguageCode() {
        return languageCode;
    }

    public String getPhone() {
        return phone;
    }

    public String getEmail() {
        return email;
    }

    public String getProfileUrl() {
        return profileUrl;
    }

    public String getAvatarRef() {
        return avatarRef;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
