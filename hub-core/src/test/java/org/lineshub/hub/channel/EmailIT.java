package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lineshub.hub.HubApplication;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.TestDatabase;
import org.lineshub.hub.support.TestHub;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A mailbox as a channel, end to end: the real email plugin jar, dropped into a running hub, reads GreenMail's real
 * IMAP server and answers through its real SMTP server. Threads are sessions; bounces mark replies failed;
 * auto-replies open nothing; duplicates and restarts store nothing twice.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
// the hub's mail pollers would outlive GreenMail in the test JVM's context cache
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmailIT {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup[] {
            ServerSetupTest.SMTP.withPort(0), ServerSetupTest.IMAP.withPort(0)}).withPerMethodLifecycle(false);

    private static final int PORT = TestHub.freePort();
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final Path PLUGINS = TestHub.pluginDirectory();

    private static HubClient admin;
    private static Fixtures fixtures;
    private static Fixtures.User operator;
    private static long line;

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        TestHub.register(registry, PORT, TestDatabase.newDatabase("email_it"), TestHub.tempDir("hub-email-data"),
                PLUGINS, TestHub.tempDir("hub-email-routes"));
    }

    /** Once, when the hub of this class runs (the context starts after static set-up). */
    @BeforeEach
    void mailboxesAndLine() {
        if (admin != null) {
            return;
        }
        MAIL.setUser("support@shop.example", "support", "support-pw");
        MAIL.setUser("anna@example.com", "anna", "anna-pw");
        admin = HubClient.basic(BASE, "admin", TestHub.ADMIN_PASSWORD);
        fixtures = new Fixtures(admin, null, null);
        operator = fixtures.user("Mail Operator");
        line = fixtures.staffedLine("Mail", Map.of(), List.of(operator), List.of());
        Fixtures.status(operator, "ONLINE");
    }

    private static Map<String, Object> settings(String password) {
        return settings("support", password);
    }

    private static Map<String, Object> settings(String user, String password) {
        Map<String, Object> s = new HashMap<>();
        s.put("imapHost", "127.0.0.1");
        s.put("imapPort", MAIL.getImap().getPort());
        s.put("imapSecurity", "none");
        s.put("imapUser", user);
        s.put("imapPassword", password);
        s.put("smtpHost", "127.0.0.1");
        s.put("smtpPort", MAIL.getSmtp().getPort());
        s.put("smtpSecurity", "none");
        s.put("fromAddress", user + "@shop.example");
        s.put("pollIntervalSeconds", 1);
        return s;
    }

    private static long account;

    /** A client's mail, delivered straight into the support mailbox as the client's server would. */
    private static void clientMails(String messageId, String subject, String body, String inReplyTo,
                                    String references, String... extraHeaders) throws Exception {
        StringBuilder raw = new StringBuilder()
                .append("From: Anna Smith <anna@example.com>\r\n")
                .append("To: support@shop.example\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Message-ID: <").append(messageId).append(">\r\n")
                .append("Date: Sat, 28 Nov 2026 10:00:00 +0000\r\n");
        if (inReplyTo != null) {
            raw.append("In-Reply-To: <").append(inReplyTo).append(">\r\n");
        }
        if (references != null) {
            raw.append("References: ").append(references).append("\r\n");
        }
        for (String h : extraHeaders) {
            raw.append(h).append("\r\n");
        }
        raw.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n").append(body).append("\r\n");
        MimeMessage mail = new MimeMessage(Session.getInstance(new java.util.Properties()),
                new ByteArrayInputStream(raw.toString().getBytes(StandardCharsets.UTF_8)));
        MAIL.getUserManager().getUser("support").deliver(mail);
    }

    private static List<JsonNode> sessionsOfLine(String view) {
        List<JsonNode> found = new ArrayList<>();
        admin.get("/api/v1/sessions?lineId=" + line + "&view=" + view + "&limit=200").ok().forEach(found::add);
        return found;
    }

    private static List<JsonNode> inbound(long sessionId) {
        List<JsonNode> found = new ArrayList<>();
        fixtures.messages(sessionId).forEach(m -> {
            if ("INBOUND".equals(m.get("direction").asText())) {
                found.add(m);
            }
        });
        return found;
    }

    @Test
    @Order(1)
    void thePluginJarDroppedIntoTheRunningHubConnectsAMailbox() throws Exception {
        Files.copy(TestHub.bundledPlugins().resolve("email.jar"), PLUGINS.resolve("email.jar.part"));
        Files.move(PLUGINS.resolve("email.jar.part"), PLUGINS.resolve("email.jar"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/channel-types/email").status() == 200);
        JsonNode created = admin.post("/api/v1/channel-accounts", Map.of("type", "email", "name", "support",
                "lineId", line, "settings", settings("support-pw"))).ok();
        assertThat(created.get("status").asText()).as(created.toString()).isEqualTo("RUNNING");
        account = created.get("id").asLong();
        assertThat(created.get("secretsSet").toString()).contains("imapPassword");
        assertThat(created.toString()).doesNotContain("support-pw");
    }

    @Test
    @Order(2)
    void aConversationGoesBothWaysAndStaysOneThread() throws Exception {
        clientMails("first@example.com", "Order 12345", "Where is my order?", null, null);
        long session = fixtures.awaitSession(line, "Anna Smith");
        assertThat(inbound(session)).extracting(m -> m.get("text").asText()).containsExactly("Where is my order?");
        long client = admin.get("/api/v1/sessions/" + session).ok().get("clientId").asLong();
        assertThat(admin.get("/api/v1/clients/" + client).ok().toString()).contains("anna@example.com");

        operator.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        long reply = operator.api().post("/api/v1/sessions/" + session + "/messages",
                Map.of("text", "It ships tomorrow.")).ok().get("id").asLong();
        JsonNode sent = fixtures.awaitDelivery(session, reply, "SENT");
        String ourId = sent.get("externalId").asText();

        assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage got = MAIL.getReceivedMessagesForDomain("example.com")[0];
        assertThat(got.getMessageID()).isEqualTo("<" + ourId + ">");
        assertThat(got.getSubject()).isEqualTo("Re: Order 12345");
        assertThat(got.getHeader("In-Reply-To", null)).isEqualTo("<first@example.com>");
        assertThat(got.getHeader("References", null)).contains("<first@example.com>");
        assertThat(got.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("anna@example.com");
        assertThat(GreenMailUtil.getWholeMessage(got)).contains("It ships tomorrow.").contains("text/html");

        clientMails("second@example.com", "RE: Re: Order 12345", "Thanks!\r\n\r\n> It ships tomorrow.",
                ourId, "<first@example.com> <" + ourId + ">");
        await().atMost(Duration.ofSeconds(20)).until(() -> inbound(session).size() == 2);
        assertThat(inbound(session).get(1).get("text").asText()).isEqualTo("Thanks!");

        // a new mail without references is a new conversation
        clientMails("third@example.com", "Another question", "Do you ship to Riga?", null, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> sessionsOfLine("active").size() == 2);
    }

    @Test
    @Order(3)
    void aBounceMarksTheReplyFailedAndAutoRepliesOpenNothing() throws Exception {
        long session = sessionsOfLine("active").stream().filter(s -> inbound(s.get("id").asLong()).stream()
                .anyMatch(m -> m.get("text").asText().contains("Riga"))).findFirst().orElseThrow().get("id").asLong();
        operator.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        long reply = operator.api().post("/api/v1/sessions/" + session + "/messages", Map.of("text", "Yes")).ok()
                .get("id").asLong();
        String ourId = fixtures.awaitDelivery(session, reply, "SENT").get("externalId").asText();
        int before = sessionsOfLine("active").size();

        String dsn = "From: MAILER-DAEMON@mx.example.com\r\nTo: support@shop.example\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-1@mx.example.com>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n"
                + "\r\n--B\r\nContent-Type: text/plain\r\n\r\nNot delivered.\r\n"
                + "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n\r\n"
                + "Final-Recipient: rfc822; anna@example.com\r\nAction: failed\r\nStatus: 5.2.2\r\n"
                + "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\r\n"
                + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <" + ourId + ">\r\n\r\n--B--\r\n";
        MAIL.getUserManager().getUser("support").deliver(new MimeMessage(Session.getInstance(
                new java.util.Properties()), new ByteArrayInputStream(dsn.getBytes(StandardCharsets.US_ASCII))));
        JsonNode failed = fixtures.awaitDelivery(session, reply, "FAILED");
        assertThat(failed.get("deliveryError").asText()).contains("Mailbox full");

        clientMails("auto-1@example.com", "Automatic reply: Re: Another question", "I am away.", ourId,
                "<third@example.com> <" + ourId + ">", "Auto-Submitted: auto-replied");
        clientMails("after-auto@example.com", "Third topic", "Still there?", null, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> sessionsOfLine("active").size() == before + 1);
        assertThat(inbound(session)).extracting(m -> m.get("text").asText()).doesNotContain("I am away.");
    }

    @Test
    @Order(4)
    void aDuplicateAndARestartDuringIntakeStoreEachMailOnce() throws Exception {
        clientMails("dup@example.com", "Duplicate", "Once only", null, null);
        clientMails("dup@example.com", "Duplicate", "Once only", null, null);
        for (int i = 0; i < 10; i++) {
            clientMails("burst-" + i + "@example.com", "Burst " + i, "Burst message " + i, null, null);
        }
        // the account restarts while the mailbox is being read: what was stored is not stored again
        admin.put("/api/v1/channel-accounts/" + account, Map.of("type", "email", "name", "support", "lineId", line,
                "enabled", false, "settings", Map.of())).ok();
        admin.put("/api/v1/channel-accounts/" + account, Map.of("type", "email", "name", "support", "lineId", line,
                "enabled", true, "settings", Map.of())).ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> countInbound("Burst message") == 10
                && countInbound("Once only") == 1);
        Thread.sleep(2_000);
        assertThat(countInbound("Burst message")).isEqualTo(10);
        assertThat(countInbound("Once only")).isEqualTo(1);
    }

    private static long countInbound(String prefix) {
        long count = 0;
        for (JsonNode s : sessionsOfLine("active")) {
            count += inbound(s.get("id").asLong()).stream().filter(m -> m.get("text").asText().startsWith(prefix))
                    .count();
        }
        return count;
    }

    @Test
    @Order(5)
    void aWrongPasswordIsReportedInTheAccountsStatus() {
        JsonNode created = admin.post("/api/v1/channel-accounts", Map.of("type", "email", "name", "wrong",
                "lineId", line, "settings", settings("not-the-password"))).ok();
        assertThat(created.get("status").asText()).isEqualTo("FAILED");
        assertThat(created.get("lastError").asText()).contains("IMAP server rejected the login")
                .doesNotContain("not-the-password");
    }

    @Test
    @Order(6)
    void aSenderWhoseAddressIsOnAClientsCardIsThatClient() throws Exception {
        long first = sessionsOfLine("active").get(0).get("clientId").asLong();
        MAIL.setUser("sales@shop.example", "sales", "sales-pw");
        long otherLine = fixtures.staffedLine("Sales", Map.of(), List.of(operator), List.of());
        JsonNode sales = admin.post("/api/v1/channel-accounts", Map.of("type", "email", "name", "sales",
                "lineId", otherLine, "settings", settings("sales", "sales-pw"))).ok();
        assertThat(sales.get("status").asText()).isEqualTo("RUNNING");
        MimeMessage mail = new MimeMessage(Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(
                ("From: Anna Smith <Anna@Example.com>\r\nTo: sales@shop.example\r\nSubject: Prices\r\n"
                        + "Message-ID: <sales-1@example.com>\r\n\r\nYour prices?\r\n")
                        .getBytes(StandardCharsets.UTF_8)));
        MAIL.getUserManager().getUser("sales").deliver(mail);
        long session = fixtures.awaitSession(otherLine, "Anna Smith");
        assertThat(admin.get("/api/v1/sessions/" + session).ok().get("clientId").asLong()).isEqualTo(first);
    }
}
