package org.lineshub.hub.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.lineshub.hub.system.ForbiddenException;
import org.lineshub.hub.system.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bearer tokens for integrations. A token is shown once, when created; the hub keeps only its SHA-256, so a leaked
 * database does not leak usable tokens.
 */
@Service
public class ApiTokenService {

    /**
     * A token as listed: never the token itself.
     *
     * @param id         the token
     * @param userId     whose it is
     * @param name       what it is for
     * @param prefix     its first characters, to recognise it
     * @param createdAt  when it was made
     * @param expiresAt  when it stops working, or {@code null}
     * @param lastUsedAt when it was last used (to the minute), or {@code null}
     * @param revokedAt  when it was revoked, or {@code null}
     */
    public record TokenView(long id, long userId, String name, String prefix, Instant createdAt, Instant expiresAt,
                            Instant lastUsedAt, Instant revokedAt) {
    }

    /**
     * A token just made.
     *
     * @param token the token itself, shown only now
     * @param view  the token as listed
     */
    public record CreatedToken(String token, TokenView view) {

        /** Leaves the token out, so it cannot reach a log. */
        @Override
        public String toString() {
            return "CreatedToken[" + view + "]";
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "lh_";

    private final ApiTokenRepository tokens;
    private final UserRepository users;
    private final Clock clock;

    ApiTokenService(ApiTokenRepository tokens, UserRepository users, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
    }

    @Transactional
    CreatedToken create(long userId, String name, Instant expiresAt) {
        users.findById(userId).orElseThrow(() -> new NotFoundException("user", userId));
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken saved = tokens.save(new ApiToken(userId, name, hash(token), token.substring(0, 8), expiresAt,
                clock.instant()));
        return new CreatedToken(token, view(saved));
    }

    @Transactional(readOnly = true)
    List<TokenView> list(Long userId) {
        List<ApiToken> all = userId == null ? tokens.findAllByOrderByIdDesc() : tokens.findByUserIdOrderByIdDesc(userId);
        return all.stream().map(ApiTokenService::view).toList();
    }

    @Transactional
    void revoke(long tokenId, long requesterId, boolean admin) {
        ApiToken token = tokens.findById(tokenId).orElseThrow(() -> new NotFoundException("token", tokenId));
        if (!admin && token.getUserId() != requesterId) {
            throw new ForbiddenException("You may only revoke your own tokens");
        }
        if (token.getRevokedAt() == null) {
            token.revoke(clock.instant());
        }
    }

    @Transactional
    void revokeAll(long userId) {
        Instant now = clock.instant();
        tokens.findByUserIdOrderByIdDesc(userId).stream().filter(t -> t.getRevokedAt() == null)
                .forEach(t -> t.revoke(now));
    }

    /**
     * @param token a bearer token from a request
     * @return the user it belongs to, when it is valid, unexpired and unrevoked and the user is enabled
     */
    @Transactional
    public Optional<HubPrincipal> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return tokens.findByTokenHash(hash(token)).filter(t -> t.isUsable(now)).flatMap(t -> {
            // recording every use would make each API call a write; the minute is precise enough
            if (t.getLastUsedAt() == null || t.getLastUsedAt().isBefore(now.minus(Duration.ofMinutes(1)))) {
                t.used(now);
            }
            return users.findById(t.getUserId()).filter(User::isEnabled)
                    .map(u -> new HubPrincipal(u.getId(), u.getUsername(), null, true));
        });
    }

    private static TokenView view(ApiToken t) {
        return new TokenView(t.getId(), t.getUserId(), t.getName(), t.getPrefix(), t.getCreatedAt(),
                t.getExpiresAt(), t.getLastUsedAt(), t.getRevokedAt());
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
