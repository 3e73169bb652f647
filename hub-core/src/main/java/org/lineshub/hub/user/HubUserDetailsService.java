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

    @Override
    public UserDetails loadUserByUsername(String username) {
        User user = users.findByUsername(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return new HubPrincipal(user.getId(), user.getUsername(),
                user.getPasswordHash() == null ? "" : user.getPasswordHash(), user.isEnabled());
    }
}
