package org.lineshub.hub.bench;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.FlagTerm;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * What reading a mailbox costs at the least: a minimal IMAP reader written by hand with Jakarta Mail, to measure the
 * hub's email account against on the same GreenMail, load generator and database server. One thread polls INBOX
 * without pause (a fresh SELECT for each round, as GreenMail does not always tell a selected folder about new mail),
 * fetches up to 500 mails with one FETCH, stores each in a transaction of its own ({@link BaselineStore}: the
 * mail's thread, the first id of {@code References} or its own Message-ID, is the chat), and then moves them out of
 * INBOX with one MOVE, as the hub's account does with {@code afterStore = move}. A stored mail is reported to the
 * ledger right after its commit. Nothing else: no attachments, HTML, bounces, auto-replies or events.
 */
final class BaselineMailReader implements AutoCloseable {

    private static final int BATCH = 500;
    private static final FlagTerm WAITING = new FlagTerm(new Flags(Flags.Flag.DELETED), false);

    private final BaselineStore store;
    private final Ledger ledger;
    private final Session session;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Thread thread;
    private volatile boolean running = true;

    BaselineMailReader(BaselineStore store, Ledger ledger, String host, int port, String user, String password) {
        this.store = store;
        this.ledger = ledger;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        Properties props = new Properties();
        props.put("mail.store.protocol", "imap");
        props.put("mail.imap.connectiontimeout", "10000");
        props.put("mail.imap.timeout", "60000");
        this.session = Session.getInstance(props);
        this.thread = new Thread(this::run, "baseline-mail");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            Store imap = null;
            try {
                imap = session.getStore("imap");
                imap.connect(host, port, user, password);
                IMAPFolder inbox = (IMAPFolder) imap.getFolder("INBOX");
                Folder stored = imap.getFolder("Stored");
                if (!stored.exists()) {
                    stored.create(Folder.HOLDS_MESSAGES);
                }
                while (running) {
                    inbox.open(Folder.READ_WRITE);
                    int read;
                    do {
                        read = readBatch(inbox, stored);
                    } while (read > 0 && running);
                    inbox.close(false);
                    Thread.sleep(1);
                }
            } catch (MessagingException | IOException | SQLException | RuntimeException e) {
                // GreenMail drops a connection now and then: connect again at once
            } catch (InterruptedException e) {
                return;
            } finally {
                if (imap != null) {
                    try {
                        imap.close();
                    } catch (MessagingException e) {
                        // closing anyway
                    }
                }
            }
        }
    }

    private int readBatch(IMAPFolder inbox, Folder stored) throws MessagingException, IOException, SQLException {
        Message[] found = inbox.search(WAITING);
        if (found.length == 0) {
            return 0;
        }
        Message[] batch = found.length > BATCH ? Arrays.copyOf(found, BATCH) : found;
        FetchProfile whole = new FetchProfile();
        whole.add(IMAPFolder.FetchProfileItem.MESSAGE);
        inbox.fetch(batch, whole);
        for (Message mail : batch) {
            String id = first(mail.getHeader("Message-ID"));
            String references = first(mail.getHeader("References"));
            String thread = references != null ? references.trim().split("\\s+")[0] : id;
            Address[] from = mail.getFrom();
            String name = from != null && from.length > 0 && from[0] instanceof InternetAddress a ? a.getPersonal()
                    : null;
            String text = mail.getContent() instanceof String s ? s : null;
            Instant sent = mail.getSentDate() != null ? mail.getSentDate().toInstant() : Instant.now();
            store.store(thread, id, name, text, sent);
            long seq = Ledger.seqOf(text);
            if (seq > 0) {
                ledger.stored(seq, System.nanoTime());
            }
        }
        inbox.moveMessages(batch, stored);
        return batch.length;
    }

    private static String first(String[] values) {
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
