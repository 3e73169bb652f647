package org.lineshub.hub.blacklist;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.channel.ChannelAccount;
import org.lineshub.hub.channel.ChannelAccountRepository;
import org.lineshub.hub.session.SessionSpam;
import org.lineshub.hub.session.SessionView;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Blacklist rules: admins list, create and delete them; operators and supervisors block the client of a session,
 * which writes a rule for that sender on the session's account and moves the session to spam in one transaction;
 * admins take a session out of spam, optionally deleting the rules that name its sender. Every change tells the
 * in-memory {@link Blacklist} after the commit.
 */
@Service
class BlacklistService {

    static final int MAX_COMMENT = 1000;

    private final BlacklistStore store;
    private final ChannelAccountRepository accounts;
    private final SessionSpam spam;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    BlacklistService(BlacklistStore store, ChannelAccountRepository accounts, SessionSpam spam,
                     ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.spam = spam;
        this.events = events;
        this.clock = clock;
    }

    List<BlockRule> list() {
        return store.all();
    }

    /**
     * @param me an admin
     * @return the new rule
     */
    @Transactional
    BlockRule create(UserAccess me, RuleKind kind, String channelType, Long accountId, String value, String comment,
                     Instant expiresAt) {
        if (kind == null) {
            throw new InvalidRequestException("kind", "kind must be IDENTITY, EMAIL, DOMAIN or PHONE");
        }
        Instant now = clock.instant();
        requireFuture(expiresAt, now);
        String type = null;
        if (kind == RuleKind.IDENTITY) {
            type = identityType(channelType, accountId);
        } else if (channelType != null || accountId != null) {
            throw new InvalidRequestException(channelType != null ? "channelType" : "accountId",
                    "channelType and accountId belong to IDENTITY rules only");
        }
        long id = store.insert(kind, type, accountId, kind.normalise(value), comment(comment), expiresAt,
                me.userId(), now);
        events.publishEvent(new Blacklist.Changed());
        return store.find(id);
    }

    @Transactional
    void delete(long id) {
        if (!store.delete(id)) {
            throw new NotFoundException("blacklist rule", id);
        }
        events.publishEvent(new Blacklist.Changed());
    }

    /** Blocks the sender of a session on its account; see {@link SessionSpam#block}. */
    SessionView block(UserAccess me, long sessionId, String comment, Instant expiresAt) {
        Instant now = clock.instant();
        requireFuture(expiresAt, now);
        String kept = comment(comment);
        return spam.block(me, sessionId, kept, sender -> {
            store.insert(RuleKind.IDENTITY, sender.channelType(), sender.accountId(), sender.externalUserId(), kept,
                    expiresAt, me.userId(), now);
            events.publishEvent(new Blacklist.Changed());
        });
    }

    /** Takes a session out of spam; see {@link SessionSpam#unblock}. */
    SessionView unblock(UserAccess me, long sessionId, boolean removeRules) {
        return spam.unblock(me, sessionId, !removeRules ? null : sender -> {
            if (store.deleteNaming(sender.channelType(), sender.accountId(), sender.externalUserId(),
                    RuleKind.email(sender.email()), RuleKind.phone(sender.phone())) > 0) {
                events.publishEvent(new Blacklist.Changed());
            }
        });
    }

    /** The channel type of an identity rule: given, taken from its account, or both and then the same. */
    private String identityType(String channelType, Long accountId) {
        String type = channelType == null || channelType.isBlank() ? null : channelType.strip();
        if (accountId != null) {
            ChannelAccount account = accounts.findByIdAndDeletedAtIsNull(accountId).orElseThrow(() ->
                    new InvalidRequestException("accountId", "channel account " + accountId + " does not exist"));
            if (type != null && !type.equals(account.getType())) {
                throw new InvalidRequestException("channelType", "channel account " + accountId + " is of type "
                        + account.getType() + ", not " + type);
            }
            return account.getType();
        }
        if (type == null) {
            throw new InvalidRequestException("channelType", "an IDENTITY rule needs a channelType or an accountId");
        }
        if (!type.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw new InvalidRequestException("channelType", "channelType must be a channel type such as telegram");
        }
        return type;
    }

    private static void requireFuture(Instant expiresAt, Instant now) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidRequestException("expiresAt", "expiresAt must be in the future");
        }
    }

    private static String comment(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        if (comment.strip().length() > MAX_COMMENT) {
            throw new InvalidRequestException("comment", "comment must be at most " + MAX_COMMENT + " characters");
        }
        return comment.strip();
    }
}
