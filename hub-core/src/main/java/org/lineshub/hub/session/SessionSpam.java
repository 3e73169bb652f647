package org.lineshub.hub.session;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.client.ClientIdentity;
import org.lineshub.hub.client.ClientIdentityRepository;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.system.ConflictException;
import org.lineshub.hub.system.ForbiddenException;
import org.springframework.stereotype.Service;

/**
 * Moves a session into spam when its client is blocked, and out of it when an admin unblocks it. Like every session
 * command: one transaction, the session locked first, a line in the history, events after commit. The blacklist
 * rule that goes with the move is written by the caller's callback in the same transaction, so the session and the
 * rule change together or not at all.
 */
@Service
public class SessionSpam {

    /**
     * The sender behind a session, as a blacklist rule names them.
     *
     * @param sessionId      the session
     * @param lineId         its line
     * @param accountId      its channel account
     * @param channelType    the account's channel type
     * @param clientId       its client
     * @param externalUserId the client's user id on the account
     * @param email          the address the channel reported for them, or {@code null}
     * @param phone          the phone the channel reported for them, or {@code null}
     */
    public record Sender(long sessionId, long lineId, long accountId, String channelType, long clientId,
                         String externalUserId, String email, String phone) {
    }

    private final SessionRules rules;
    private final ClientIdentityRepository identities;
    private final SessionQueries queries;
    private final CommandTransactions transactions;
    private final Clock clock;

    SessionSpam(SessionRules rules, ClientIdentityRepository identities, SessionQueries queries,
                CommandTransactions transactions, Clock clock) {
        this.rules = rules;
        this.identities = identities;
        this.queries = queries;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Blocks the client of a session: the callback writes the rule, and an open session moves to spam (a closed one
     * stays closed). Operators of the line may block the sessions they see (the queue, their own), supervisors of
     * the line and admins any of its sessions.
     *
     * @param me      who blocks
     * @param id      the session
     * @param comment why, kept in the history; may be {@code null}
     * @param addRule writes the rule for the sender, in this transaction
     * @return the session after the change, as the caller sees it
     */
    public SessionView block(UserAccess me, long id, String comment, Consumer<Sender> addRule) {
        transactions.run(() -> {
            Session s = rules.lockVisible(me, id);
            if (!me.isOperator(s.getLineId()) && !me.canSupervise(s.getLineId())) {
                throw new ForbiddenException("Only operators and supervisors of the line block its clients");
            }
            if (s.getStatus() == SessionStatus.SPAM) {
                throw new ConflictException("The session is already in spam");
            }
            addRule.accept(sender(s));
            if (s.getStatus() == SessionStatus.CLOSED) {
                return;
            }
            Instant now = clock.instant();
            Long previous = s.getOperatorId();
            s.markSpam();
            String text = me.displayName() + " blocked the client: the session moved to spam";
            rules.system(s, me.userId(), comment == null || comment.isBlank() ? text : text + ": " + comment.strip(),
                    now);
            rules.publish(EventTypes.SESSION_BLOCKED, s, null, previous, me.userId(), comment, now);
        });
        return queries.get(me, id);
    }

    /**
     * Takes a session out of spam into the queue, where routing picks it up; admins only. The callback may delete the
     * rules that block the sender, in this transaction; while one still blocks them, their next message puts the
     * session back into spam.
     *
     * @param me          an admin
     * @param id          the session
     * @param removeRules deletes rules for the sender, in this transaction, or {@code null}
     * @return the session after the change
     */
    public SessionView unblock(UserAccess me, long id, Consumer<Sender> removeRules) {
        if (!me.admin()) {
            throw new ForbiddenException("Only admins take sessions out of spam");
        }
        transactions.run(() -> {
            Session s = rules.lockVisible(me, id);
            if (s.getStatus() != SessionStatus.SPAM) {
                throw new ConflictException("The session is not in spam");
            }
            if (removeRules != null) {
                removeRules.accept(sender(s));
            }
            Instant now = clock.instant();
            s.unspam();
            rules.system(s, me.userId(), me.displayName() + " took the session out of spam"
                    + (removeRules != null ? " and unblocked the client" : ""), now);
            rules.publish(EventTypes.SESSION_UNBLOCKED, s, null, null, me.userId(), null, now);
        });
        return queries.get(me, id);
    }

    private Sender sender(Session s) {
        ClientIdentity identity = identities.findFirstByClientIdAndAccountId(s.getClientId(), s.getAccountId())
                .orElseThrow(() -> new ConflictException("The session's client has no identity on its account"));
        return new Sender(s.getId(), s.getLineId(), s.getAccountId(), identity.getChannelType(), s.getClientId(),
                identity.getExternalUserId(), identity.getEmail(), identity.getPhone());
    }
}
