package org.lineshub.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.ReceiptStatus;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.SharedWebhookHandler;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;
import org.lineshub.plugin.testkit.TestChannelContext;
import org.lineshub.whatsapp.fake.MetaWebhook;

/**
 * The shared webhook as the hub calls it: Meta's verification request, signatures over the raw body, routing by
 * {@code phone_number_id} to the running accounts, and what is answered when the hub cannot store.
 */
@ExtendWith(SecretLeakCheck.class)
class WhatsAppWebhookTest {

    static final String APP_SECRET = "6f1d2b0c9a8e7d6c5b4a39281706f5e4";
    static final String OTHER_APP_SECRET = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String VERIFY_TOKEN = "lines-verify-7c1e";

    private static final String FIRST = "106540352242922";
    private static final String SECOND = "106540352242923";
    private static final String OTHER_APP = "106540352242999";

    private final SharedWebhookHandler webhook = new WhatsAppConnector().sharedWebhook().orElseThrow();
    private final TestNumbers numbers = new TestNumbers();
    private TestChannelContext first;
    private TestChannelContext second;
    private TestChannelContext otherApp;

    @BeforeEach
    void numbers() {
        // two numbers of one Meta app, one of another app
        first = numbers.add(FIRST, APP_SECRET, VERIFY_TOKEN, "http://127.0.0.1:9");
        second = numbers.add(SECOND, APP_SECRET, VERIFY_TOKEN, "http://127.0.0.1:9");
        otherApp = numbers.add(OTHER_APP, OTHER_APP_SECRET, "other-verify-token", "http://127.0.0.1:9");
    }

    @Test
    void answersTheVerificationRequestForTheVerifyTokenOfAnyAccount() throws Exception {
        WebhookResponse answer = webhook.handle(verification("subscribe", "1158201444", VERIFY_TOKEN), numbers);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/plain");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("1158201444");
        assertThat(webhook.handle(verification("subscribe", "77", "other-verify-token"), numbers).body())
                .isEqualTo("77".getBytes(StandardCharsets.UTF_8));

        for (WebhookRequest refused : List.of(verification("subscribe", "1", "meatyhamhock"),
                verification("unsubscribe", "1", VERIFY_TOKEN), verification("subscribe", "", VERIFY_TOKEN))) {
            assertThatThrownBy(() -> webhook.handle(refused, numbers))
                    .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(403));
        }
    }

    @Test
    void storesASignedMessageForTheAccountOfItsPhoneNumber() throws Exception {
        byte[] body = WhatsAppPayloadMapperTest.fixture("text.json");

        assertThat(webhook.handle(post(body, MetaWebhook.signature(APP_SECRET, body)), numbers).status())
                .isEqualTo(200);

        assertThat(first.sink.messages()).extracting(InboundMessage::text)
                .containsExactly("Does it come in another color?");
        assertThat(second.sink.messages()).isEmpty();
    }

    @Test
    void checksTheSignatureOverTheEscapedBytesMetaSentNotOverReserialisedJson() throws Exception {
        byte[] body = WhatsAppPayloadMapperTest.fixture("text_non_ascii.json");
        String signature = MetaWebhook.signature(APP_SECRET, body);
        byte[] reserialised = new ObjectMapper().writeValueAsBytes(new ObjectMapper().readTree(body));
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("\\u041f\\u0440").contains("https:\\/\\/");

        assertThatThrownBy(() -> webhook.handle(post(reserialised, signature), numbers))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(first.sink.messages()).isEmpty();

        assertThat(webhook.handle(post(body, signature), numbers).status()).isEqualTo(200);
        assertThat(first.sink.messages()).extracting(InboundMessage::text)
                .containsExactly("Привет, äöå \uD83D\uDC4B https://shop.example/order/42");
    }

    @Test
    void refusesAWrongOrMissingSignatureAndStoresNothing() {
        byte[] body = MetaWebhook.text("102290129340398", FIRST, "16505551234", "Sheena Nelson", "wamid.X1", 1L,
                "hello").getBytes(StandardCharsets.UTF_8);

        for (WebhookRequest forged : List.of(post(body, MetaWebhook.signature("guessed-secret", body)),
                post(body, "sha256=00"), post(body, null), post(body, "sha1=abc"))) {
            assertThatThrownBy(() -> webhook.handle(forged, numbers))
                    .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
        assertThat(first.sink.batches).isEmpty();
    }

    @Test
    void acceptsTheSignatureInUpperCaseHex() throws Exception {
        byte[] body = WhatsAppPayloadMapperTest.fixture("text.json");
        String upper = "sha256=" + MetaWebhook.signature(APP_SECRET, body).substring(7).toUpperCase();

        assertThat(webhook.handle(post(body, upper), numbers).status()).isEqualTo(200);
    }

    @Test
    void handsEachBusinessNumberOfARequestToItsOwnAccount() throws Exception {
        byte[] body = WhatsAppPayloadMapperTest.fixture("two_numbers.json");

        webhook.handle(post(body, MetaWebhook.signature(APP_SECRET, body)), numbers);

        assertThat(first.sink.messages()).extracting(InboundMessage::text).containsExactly("For the first number");
        assertThat(second.sink.messages()).extracting(InboundMessage::text)
                .containsExactly("For the second number");
    }

    @Test
    void refusesARequestSignedWithTheSecretOfAnotherApp() {
        byte[] body = MetaWebhook.text("102290129340398", OTHER_APP, "16505551234", "Sheena Nelson", "wamid.X2", 1L,
                "forged").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> webhook.handle(post(body, MetaWebhook.signature(APP_SECRET, body)), numbers))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(otherApp.sink.batches).isEmpty();
    }

    @Test
    void storesWhatItCanAndAsksAgainForANumberWithoutRunningAccount() throws Exception {
        byte[] body = WhatsAppPayloadMapperTest.fixture("two_numbers.json");
        numbers.remove(SECOND);

        assertThatThrownBy(() -> webhook.handle(post(body, MetaWebhook.signature(APP_SECRET, body)), numbers))
                .isInstanceOf(NotStoredException.class).hasMessageContaining(SECOND);
        assertThat(first.sink.messages()).hasSize(1);

        numbers.remove(FIRST);
        numbers.remove(OTHER_APP);
        assertThatThrownBy(() -> webhook.handle(post(body, MetaWebhook.signature(APP_SECRET, body)), numbers))
                .isInstanceOf(NotStoredException.class);
    }

    @Test
    void letsThePlatformDeliverAgainWhenTheHubCannotStoreAndKeepsTheSameIds() throws Exception {
        byte[] body = WhatsAppPayloadMapperTest.fixture("text.json");
        WebhookRequest request = post(body, MetaWebhook.signature(APP_SECRET, body));
        first.sink.failures.set(1);

        assertThatThrownBy(() -> webhook.handle(request, numbers)).isInstanceOf(NotStoredException.class);
        assertThat(first.sink.batches).isEmpty();

        webhook.handle(request, numbers);
        webhook.handle(request, numbers);
        // the hub drops the second by its external id; what matters is that Meta's id is the key both times
        assertThat(first.sink.messages()).extracting(InboundMessage::externalMessageId).containsOnly(
                "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
    }

    @Test
    void reportsStatusesAsReceiptsOfSentMessages() throws Exception {
        byte[] body = WhatsAppPayloadMapperTest.fixture("status_failed.json");

        webhook.handle(post(body, MetaWebhook.signature(APP_SECRET, body)), numbers);

        assertThat(first.sink.receipts).extracting(DeliveryReceipt::status).containsExactly(ReceiptStatus.FAILED);
        assertThat(first.sink.batches).isEmpty();
    }

    @Test
    void parksAMalformedSignedBodyAndRefusesAnUnsignedOne() {
        byte[] body = "{\"object\":\"whatsapp_business_account\",\"entry\":\"nope\"}".getBytes(StandardCharsets.UTF_8);
        byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> webhook.handle(post(body, MetaWebhook.signature(APP_SECRET, body)), numbers))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> webhook.handle(post(notJson, MetaWebhook.signature(APP_SECRET, notJson)), numbers))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> webhook.handle(post(notJson, "sha256=1234"), numbers))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void acknowledgesOtherWebhookFieldsWithoutHandingAnythingOver() throws Exception {
        byte[] body = WhatsAppPayloadMapperTest.fixture("template_status_update.json");

        assertThat(webhook.handle(post(body, MetaWebhook.signature(APP_SECRET, body)), numbers).status())
                .isEqualTo(200);
        assertThat(first.sink.batches).isEmpty();
        assertThat(first.sink.receipts).isEmpty();
        assertThatThrownBy(() -> webhook.handle(post(body, MetaWebhook.signature("nobody", body)), numbers))
                .isInstanceOf(RejectedInputException.class);
    }

    @Test
    void parksAMessageItCannotMapAndStoresTheOthers() throws Exception {
        String text = MetaWebhook.text("102290129340398", FIRST, "16505551234", "Sheena Nelson", "wamid.X3", 1L,
                "fine").replace("\"messages\":[{", "\"messages\":[{\"from\":\"1\",\"type\":\"text\"},{");
        byte[] body = text.getBytes(StandardCharsets.UTF_8);

        assertThat(webhook.handle(post(body, MetaWebhook.signature(APP_SECRET, body)), numbers).status())
                .isEqualTo(200);
        assertThat(first.sink.messages()).extracting(InboundMessage::text).containsExactly("fine");
        assertThat(first.sink.parked).singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo("unmappable WhatsApp update: id is missing"));
    }

    private static WebhookRequest verification(String mode, String challenge, String token) {
        return new WebhookRequest("GET", Map.of(), Map.of("hub.mode", List.of(mode), "hub.challenge",
                List.of(challenge), "hub.verify_token", List.of(token)), null);
    }

    private static WebhookRequest post(byte[] body, String signature) {
        Map<String, List<String>> headers = signature == null ? Map.of("Content-Type", List.of("application/json"))
                : Map.of("X-Hub-Signature-256", List.of(signature), "Content-Type", List.of("application/json"));
        return new WebhookRequest("POST", headers, Map.of(), body);
    }
}
