package org.lineshub.hub.user;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

@Service
class HubUserDetailsService implements UserDetailsService {

    private final UserRepository users;

    HubUserDetailsService(UserRepository users) {
        this.users = users;
    }

    /**
     * Finds the user whose stored name is exactly the normalised login name. The database's collation would also
     * match a name that differs in accents ({@code ádmin} for {@code admin}); such a name is not theirs.
     */
    @Override
    public UserDetails loadUserByUsername(String username) {
        String name = UserNames.normalize(username);
        User user = users.findByUsername(name).filter(u -> u.getUsername().equals(name))
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return new HubPrincipal(user.getId(), user.getUsername(),
                user.getPasswordHash() == null ? "" : user.getPasswordHash(), user.isEnabled());
    }
}
