package org.lineshub.email;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import jakarta.activation.DataHandler;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.MailEndpoint;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jsoup.nodes.Entities;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.OutboundSender;
import org.lineshub.plugin.api.SentMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replies as mail through camel-mail's SMTP producer: multipart text and HTML with the files attached, from
 * the mailbox's address with the line's or the operator's name, threaded into the client's conversation
 * ({@code In-Reply-To}, {@code References}, one {@code Re:}). The plugin builds the MIME message itself, with its
 * own class loader, so that no content handler of the hub's threads is needed; camel-mail delivers it.
 */
final class EmailSender implements OutboundSender {

    private static final Logger LOG = LoggerFactory.getLogger(EmailSender.class);

    private final ChannelContext channel;
    private final EmailSettings settings;
    private final Session session;
    private final MailEndpoint endpoint;
    private final PluginLoaderMailSender transport;

    EmailSender(ChannelContext channel, EmailSettings settings, Session session, MailEndpoint endpoint) {
        this.channel = channel;
        this.settings = settings;
        this.session = session;
        this.endpoint = endpoint;
        this.transport = new PluginLoaderMailSender();
        EmailSettings.Server smtp = settings.smtp();
        transport.setSession(session);
        transport.setProtocol(EmailSessions.protocol("smtp", smtp));
        transport.setHost(smtp.host());
        transport.setPort(smtp.port());
        transport.setUsername(smtp.user());
        transport.setPassword(smtp.secret());
    }

    @Override
    public SentMessage send(OutboundMessage message) {
        InternetAddress to = EmailSettings.parseAddress(message.externalChatId())
                .orElseThrow(() -> new ChannelRejectedException("the client has no valid email address"));
        if (message.text() == null && message.html() == null && message.attachments().isEmpty()) {
            throw new ChannelRejectedException("the message has neither text nor attachments");
        }
        String id = EmailThreading.outboundId(message.messageId(), message.sessionId(),
                message.threadKey() != null, settings.fromAddress(), settings.domain());
        MimeMessage mail = EmailSessions.withPluginLoader(() -> build(message, to, id));
        Exchange exchange = endpoint.createExchange();
        exchange.getIn().setBody(mail);
        Producer producer = null;
        try {
            producer = endpoint.createProducer(transport);
            producer.start();
            producer.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (producer != null) {
                producer.stop();
            }
        }
        if (exchange.getException() != null) {
            throw failure(exchange.getException());
        }
        LOG.debug("Account {}: message {} sent as mail {}", channel.accountId(), message.messageId(), id);
        return new SentMessage(id, Instant.now());
    }

    private MimeMessage build(OutboundMessage message, InternetAddress to, String id) {
        try {
            PreparedMessage mail = new PreparedMessage(session);
            mail.setFrom(new InternetAddress(settings.fromAddress(), displayName(message), "UTF-8"));
            mail.setRecipient(jakarta.mail.Message.RecipientType.TO, to);
            mail.setSubject(message.subject() == null ? fallbackSubject(message) : EmailThreading.reply(
                    message.subject()), "UTF-8");
            mail.setSentDate(new Date());
            mail.setHeader("Message-ID", "<" + id + ">");
            if (EmailThreading.isMessageId(message.latestExternalId())) {
                mail.setHeader("In-Reply-To", "<" + message.latestExternalId() + ">");
            }
            String references = EmailThreading.references(message.threadKey(), message.latestExternalId());
            if (references != null) {
                mail.setHeader("References", references);
            }
            MimeMultipart alternative = new MimeMultipart("alternative");
            String text = message.text() == null ? "" : message.text();
            alternative.addBodyPart(part(text, "text/plain; charset=UTF-8"));
            alternative.addBodyPart(part(message.html() != null ? message.html() : html(text),
                    "text/html; charset=UTF-8"));
            if (message.attachments().isEmpty()) {
                mail.setContent(alternative);
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart body = new MimeBodyPart();
                body.setContent(alternative);
                mixed.addBodyPart(body);
                for (Attachment a : message.attachments()) {
                    mixed.addBodyPart(file(a));
                }
                mail.setContent(mixed);
            }
            mail.saveChanges();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            mail.writeTo(bytes);
            return new PreparedMessage(session, bytes.toByteArray());
        } catch (MessagingException | IOException e) {
            throw new ChannelRejectedException("the mail could not be built: " + e.getMessage());
        }
    }

    private String displayName(OutboundMessage message) {
        if (message.senderName() != null && !message.senderName().isBlank()) {
            return message.senderName();
        }
        if (message.lineName() != null && !message.lineName().isBlank()) {
            return message.lineName();
        }
        return settings.fromName();
    }

    private String fallbackSubject(OutboundMessage message) {
        String from = displayName(message);
        return from == null ? "Message" : "Message from " + from;
    }

    private static MimeBodyPart part(String content, String type) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        // a data source instead of a String: writing needs no content handler for the type
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content.getBytes(StandardCharsets.UTF_8), type)));
        part.setHeader("Content-Type", type);
        return part;
    }

    private MimeBodyPart file(Attachment a) throws MessagingException, IOException {
        String type = a.mimeType() == null ? "application/octet-stream" : a.mimeType();
        byte[] bytes;
        try (InputStream in = channel.openAttachment(a)) {
            bytes = in.readAllBytes();
        }
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type)));
        part.setHeader("Content-Type", type);
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        if (a.fileName() != null) {
            try {
                part.setFileName(MimeUtility.encodeText(a.fileName(), "UTF-8", null));
            } catch (UnsupportedEncodingException e) {
                part.setFileName("file");
            }
        }
        return part;
    }

    /** The operator's plain text as HTML: escaped, line breaks kept. */
    static String html(String text) {
        return "<!DOCTYPE html><html><body><div style=\"white-space:pre-wrap\">" + Entities.escape(text)
                + "</div></body></html>";
    }

    /**
     * Maps what the SMTP server said: a refused recipient or a permanent (5xx) answer is final, with the server's
     * words; everything else (4xx, connections, timeouts, a rejected login) is retried by the hub.
     */
    private RuntimeException failure(Exception e) {
        SMTPAddressFailedException address = causeOf(e, SMTPAddressFailedException.class);
        if (address != null) {
            return new ChannelRejectedException("the mail server refused the recipient: " + reply(address));
        }
        SMTPSendFailedException send = causeOf(e, SMTPSendFailedException.class);
        if (send != null && send.getReturnCode() >= 500) {
            return new ChannelRejectedException("the mail server refused the mail: " + reply(send));
        }
        SendFailedException invalid = causeOf(e, SendFailedException.class);
        if (invalid != null && invalid.getInvalidAddresses() != null && invalid.getInvalidAddresses().length > 0) {
            return new ChannelRejectedException("the mail server refused the recipient: " + reply(invalid));
        }
        if (causeOf(e, AuthenticationFailedException.class) != null) {
            channel.reportProblem("the SMTP server rejected the login");
            return new ChannelTransportException("the SMTP server rejected the login", null);
        }
        String why = causeOf(e, UnknownHostException.class) != null || causeOf(e, ConnectException.class) != null
                ? "the SMTP server " + settings.smtp().host() + ":" + settings.smtp().port() + " is unreachable"
                : causeOf(e, SocketTimeoutException.class) != null ? "the SMTP server did not answer in time"
                : "sending failed: " + reply(e);
        return new ChannelTransportException(why, null);
    }

    private static String reply(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().trim();
        return message.length() <= 300 ? message : message.substring(0, 300);
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t instanceof MessagingException m && m.getNextException() != null && type.isInstance(
                    m.getNextException())) {
                return type.cast(m.getNextException());
            }
        }
        return null;
    }

    /**
     * camel-mail's SMTP sender, run with the plugin's class loader as the context class loader: camel-mail's producer
     * switches to the hub's class loader, where Jakarta Mail, which the plugin bundles, finds none of its providers.
     */
    static final class PluginLoaderMailSender extends DefaultJavaMailSender {

        @Override
        public void send(MimeMessage mimeMessage) throws MessagingException {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(MailClassLoader.get());
            try {
                super.send(mimeMessage);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }

    /**
     * A mail already built to its bytes. Sending saves changes, which would make Jakarta Mail re-derive headers
     * through content handlers and replace the Message-ID: both stay as built.
     */
    static final class PreparedMessage extends MimeMessage {

        PreparedMessage(Session session) {
            super(session);
        }

        PreparedMessage(Session session, byte[] bytes) throws MessagingException {
            super(session, new ByteArrayInputStream(bytes));
        }

        @Override
        protected void updateHeaders() throws MessagingException {
            if (content == null && contentStream == null) {
                super.updateHeaders();
            }
        }

        @Override
        protected void updateMessageID() {
            // the Message-ID is set when the mail is built and must be the same on every attempt
        }
    }
}
