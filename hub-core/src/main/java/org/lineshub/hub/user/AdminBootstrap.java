package org.lineshub.hub.user;

import java.security.SecureRandom;
import java.util.Optional;

import org.lineshub.hub.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the first admin when the hub starts with no users: the password comes from {@code HUB_ADMIN_PASSWORD},
 * or is generated and shown once by the startup report.
 */
@Component
public class AdminBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    private final UserService users;
    private final HubProperties properties;
    private volatile String generatedPassword;

    AdminBootstrap(UserService users, HubProperties properties) {
        this.users = users;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void createFirstAdmin() {
        if (users.anyUser()) {
            return;
        }
        String password = properties.admin().password();
        if (password == null || password.isBlank()) {
            password = generate();
            generatedPassword = password;
        }
        users.createAdmin(properties.admin().username(), "Administrator", password);
        LOG.info("Created the first admin, {}", properties.admin().username());
    }

    /** @return the first admin's generated password, once; empty afterwards or when it was configured */
    public synchronized Optional<String> takeGeneratedPassword() {
        String p = generatedPassword;
        generatedPassword = null;
        return Optional.ofNullable(p);
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
