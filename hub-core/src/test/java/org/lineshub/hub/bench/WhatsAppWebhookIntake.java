package org.lineshub.hub.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.lineshub.whatsapp.fake.MetaWebhook;

/**
 * WhatsApp Cloud API's webhook: each message is a {@code messages} notification posted to the hub's shared address
 * {@code /webhooks/shared/whatsapp}, signed with {@code X-Hub-Signature-256} (HMAC-SHA256 of the raw body with the
 * app secret), one message per request as Meta sends them. The body is the one {@link MetaWebhook#text} writes
 * (Meta's envelope and escaping), made once with place-holders that each message fills in, and signed per message
 * with a {@link Mac} each sending thread keeps.
 */
final class WhatsAppWebhookIntake implements Intake {

    /** The clients' WhatsApp ids (their numbers) start above this. */
    static final long FIRST_CLIENT = 16_505_000_000L;

    private static final String WA_ID = "@@waid@@";
    private static final String NAME = "@@name@@";
    private static final String WAMID = "@@wamid@@";
    private static final String TEXT = "@@text@@";
    private static final long TIMESTAMP = 1_111_111_111L;

    private final URI url;
    private final String appSecret;
    private final String runTag;
    private final BenchOptions options;
    private final Runnable onClose;
    private final String template;

    /**
     * @param url           the shared webhook
     * @param wabaId        the WhatsApp Business Account's id
     * @param phoneNumberId the business number's id, the account's {@code phoneNumberId}
     * @param appSecret     the app secret
     * @param runTag        makes the run's message ids unique on a hub that keeps data
     * @param options       the options
     * @param onClose       what closing the intake frees
     */
    WhatsAppWebhookIntake(URI url, String wabaId, String phoneNumberId, String appSecret, String runTag,
                          BenchOptions options, Runnable onClose) {
        this.url = url;
        this.appSecret = appSecret;
        this.runTag = runTag;
        this.options = options;
        this.onClose = onClose;
        this.template = MetaWebhook.text(wabaId, phoneNumberId, WA_ID, NAME, WAMID, TIMESTAMP, TEXT);
    }

    @Override
    public String name() {
        return BenchOptions.WHATSAPP_WEBHOOK;
    }

    @Override
    public boolean storedOnAnswer() {
        return true;
    }

    @Override
    public int senders(BenchOptions.Load load) {
        return load.closed() ? options.concurrency() : options.connections();
    }

    @Override
    public int window(BenchOptions.Load load) {
        return options.concurrency();
    }

    @Override
    public Sender openSender() {
        RawHttpConnection connection = new RawHttpConnection(url, "");
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        HexFormat hex = HexFormat.of();
        return new Sender() {
            @Override
            public int send(Job job) throws IOException {
                String waId = Long.toString(FIRST_CLIENT + job.chat());
                byte[] body = template.replace(WA_ID, waId).replace(NAME, "Bench " + job.chat())
                        .replace(WAMID, "wamid.bench" + runTag + "." + job.seq())
                        .replace(Long.toString(TIMESTAMP), Long.toString(System.currentTimeMillis() / 1000))
                        .replace(TEXT, Ledger.text(job.seq())).getBytes(StandardCharsets.UTF_8);
                String signature = MetaWebhook.SIGNATURE_HEADER + ": sha256=" + hex.formatHex(mac.doFinal(body))
                        + "\r\n";
                return connection.post(signature, body);
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    @Override
    public Map<String, String> storingThreads() {
        return Intake.hubThreads("hub HTTP threads", "http-nio-");
    }

    @Override
    public String timing() {
        return "HTTP round trip of the signed webhook request (200 comes after the commit)";
    }

    @Override
    public void close() {
        onClose.run();
    }
}
