package org.lineshub.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.SentMessage;
import org.lineshub.plugin.testkit.TestChannelContext;

/** A mailbox account against GreenMail's real IMAP and SMTP servers. */
class EmailAccountTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup[] {
            ServerSetupTest.SMTP.withPort(0), ServerSetupTest.IMAP.withPort(0)});

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private ConnectedAccount account;

    @BeforeEach
    void mailboxes() {
        MAIL.setUser("support@shop.example", "support", "secret-1");
        MAIL.setUser("anna@example.com", "anna", "anna-pw");
        camel.start();
    }

    @AfterEach
    void stop() {
        if (account != null) {
            account.stopInbound();
            account.close();
        }
        camel.stop();
    }

    private Map<String, String> settings(String... extra) {
        Map<String, String> s = new HashMap<>();
        s.put(EmailSettings.IMAP_HOST, "127.0.0.1");
        s.put(EmailSettings.IMAP_PORT, String.valueOf(MAIL.getImap().getPort()));
        s.put(EmailSettings.IMAP_SECURITY, "none");
        s.put(EmailSettings.IMAP_USER, "support");
        s.put(EmailSettings.IMAP_PASSWORD, "secret-1");
        s.put(EmailSettings.SMTP_HOST, "127.0.0.1");
        s.put(EmailSettings.SMTP_PORT, String.valueOf(MAIL.getSmtp().getPort()));
        s.put(EmailSettings.SMTP_SECURITY, "none");
        s.put(EmailSettings.FROM_ADDRESS, "support@shop.example");
        s.put(EmailSettings.POLL_SECONDS, "1");
        s.put(EmailSettings.MAX_ATTACHMENT_MB, "25");
        for (int i = 0; i < extra.length; i += 2) {
            s.put(extra[i], extra[i + 1]);
        }
        return s;
    }

    private TestChannelContext start(Map<String, String> settings) throws Exception {
        TestChannelContext ctx = context(settings);
        assertThat(new EmailConnector().validate(ctx.settings())).isEmpty();
        account = new EmailConnector().connect(ctx);
        account.startInbound();
        return ctx;
    }

    /** @return the hub around the mailbox, with the test's Camel context */
    private TestChannelContext context(Map<String, String> settings) {
        return TestChannelContext.builder("email").accountName("support mailbox").settings(settings).camel(camel)
                .build();
    }

        private static void clientSends(String rawResource) throws Exception {
        MimeMessage mail = new MimeMessage(GreenMailUtil.getSession(MAIL.getSmtp().getServerSetup()),
                new java.io.ByteArrayInputStream(EmailMapperTest.fixture(rawResource)));
        mail.setRecipients(Message.RecipientType.TO, "support@shop.example");
        MAIL.getUserManager().getUser("support").deliver(mail);
    }

    private static Message[] supportInbox() throws Exception {
        Session session = Session.getInstance(new java.util.Properties());
        Store store = session.getStore("imap");
        store.connect("127.0.0.1", MAIL.getImap().getPort(), "support", "secret-1");
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        Message[] messages = inbox.getMessages();
        for (Message m : messages) {
            m.getFlags();
        }
        return messages;
    }

    @Test
    void aClientsMailIsStoredAndThenFlaggedSeen() throws Exception {
        TestChannelContext ctx = start(settings());
        clientSends("koi8r.eml");
        await().atMost(Duration.ofSeconds(15)).until(() -> ctx.sink.messages().size() == 1);
        InboundMessage m = ctx.sink.messages().get(0);
        assertThat(m.text()).isEqualTo("Здравствуйте! Мой заказ 12345 не пришёл.");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> supportInbox()[0].getFlags().contains(Flags.Flag.SEEN));
    }

    @Test
    void aMailTheHubDidNotStoreStaysUnseenAndComesAgain() throws Exception {
        TestChannelContext ctx = start(settings());
        ctx.sink.failures.set(2);
        clientSends("windows1251.eml");
        await().atMost(Duration.ofSeconds(20)).until(() -> ctx.sink.messages().size() == 1);
        assertThat(ctx.sink.failures.get()).isZero();
        assertThat(ctx.sink.messages().get(0).externalMessageId()).isEqualTo("w1251-1@example.com");
    }

    /** A plain mail from a client, the way a mail client writes it. */
    private static void clientSendsText(String messageId, String text) throws Exception {
        MimeMessage mail = new MimeMessage(GreenMailUtil.getSession(MAIL.getSmtp().getServerSetup())) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
        mail.setFrom("Anna <anna@example.com>");
        mail.setRecipients(Message.RecipientType.TO, "support@shop.example");
        mail.setSubject("Order " + messageId);
        mail.setText(text, "UTF-8");
        mail.saveChanges();
        MAIL.getUserManager().getUser("support").deliver(mail);
    }

    @Test
    void mailsWaitingTogetherAreStoredTogetherInTheFoldersOrderAndThenFlaggedSeen() throws Exception {
        for (int i = 1; i <= 30; i++) {
            clientSendsText("batch-" + i + "@example.com", "Message " + i);
        }
        TestChannelContext ctx = start(settings(EmailSettings.POLL_SECONDS, "600"));
        await().atMost(Duration.ofSeconds(15)).until(() -> ctx.sink.messages().size() == 30);
        // one poll found them all: one call to the hub, so one commit for the lot
        assertThat(ctx.sink.batches).hasSize(1);
        assertThat(ctx.sink.messages()).extracting(InboundMessage::externalMessageId)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 30)
                        .mapToObj(i -> "batch-" + i + "@example.com").toList());
        await().atMost(Duration.ofSeconds(10)).until(() -> java.util.Arrays.stream(supportInbox())
                .allMatch(m -> flagged(m, Flags.Flag.SEEN)));
    }

    @Test
    void aFailedStoreIsTriedAgainAtOnceAndReportedOnlyWhenItLasts() throws Exception {
        // no poll interval to fall back on: only the retries can store these mails in time
        TestChannelContext ctx = start(settings(EmailSettings.POLL_SECONDS, "600"));
        Thread.sleep(1500);
        ctx.sink.failures.set(1);
        clientSendsText("once-1@example.com", "First");
        await().atMost(Duration.ofSeconds(5)).until(() -> ctx.sink.messages().size() == 1);
        assertThat(ctx.problems).noneMatch(p -> p.contains("could not store"));

        ctx.sink.failures.set(3);
        clientSendsText("lasting-1@example.com", "Second");
        await().atMost(Duration.ofSeconds(15)).until(() -> ctx.sink.messages().size() == 2);
        assertThat(ctx.problems).anyMatch(p -> p.contains("the hub could not store mail"));
        assertThat(ctx.sink.messages().get(1).externalMessageId()).isEqualTo("lasting-1@example.com");
    }

    private static boolean flagged(Message m, Flags.Flag flag) {
        try {
            return m.getFlags().contains(flag);
        } catch (jakarta.mail.MessagingException e) {
            return false;
        }
    }

    @Test
    void storedMailsCanBeMovedToAnotherFolder() throws Exception {
        TestChannelContext ctx = start(settings(EmailSettings.AFTER_STORE, "move", EmailSettings.MOVE_TO,
                "Handled"));
        clientSends("iso88595.eml");
        await().atMost(Duration.ofSeconds(15)).until(() -> ctx.sink.messages().size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> supportInbox().length == 0);
    }

    @Test
    void anUnreadableMailIsParkedAndTheRestFlows() throws Exception {
        TestChannelContext ctx = start(settings());
        clientSends("no-sender.eml");
        clientSends("iso88595.eml");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> ctx.sink.messages().size() == 1 && ctx.sink.parked.size() == 1);
        assertThat(ctx.sink.parked.get(0).reason()).contains("sender");
    }

    @Test
    void bouncesBecomeReceiptsAndAutoRepliesNothing() throws Exception {
        TestChannelContext ctx = start(settings());
        clientSends("bounce.eml");
        clientSends("autoreply.eml");
        await().atMost(Duration.ofSeconds(15)).until(() -> ctx.sink.receipts.size() == 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> java.util.Arrays.stream(supportInbox()).allMatch(m -> {
                    try {
                        return m.getFlags().contains(Flags.Flag.SEEN);
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                }));
        assertThat(ctx.sink.messages()).isEmpty();
    }

    @Test
    void aReplyGoesOutThreadedWithOneReAndBothTextAndHtml() throws Exception {
        TestChannelContext ctx = start(settings());
        ctx.files.put("f-logo", "PNGDATA".getBytes(StandardCharsets.US_ASCII));
        OutboundMessage reply = OutboundMessage.builder(42, 9, "anna@example.com")
                .threadKey("first-1@example.com").subject("Re: Order 12345").text("Yes <b>really</b>\nBest")
                .latestExternalId("reply-2@example.com").lineName("Shop support")
                .attachment(new org.lineshub.plugin.api.Attachment(org.lineshub.plugin.api.AttachmentKind.IMAGE,
                        "logo.png", "image/png", 7L, null, "f-logo", null, null, null))
                .build();
        SentMessage sent = account.sender().send(reply);

        assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage got = MAIL.getReceivedMessagesForDomain("example.com")[0];
        assertThat(got.getMessageID()).isEqualTo("<" + sent.externalMessageId() + ">");
        assertThat(sent.externalMessageId()).startsWith("lh.t.42.").endsWith("@shop.example");
        assertThat(got.getSubject()).isEqualTo("Re: Order 12345");
        assertThat(got.getHeader("In-Reply-To", null)).isEqualTo("<reply-2@example.com>");
        assertThat(got.getHeader("References", null)).isEqualTo("<first-1@example.com> <reply-2@example.com>");
        assertThat(got.getFrom()[0].toString()).contains("Shop support").contains("support@shop.example");
        String raw = GreenMailUtil.getWholeMessage(got);
        assertThat(raw).contains("multipart/alternative").contains("text/plain").contains("text/html")
                .contains("&lt;b&gt;really&lt;/b&gt;").contains("logo.png");
        assertThat(((MimeMultipart) got.getContent()).getCount()).isEqualTo(2);

        // the same message sent again carries the same Message-ID
        assertThat(account.sender().send(reply).externalMessageId()).isEqualTo(sent.externalMessageId());
    }

    @Test
    void anInvalidRecipientIsRefused() throws Exception {
        start(settings());
        assertThatThrownBy(() -> account.sender().send(OutboundMessage.builder(1, 1, "not an address")
                .text("hi").build())).isInstanceOf(ChannelRejectedException.class);
    }

    @Test
    void aWrongPasswordStopsTheAccountWithAClearReason() {
        TestChannelContext ctx = context(settings(EmailSettings.IMAP_PASSWORD, "wrong"));
        account = new EmailConnector().connect(ctx);
        assertThatThrownBy(account::startInbound).hasMessageContaining("IMAP server rejected the login")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void anUnreachableServerIsReportedAndTriedAgain() throws Exception {
        TestChannelContext ctx = start(settings(EmailSettings.SMTP_PORT, "1"));
        assertThat(ctx.problems).anySatisfy(p -> assertThat(p).contains("SMTP server").contains("unreachable"));
    }

    @Test
    void newMailArrivesWithinSecondsThroughIdle() throws Exception {
        TestChannelContext ctx = start(settings(EmailSettings.POLL_SECONDS, "600"));
        // the first poll runs at once; wait for IDLE to be in place
        Thread.sleep(1500);
        clientSends("koi8r.eml");
        await().atMost(Duration.ofSeconds(10)).until(() -> ctx.sink.messages().size() == 1);
        assertThat(List.of(ctx.sink.messages().get(0).externalMessageId())).containsExactly("koi8-1@mail.example.ru");
    }
}
