package org.lineshub.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.mail.MailMessage;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.NotStoredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each mail camel-mail fetched to the hub. The mail is flagged seen (or moved) by camel-mail only when this
 * processor returns normally, that is after the hub stored it, parked it, recorded it as a bounce, or decided it
 * needs nothing; when the hub did not store it, the processor fails and the mail stays where it was for the next
 * poll. A crash in between makes the next poll fetch the mail again, and the hub drops the duplicate by Message-ID.
 */
final class EmailInbound implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(EmailInbound.class);
    /** Mails larger than this are parked with their headers only: the hub keeps no multi-gigabyte payloads. */
    private static final long ENVELOPE = 16L * 1024 * 1024;

    private final ChannelContext channel;
    private final EmailMapper mapper;
    private final long maxMailSize;

    EmailInbound(ChannelContext channel, EmailSettings settings, Session session) {
        this.channel = channel;
        this.mapper = new EmailMapper(session, settings.maxAttachmentSize(), channel::storeFile);
        this.maxMailSize = settings.maxAttachmentSize() * 4 + ENVELOPE;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message mail = exchange.getIn(MailMessage.class).getOriginalMessage();
        if (mail.getSize() > maxMailSize) {
            channel.inbound().park(headers(mail), "the mail is larger than " + maxMailSize / (1024 * 1024) + " MB",
                    null);
            return;
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
            return;
        } catch (FileNotStored e) {
            throw new NotStoredException("an attachment could not be stored in the hub", e.getCause());
        }
        if (mapped instanceof EmailMapper.ClientMail client) {
            channel.inbound().store(client.message());
        } else if (mapped instanceof EmailMapper.Bounce bounce) {
            LOG.info("Account {}: mail {} bounced", channel.accountId(), bounce.receipt().externalMessageId());
            channel.inbound().receipts(List.of(bounce.receipt()));
        } else if (mapped instanceof EmailMapper.Skipped skipped) {
            LOG.debug("Account {}: an automatic mail needs nothing ({})", channel.accountId(), skipped.why());
        }
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
