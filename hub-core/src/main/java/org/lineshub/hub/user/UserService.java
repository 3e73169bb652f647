package org.lineshub.hub.user;

import java.time.Clock;
import java.util.List;

import org.lineshub.hub.access.AccessChangedEvent;
import org.lineshub.hub.system.ConflictException;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Users: created and changed by admins; passwords hashed; the last admin cannot be removed. */
@Service
public class UserService {

    private final UserRepository users;
    private final GroupRepository groups;
    private final PasswordEncoder encoder;
    private final ApiTokenService tokens;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UserService(UserRepository users, GroupRepository groups, PasswordEncoder encoder, ApiTokenService tokens,
                ApplicationEventPublisher events, Clock clock) {
        this.users = users;
        this.groups = groups;
        this.encoder = encoder;
        this.tokens = tokens;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    UserView create(UserRequest request) {
        if (request.password() == null) {
            throw new InvalidRequestException("password", "password is required");
        }
        // the request's name is normalised; the column's collation also matches names that differ in accents
        if (users.existsByUsername(request.username())) {
            throw new ConflictException("user name " + request.username() + " is taken");
        }
        User user = new User(request.username(), request.displayName().trim(), clock.instant());
        user.setEmail(request.email());
        user.setPasswordHash(encoder.encode(request.password()));
        user.setAdmin(Boolean.TRUE.equals(request.admin()));
        user.setEnabled(request.enabled() == null || request.enabled());
        try {
            return view(users.saveAndFlush(user));
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("user name " + request.username() + " is taken");
        }
    }

    /**
     * Creates a user without checks of the request form, for the first admin.
     *
     * @return the user's id
     */
    @Transactional
    public long createAdmin(String username, String displayName, String password) {
        User user = new User(UserNames.normalize(username), displayName, clock.instant());
        user.setPasswordHash(encoder.encode(password));
        user.setAdmin(true);
        return users.save(user).getId();
    }

    @Transactional
    UserView update(long id, UserRequest request) {
        User user = find(id);
        if (!user.getUsername().equals(request.username())) {
            throw new InvalidRequestException("username", "the user name cannot change");
        }
        boolean admin = request.admin() == null ? user.isAdmin() : request.admin();
        boolean enabled = request.enabled() == null ? user.isEnabled() : request.enabled();
        if (user.isAdmin() && user.isEnabled() && (!admin || !enabled)) {
            requireAnotherAdmin();
        }
        user.setDisplayName(request.displayName().trim());
        user.setEmail(request.email());
        if (request.password() != null) {
            user.setPasswordHash(encoder.encode(request.password()));
        }
        user.setAdmin(admin);
        user.setEnabled(enabled);
        user.touch(clock.instant());
        if (!enabled) {
            tokens.revokeAll(id);
        }
        events.publishEvent(new AccessChangedEvent(id));
        return view(user);
    }

    /**
     * Disables a user and revokes their tokens. Users are never erased: their messages and sessions keep their name.
     *
     * @param id the user
     */
    @Transactional
    void disable(long id) {
        User user = find(id);
        if (user.isAdmin() && user.isEnabled()) {
            requireAnotherAdmin();
        }
        user.setEnabled(false);
        user.touch(clock.instant());
        tokens.revokeAll(id);
        events.publishEvent(new AccessChangedEvent(id));
    }

    private void requireAnotherAdmin() {
        if (users.countByAdminTrueAndEnabledTrue() <= 1) {
            throw new ConflictException("this is the last enabled admin; make another user admin first");
        }
    }

    @Transactional(readOnly = true)
    public UserView get(long id) {
        return view(find(id));
    }

    @Transactional(readOnly = true)
    List<UserView> list() {
        return users.findAll().stream().map(this::view).toList();
    }

    /** @return whether any user exists */
    @Transactional(readOnly = true)
    public boolean anyUser() {
        return users.count() > 0;
    }

    User find(long id) {
        return users.findById(id).orElseThrow(() -> new NotFoundException("user", id));
    }

    UserView view(User u) {
        List<Long> groupIds = groups.findIdsByMember(u.getId());
        return new UserView(u.getId(), u.getUsername(), u.getDisplayName(), u.getEmail(), u.isAdmin(), u.isEnabled(),
                u.getStatus().name(), u.getStatusChangedAt(), groupIds, u.getCreatedAt());
    }
}
