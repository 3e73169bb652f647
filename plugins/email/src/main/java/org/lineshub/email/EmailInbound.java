package org.lineshub.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.NotStoredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the mails of a poll to the hub. {@link MailboxReader} flags a mail seen (or moves it) only when this class
 * counts it as taken: the hub stored it, parked it, recorded it as a bounce, or it needs nothing. A mail the hub did
 * not store stays where it was for the next poll. A crash in between makes the next poll fetch the mail again, and
 * the hub drops the duplicate by Message-ID. Client mails of one chunk are stored with one call, in the folder's
 * order, so that the hub commits them together.
 */
final class EmailInbound {

    private static final Logger LOG = LoggerFactory.getLogger(EmailInbound.class);
    /** Mails larger than this are parked with their headers only: the hub keeps no multi-gigabyte payloads. */
    private static final long ENVELOPE = 16L * 1024 * 1024;

    private final ChannelContext channel;
    private final EmailMapper mapper;
    private final long maxMailSize;

    /**
     * What became of a chunk of mails.
     *
     * @param taken   the mails the hub took, to be flagged or moved
     * @param failure why the others were not taken, or {@code null}
     */
    record Delivery(List<Message> taken, NotStoredException failure) {
    }

    EmailInbound(ChannelContext channel, EmailSettings settings, Session session) {
        this.channel = channel;
        this.mapper = new EmailMapper(session, settings.maxAttachmentSize(), channel::storeFile);
        this.maxMailSize = settings.maxAttachmentSize() * 4 + ENVELOPE;
    }

    /** @return whether the mail is parked with its headers only instead of being read */
    boolean tooLarge(Message mail) {
        try {
            return mail.getSize() > maxMailSize;
        } catch (MessagingException e) {
            return false;
        }
    }

    /**
     * @param mails mails in the folder's order, their content fetched unless {@link #tooLarge}
     * @return the mails taken, and why the rest were not
     * @throws MessagingException when a mail could not be read from the server
     */
    Delivery deliver(List<Message> mails) throws MessagingException {
        List<Message> taken = new ArrayList<>();
        List<Message> clientMails = new ArrayList<>();
        List<InboundMessage> batch = new ArrayList<>();
        NotStoredException failure = null;
        try {
            for (Message mail : mails) {
                Outcome outcome = handle(mail);
                if (outcome.toStore() != null) {
                    clientMails.add(mail);
                    batch.add(outcome.toStore());
                } else if (outcome.taken()) {
                    taken.add(mail);
                }
            }
        } catch (NotStoredException e) {
            // the hub is unavailable: what it took so far is flagged; the rest comes again
            return new Delivery(taken, e);
        } catch (IOException e) {
            throw new MessagingException("a mail could not be read: " + e.getMessage(), e);
        }
        if (!batch.isEmpty()) {
            try {
                channel.inbound().store(batch);
                taken.addAll(clientMails);
            } catch (NotStoredException e) {
                failure = e;
            }
        }
        return new Delivery(taken, failure);
    }

    /**
     * What one mail needs.
     *
     * @param toStore the client's message to store with the chunk, or {@code null}
     * @param taken   whether the mail was handled already (parked, a bounce recorded, nothing needed)
     */
    private record Outcome(InboundMessage toStore, boolean taken) {
        static final Outcome HANDLED = new Outcome(null, true);
        static final Outcome LEFT = new Outcome(null, false);
    }

    private Outcome handle(Message mail) throws MessagingException, IOException, NotStoredException {
        if (tooLarge(mail)) {
            channel.inbound().park(headers(mail), "the mail is larger than " + maxMailSize / (1024 * 1024) + " MB",
                    null);
            return Outcome.HANDLED;
        }
        byte[] raw = read(mail);
        EmailMapper.Mapped mapped;
        try {
            mapped = EmailSessions.withPluginLoader(() -> {
                try {
                    return mapper.map(raw);
                } catch (EmailMapper.UnreadableMailException e) {
                    throw new Unreadable(e);
                } catch (IOException e) {
                    throw new FileNotStored(e);
                }
            });
        } catch (Unreadable e) {
            LOG.warn("Account {}: parking a mail that cannot be read: {}", channel.accountId(),
                    e.getCause().getMessage());
            channel.inbound().park(raw, e.getCause().getMessage(), null);
            return Outcome.HANDLED;
        } catch (FileNotStored e) {
            LOG.warn("Account {}: an attachment could not be stored in the hub ({}); the mail comes again",
                    channel.accountId(), e.getCause().getMessage());
            return Outcome.LEFT;
        }
        if (mapped instanceof EmailMapper.ClientMail client) {
            return new Outcome(client.message(), false);
        }
        if (mapped instanceof EmailMapper.Bounce bounce) {
            LOG.info("Account {}: mail {} bounced", channel.accountId(), bounce.receipt().externalMessageId());
            channel.inbound().receipts(List.of(bounce.receipt()));
        } else if (mapped instanceof EmailMapper.Skipped skipped) {
            LOG.debug("Account {}: an automatic mail needs nothing ({})", channel.accountId(), skipped.why());
        }
        return Outcome.HANDLED;
    }

    private static byte[] read(Message mail) throws MessagingException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        mail.writeTo(bytes);
        return bytes.toByteArray();
    }

    private static byte[] headers(Message mail) throws MessagingException {
        StringBuilder out = new StringBuilder();
        var all = mail.getAllHeaders();
        while (all.hasMoreElements()) {
            var h = all.nextElement();
            out.append(h.getName()).append(": ").append(h.getValue()).append("\r\n");
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Carries an unreadable mail out of the class-loader block. */
    private static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(EmailMapper.UnreadableMailException cause) {
            super(cause);
        }
    }

    /** Carries a failure to store an attachment out of the class-loader block. */
    private static final class FileNotStored extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FileNotStored(IOException cause) {
            super(cause);
        }
    }
}
