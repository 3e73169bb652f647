package org.lineshub.hub.user;

import java.util.Collection;
import java.util.List;

import org.lineshub.hub.access.AuthenticatedUser;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated user. Only the id is trusted beyond the login itself: what the user may do is read fresh from
 * the database on every request, so a revoked role or a disabled user takes effect at once.
 */
public final class HubPrincipal implements UserDetails, CredentialsContainer, AuthenticatedUser {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String username;
    private String passwordHash;
    private final boolean enabled;

    HubPrincipal(long id, String username, String passwordHash, boolean enabled) {
        this.id = id;
        this.username = username;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
    }

    /** @return the user's id */
    public long id() {
        return id;
    }

    @Override
    public long userId() {
        return id;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_USER"));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public String toString() {
        return "HubPrincipal[" + id + ", " + username + "]";
    }
}
