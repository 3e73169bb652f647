package org.lineshub.email;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.SearchTerm;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.lineshub.plugin.api.NotStoredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one IMAP folder in batches: a poll finds the mails waiting (one SEARCH), fetches their sizes and then their
 * whole content with one FETCH per chunk, hands the chunk to the hub, and only then flags the handled mails seen (and
 * moves them, with {@code afterStore = move}) with one command each. A mail the hub did not take stays as it was and
 * comes again with the next poll. The folder stays selected while polls find mail, on a connection of its own, and
 * is selected afresh for the next round ({@link #pause}); a failure closes the connection, and the next poll opens a
 * new one.
 */
final class MailboxReader implements AutoCloseable {

    /** Mails one poll takes at the most; the next poll follows at once when there were mails. */
    static final int BATCH = 500;
    /** Content fetched and held at once, so that a batch of large mails is read in several chunks. */
    private static final long CHUNK_BYTES = 8L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(MailboxReader.class);
    private static final Flags SEEN = new Flags(Flags.Flag.SEEN);
    private static final Flags DELETED = new Flags(Flags.Flag.DELETED);
    private static final SearchTerm WAITING_TO_MOVE = new FlagTerm(DELETED, false);
    private static final SearchTerm WAITING_UNSEEN = new AndTerm(new FlagTerm(SEEN, false), WAITING_TO_MOVE);

    private final EmailSettings settings;
    private final Session session;
    private final EmailInbound inbound;
    private Store store;
    private IMAPFolder folder;
    private Folder target;

    MailboxReader(EmailSettings settings, Session session, EmailInbound inbound) {
        this.settings = settings;
        this.session = session;
        this.inbound = inbound;
    }

    /**
     * Reads the mails waiting, up to {@link #BATCH}.
     *
     * @return the mails the hub took (stored, parked, recorded as bounces or needing nothing)
     * @throws MessagingException when the server failed; the connection is closed
     * @throws NotStoredException when the hub did not store a chunk; its mails are left for the next poll
     */
    int poll() throws MessagingException, NotStoredException {
        try {
            IMAPFolder inbox = open();
            boolean move = settings.afterStore() == EmailSettings.AfterStore.MOVE;
            Message[] found = inbox.search(move ? WAITING_TO_MOVE : WAITING_UNSEEN);
            if (found.length == 0) {
                return 0;
            }
            Message[] waiting = found.length > BATCH ? Arrays.copyOf(found, BATCH) : found;
            FetchProfile sizes = new FetchProfile();
            sizes.add(FetchProfile.Item.SIZE);
            inbox.fetch(waiting, sizes);
            int taken = 0;
            for (List<Message> chunk : chunks(waiting)) {
                taken += read(inbox, chunk);
            }
            return taken;
        } catch (MessagingException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Splits mails into chunks of at most {@link #CHUNK_BYTES} of content; a mail too large to read goes alone. */
    private List<List<Message>> chunks(Message[] mails) throws MessagingException {
        List<List<Message>> chunks = new ArrayList<>();
        List<Message> chunk = new ArrayList<>();
        long bytes = 0;
        for (Message mail : mails) {
            long size = Math.max(0, mail.getSize());
            if (!chunk.isEmpty() && (bytes + size > CHUNK_BYTES || inbound.tooLarge(mail))) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(mail);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private int read(IMAPFolder inbox, List<Message> chunk) throws MessagingException, NotStoredException {
        Message[] content = chunk.stream().filter(m -> !inbound.tooLarge(m)).toArray(Message[]::new);
        if (content.length > 0) {
            // BODY.PEEK[]: reading leaves the mails unseen until the hub has them
            FetchProfile whole = new FetchProfile();
            whole.add(IMAPFolder.FetchProfileItem.MESSAGE);
            inbox.fetch(content, whole);
        }
        EmailInbound.Delivery delivery = inbound.deliver(chunk);
        List<Message> taken = delivery.taken();
        if (!taken.isEmpty()) {
            acknowledge(inbox, taken.toArray(Message[]::new));
        }
        if (delivery.failure() != null) {
            throw delivery.failure();
        }
        return taken.size();
    }

    /** Flags the mails the hub took seen, and moves them out of the folder with {@code afterStore = move}. */
    private void acknowledge(IMAPFolder inbox, Message[] taken) throws MessagingException {
        inbox.setFlags(taken, SEEN, true);
        if (settings.afterStore() != EmailSettings.AfterStore.MOVE) {
            return;
        }
        Folder to = target();
        if (((IMAPStore) store).hasCapability("MOVE")) {
            inbox.moveMessages(taken, to);
        } else {
            inbox.copyMessages(taken, to);
            inbox.setFlags(taken, DELETED, true);
            if (((IMAPStore) store).hasCapability("UIDPLUS")) {
                inbox.expunge(taken);
            } else {
                inbox.expunge();
            }
        }
    }

    private Folder target() throws MessagingException {
        if (target == null) {
            Folder to = store.getFolder(settings.moveTo());
            if (!to.exists() && !to.create(Folder.HOLDS_MESSAGES)) {
                throw new MessagingException("the IMAP folder " + settings.moveTo() + " cannot be created");
            }
            target = to;
        }
        return target;
    }

    private IMAPFolder open() throws MessagingException {
        if (folder != null && folder.isOpen()) {
            return folder;
        }
        if (folder == null || !store.isConnected()) {
            close();
            EmailSettings.Server server = settings.imap();
            Store s = session.getStore(EmailSessions.protocol("imap", server));
            store = s;
            s.connect(server.host(), server.port(), server.user(), server.secret());
            Folder f = s.getFolder(settings.folder());
            if (!f.exists()) {
                throw new FolderNotFoundException(f, "the IMAP folder " + settings.folder() + " does not exist");
            }
            if (!(f instanceof IMAPFolder imap)) {
                throw new MessagingException("the mailbox is not an IMAP folder");
            }
            folder = imap;
        }
        folder.open(Folder.READ_WRITE);
        return folder;
    }

    /**
     * Closes the folder but keeps the login: the next poll selects the folder afresh. Called when a round of polls
     * found nothing more, so that each round starts from the server's current view of the folder rather than from
     * what a long-selected folder was told (not every server reports every change to a selected folder).
     */
    void pause() {
        IMAPFolder f = folder;
        if (f != null && f.isOpen()) {
            try {
                f.close(false);
            } catch (MessagingException | IllegalStateException e) {
                close();
            }
        }
    }

    /** Closes the connection; the next poll opens a new one. */
    @Override
    public void close() {
        IMAPFolder f = folder;
        Store s = store;
        folder = null;
        target = null;
        store = null;
        try {
            if (f != null && f.isOpen()) {
                f.close(false);
            }
        } catch (MessagingException | IllegalStateException e) {
            LOG.debug("Closing the mailbox folder failed: {}", e.getMessage());
        }
        try {
            if (s != null) {
                s.close();
            }
        } catch (MessagingException e) {
            LOG.debug("Closing the mailbox connection failed: {}", e.getMessage());
        }
    }
}
