package org.lineshub.email;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.ReceiptStatus;
import org.lineshub.plugin.api.SenderProfile;

/**
 * Turns one received mail into what the hub takes: a client's message, the bounce of a mail the hub sent (a failed
 * delivery receipt), or nothing (an auto-reply, which must neither open a session nor get an answer). A mail that
 * cannot be read is an {@link UnreadableMailException}, so it can be parked.
 */
final class EmailMapper {

    private static final Pattern DIAGNOSTIC = Pattern.compile("(?im)^Diagnostic-Code:\\s*(?:[^;]*;)?\\s*(.+)$");
    private static final Pattern STATUS = Pattern.compile("(?im)^Status:\\s*(\\S+)");
    private static final Pattern DAEMON = Pattern.compile("^(mailer-daemon|postmaster|mail-daemon)@.*",
            Pattern.CASE_INSENSITIVE);

    /** What a mail turned out to be. */
    sealed interface Mapped permits ClientMail, Bounce, Skipped {
    }

    /**
     * A client's mail.
     *
     * @param message     the message for the hub
     * @param refusedNote a note about attachments over the limit, already in the message's text, or {@code null}
     */
    record ClientMail(InboundMessage message, String refusedNote) implements Mapped {
    }

    /**
     * A mail the hub sent came back.
     *
     * @param receipt the failed receipt of that mail
     */
    record Bounce(DeliveryReceipt receipt) implements Mapped {
    }

    /**
     * A mail that needs nothing from the hub.
     *
     * @param why for the log
     */
    record Skipped(String why) implements Mapped {
    }

    /** A mail whose structure or content cannot be read; parked with the reason. */
    static final class UnreadableMailException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableMailException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** Stores an attachment's bytes in the hub and returns its reference. */
    @FunctionalInterface
    interface FileStore {
        String store(InputStream content, long maxBytes) throws IOException;
    }

    private final Session session;
    private final long maxAttachmentSize;
    private final FileStore files;

    /**
     * @param session           a session to parse with
     * @param maxAttachmentSize the largest attachment accepted, in bytes
     * @param files             where attachments are stored
     */
    EmailMapper(Session session, long maxAttachmentSize, FileStore files) {
        this.session = session;
        this.maxAttachmentSize = maxAttachmentSize;
        this.files = files;
    }

    /**
     * @param raw the mail as the server holds it
     * @return what it is
     * @throws UnreadableMailException when it cannot be read
     * @throws IOException             when an attachment cannot be stored in the hub (deliver the mail again later)
     */
    Mapped map(byte[] raw) throws UnreadableMailException, IOException {
        MimeMessage mail;
        String messageId;
        InternetAddress from;
        try {
            mail = new MimeMessage(session, new ByteArrayInputStream(raw));
            messageId = EmailThreading.ids(mail.getHeader("Message-ID", null)).stream().findFirst()
                    .map(EmailThreading::fit).orElseGet(() -> "sha256:" + EmailThreading.sha256(raw));
            from = sender(mail);
        } catch (MessagingException | RuntimeException e) {
            throw new UnreadableMailException("the mail's headers cannot be read: " + e.getMessage(), e);
        }
        try {
            if (isReport(mail) || from != null && DAEMON.matcher(from.getAddress()).matches()) {
                return bounce(mail);
            }
            String auto = autoReply(mail);
            if (auto != null) {
                return new Skipped(auto);
            }
            if (from == null) {
                throw new UnreadableMailException("the mail names no sender", null);
            }
            return clientMail(mail, messageId, from, raw);
        } catch (MessagingException | RuntimeException e) {
            throw new UnreadableMailException("the mail cannot be read: " + e.getMessage(), e);
        }
    }

    private ClientMail clientMail(MimeMessage mail, String messageId, InternetAddress from, byte[] raw)
            throws MessagingException, IOException {
        EmailContent.Content content = EmailContent.of(mail);
        List<String> refused = new ArrayList<>();
        List<Attachment> attachments = new ArrayList<>();
        for (EmailContent.File file : content.files()) {
            store(file).ifPresentOrElse(attachments::add, () -> refused.add(file.fileName() == null ? "(no name)"
                    : file.fileName()));
        }
        String address = from.getAddress().toLowerCase(Locale.ROOT);
        String name = from.getPersonal() == null || from.getPersonal().isBlank() ? null : from.getPersonal();
        SenderProfile sender = SenderProfile.builder(address).displayName(name).email(address).build();
        String shown = EmailContent.displayed(content.text());
        String note = refused.isEmpty() ? null : "[Not accepted, larger than " + maxAttachmentSize / (1024 * 1024)
                + " MB: " + String.join(", ", refused) + "]";
        String text = note == null ? shown : shown == null ? note : shown + "\n\n" + note;
        Date sent = mail.getSentDate();
        InboundMessage.Builder message = InboundMessage.builder(messageId, address, sender)
                .threadKey(EmailThreading.threadKey(messageId, mail.getHeader("References", " "),
                        mail.getHeader("In-Reply-To", " ")))
                .subject(mail.getSubject())
                .text(text)
                .html(content.html())
                .providerTime(sent == null ? null : sent.toInstant())
                .replyToExternalId(EmailThreading.ids(mail.getHeader("In-Reply-To", " ")).stream().findFirst()
                        .map(EmailThreading::fit).orElse(null))
                .extras(original(content.text(), shown))
                .rawPayload(headers(raw));
        attachments.forEach(message::attachment);
        return new ClientMail(message.build(), note);
    }

    /** The whole text, when what operators see was trimmed: kept so nothing the client wrote is lost. */
    private static Map<String, String> original(String full, String shown) {
        if (full == null || full.strip().equals(shown)) {
            return Map.of();
        }
        return Map.of("email.fullText", full.length() <= 60_000 ? full : full.substring(0, 60_000));
    }

    /** The mail's header block, for diagnosis: the body is in the message already, the files in the hub. */
    private static String headers(byte[] raw) {
        String text = new String(raw, 0, Math.min(raw.length, 64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            end = text.indexOf("\n\n");
        }
        return end < 0 ? text : text.substring(0, end);
    }

    private Optional<Attachment> store(EmailContent.File file) throws MessagingException, IOException {
        // the size of the decoded bytes, not of the encoded part: counted while the hub stores them
        long[] size = new long[1];
        long limit = maxAttachmentSize;
        String ref;
        try (InputStream in = new FilterInputStream(file.part().getInputStream()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                size[0] += b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                size[0] += Math.max(n, 0);
                return n;
            }
        }) {
            ref = files.store(in, limit);
        } catch (IOException e) {
            if (size[0] > limit) {
                return Optional.empty();
            }
            throw e;
        }
        AttachmentKind kind = file.mimeType().startsWith("image/") ? AttachmentKind.IMAGE
                : file.mimeType().startsWith("audio/") ? AttachmentKind.AUDIO
                : file.mimeType().startsWith("video/") ? AttachmentKind.VIDEO : AttachmentKind.DOCUMENT;
        return Optional.of(new Attachment(kind, file.fileName(), file.mimeType(), size[0], null, ref, null, null,
                null));
    }

    private static InternetAddress sender(MimeMessage mail) throws MessagingException {
        for (String header : new String[] {"From", "Sender", "Reply-To"}) {
            String value = mail.getHeader(header, ",");
            if (value != null) {
                try {
                    Address[] parsed = InternetAddress.parseHeader(value, false);
                    if (parsed.length > 0 && parsed[0] instanceof InternetAddress a && a.getAddress() != null
                            && a.getAddress().contains("@")) {
                        return a;
                    }
                } catch (MessagingException e) {
                    // try the next header
                }
            }
        }
        return null;
    }

    /** @return why the mail is automatic (RFC 3834, Precedence, vacation responders), or {@code null} */
    private static String autoReply(MimeMessage mail) throws MessagingException {
        String submitted = mail.getHeader("Auto-Submitted", null);
        if (submitted != null && !submitted.trim().equalsIgnoreCase("no")) {
            return "Auto-Submitted: " + submitted.trim();
        }
        String precedence = mail.getHeader("Precedence", null);
        if (precedence != null && precedence.trim().toLowerCase(Locale.ROOT).matches("bulk|junk|list|auto_reply")) {
            return "Precedence: " + precedence.trim();
        }
        for (String header : new String[] {"X-Autoreply", "X-Autorespond", "X-Autogenerated"}) {
            if (mail.getHeader(header) != null) {
                return header;
            }
        }
        return null;
    }

    private static boolean isReport(MimeMessage mail) throws MessagingException {
        String type = mail.getContentType() == null ? "" : mail.getContentType().toLowerCase(Locale.ROOT);
        return type.startsWith("multipart/report") && type.contains("delivery-status");
    }

    /**
     * A delivery status notification (RFC 3464) or a mailer daemon's message: the mail it returns is found in its
     * {@code message/rfc822} or {@code text/rfc822-headers} part, else through its own references.
     */
    private Mapped bounce(MimeMessage mail) throws MessagingException, IOException {
        String original = null;
        String diagnostic = null;
        if (EmailContent.baseType(mail).startsWith("multipart/")) {
            MimeMultipart parts = new MimeMultipart(mail.getDataHandler().getDataSource());
            for (int i = 0; i < parts.getCount(); i++) {
                Part part = parts.getBodyPart(i);
                String type = EmailContent.baseType(part);
                if (type.equals("message/delivery-status")) {
                    diagnostic = diagnostic(EmailContent.decode(part));
                } else if (type.equals("message/rfc822") || type.equals("text/rfc822-headers")) {
                    try (InputStream in = part.getInputStream()) {
                        String id = new InternetHeaders(in).getHeader("Message-ID", null);
                        original = EmailThreading.ids(id).stream().findFirst().orElse(original);
                    }
                }
            }
        }
        if (original == null) {
            List<String> refs = EmailThreading.ids(mail.getHeader("In-Reply-To", " "));
            refs.addAll(EmailThreading.ids(mail.getHeader("References", " ")));
            original = refs.stream().filter(id -> id.startsWith("lh.")).findFirst().orElse(null);
        }
        if (original == null) {
            return new Skipped("a mailer daemon's message about no mail of the hub");
        }
        String reason = "the recipient's mail server returned the mail"
                + (diagnostic == null ? "" : ": " + diagnostic);
        return new Bounce(new DeliveryReceipt(EmailThreading.fit(original), ReceiptStatus.FAILED, Instant.now(),
                reason));
    }

    private static String diagnostic(String status) {
        Matcher code = DIAGNOSTIC.matcher(status);
        if (code.find()) {
            String text = code.group(1).trim();
            return text.length() <= 500 ? text : text.substring(0, 500);
        }
        Matcher s = STATUS.matcher(status);
        return s.find() ? "status " + s.group(1) : null;
    }
}
