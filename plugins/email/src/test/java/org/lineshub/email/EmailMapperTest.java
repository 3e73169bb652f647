package org.lineshub.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.ReceiptStatus;

/** Mails as clients and servers write them, from fixture files, mapped to what the hub takes. */
class EmailMapperTest {

    private final List<byte[]> stored = new ArrayList<>();
    private final EmailMapper mapper = new EmailMapper(Session.getInstance(new Properties()), 1024, this::store);

    private String store(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[256];
        int n;
        long total = 0;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > max) {
                throw new IOException("the file is larger than " + max + " bytes");
            }
            out.write(buffer, 0, n);
        }
        stored.add(out.toByteArray());
        return "file-" + stored.size();
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = EmailMapperTest.class.getResourceAsStream("/mails/" + name)) {
            return in.readAllBytes();
        }
    }

    private InboundMessage client(String fixture) throws Exception {
        EmailMapper.Mapped mapped = mapper.map(fixture(fixture));
        assertThat(mapped).isInstanceOf(EmailMapper.ClientMail.class);
        return ((EmailMapper.ClientMail) mapped).message();
    }

    @Test
    void decodesKoi8rBodySubjectAndSenderName() throws Exception {
        InboundMessage m = client("koi8r.eml");
        assertThat(m.text()).isEqualTo("Здравствуйте! Мой заказ 12345 не пришёл.");
        assertThat(m.subject()).isEqualTo("Заказ не пришёл");
        assertThat(m.sender().displayName()).isEqualTo("Иван Петров");
        assertThat(m.externalChatId()).isEqualTo("ivan@example.ru");
        assertThat(m.sender().email()).isEqualTo("ivan@example.ru");
        assertThat(m.externalMessageId()).isEqualTo("koi8-1@mail.example.ru");
        assertThat(m.threadKey()).isEqualTo("koi8-1@mail.example.ru");
        assertThat(m.providerTime()).isEqualTo("2026-11-23T07:15:00Z");
    }

    @Test
    void decodesWindows1251Base64AndUtf8EncodedWords() throws Exception {
        InboundMessage m = client("windows1251.eml");
        assertThat(m.text()).isEqualTo("Добрый день, пришлите, пожалуйста, счёт.");
        assertThat(m.subject()).isEqualTo("Вопрос по счёту");
        assertThat(m.sender().displayName()).isEqualTo("Olga");
    }

    @Test
    void decodesIso88595QuotedPrintable() throws Exception {
        InboundMessage m = client("iso88595.eml");
        assertThat(m.text()).isEqualTo("Спасибо за помощь.");
        assertThat(m.subject()).isEqualTo("Спасибо");
    }

    @Test
    void htmlOnlyMailBecomesSafeTextAndSanitisedHtml() throws Exception {
        InboundMessage m = client("html-only.eml");
        assertThat(m.text()).contains("Hello team,").contains("see my order").contains("Thanks\nAnna")
                .doesNotContain("alert").doesNotContain("color:red");
        assertThat(m.html()).contains("<a href=\"https://shop.example/orders/1\"")
                .doesNotContain("<script").doesNotContain("alert").doesNotContain("onclick")
                .doesNotContain("<style").doesNotContain("tracker.example").doesNotContain("<img");
    }

    @Test
    void repliesKeepTheirThreadAndShowOnlyTheNewWords() throws Exception {
        InboundMessage m = client("reply.eml");
        assertThat(m.text()).isEqualTo("Yes, the address is right.");
        assertThat(m.extras().get("email.fullText")).contains("Baker Street").contains("ACME Ltd");
        assertThat(m.threadKey()).isEqualTo("first-1@example.com");
        assertThat(m.replyToExternalId()).isEqualTo("lh.t.42.0123456789abcdef@shop.example");
        assertThat(m.subject()).isEqualTo("RE: Re: Fwd: Order 12345");
    }

    @Test
    void attachmentsAreStoredWithDecodedNamesTypesAndSizes() throws Exception {
        InboundMessage m = client("attachment.eml");
        assertThat(m.text()).isEqualTo("Please see the invoice.");
        assertThat(m.attachments()).hasSize(2);
        assertThat(m.attachments().get(0).fileName()).isEqualTo("Счёт №5.pdf");
        assertThat(m.attachments().get(0).mimeType()).isEqualTo("application/pdf");
        assertThat(m.attachments().get(0).kind()).isEqualTo(AttachmentKind.DOCUMENT);
        assertThat(m.attachments().get(0).size()).isEqualTo(stored.get(0).length);
        assertThat(new String(stored.get(0), 0, 8)).isEqualTo("%PDF-1.4");
        assertThat(m.attachments().get(0).localRef()).isEqualTo("file-1");
        assertThat(m.attachments().get(1).fileName()).isEqualTo("logo.png");
        assertThat(m.attachments().get(1).kind()).isEqualTo(AttachmentKind.IMAGE);
    }

    @Test
    void anAttachmentOverTheLimitIsRefusedWithANote() throws Exception {
        EmailMapper small = new EmailMapper(Session.getInstance(new Properties()), 40, this::store);
        InboundMessage m = ((EmailMapper.ClientMail) small.map(fixture("attachment.eml"))).message();
        assertThat(m.attachments()).extracting(a -> a.fileName()).containsExactly("logo.png");
        assertThat(m.text()).startsWith("Please see the invoice.").contains("Not accepted").contains("Счёт №5.pdf");
    }

    @Test
    void aBounceOfAHubMailIsAFailedReceiptWithTheServersReason() throws Exception {
        EmailMapper.Mapped mapped = mapper.map(fixture("bounce.eml"));
        assertThat(mapped).isInstanceOf(EmailMapper.Bounce.class);
        EmailMapper.Bounce bounce = (EmailMapper.Bounce) mapped;
        assertThat(bounce.receipt().externalMessageId()).isEqualTo("lh.t.77.fedcba9876543210@shop.example");
        assertThat(bounce.receipt().status()).isEqualTo(ReceiptStatus.FAILED);
        assertThat(bounce.receipt().error()).contains("550 5.1.1").contains("User unknown");
    }

    @Test
    void autoRepliesAndBulkMailAreSkipped() throws Exception {
        assertThat(mapper.map(fixture("autoreply.eml"))).isInstanceOf(EmailMapper.Skipped.class);
        assertThat(mapper.map(fixture("bulk.eml"))).isInstanceOf(EmailMapper.Skipped.class);
    }

    @Test
    void aMailWithoutMessageIdGetsAStableDigest() throws Exception {
        InboundMessage first = client("no-message-id.eml");
        InboundMessage second = client("no-message-id.eml");
        assertThat(first.externalMessageId()).startsWith("sha256:").isEqualTo(second.externalMessageId());
    }

    @Test
    void aMailWithoutSenderIsUnreadable() {
        assertThatThrownBy(() -> mapper.map(fixture("no-sender.eml")))
                .isInstanceOf(EmailMapper.UnreadableMailException.class).hasMessageContaining("sender");
    }
}
