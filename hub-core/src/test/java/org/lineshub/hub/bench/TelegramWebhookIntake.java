package org.lineshub.hub.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Telegram's webhook: each message is an {@code Update} posted to the bot's webhook URL with the
 * {@code X-Telegram-Bot-Api-Secret-Token} header, one update per request, as Telegram sends them (the shape of
 * the fake Bot API's updates: a private chat whose id is the user's). The same requests go to the hub's Telegram
 * account and to the baseline, so the two are measured alike. Written by hand instead of through a JSON library: the
 * generator shares the cores with the hub.
 */
final class TelegramWebhookIntake implements Intake {

    /** Chat ids of the benchmark's chats start above this. */
    static final long FIRST_CHAT = 7_100_000_000L;

    private final String name;
    private final URI url;
    private final String secretHeader;
    private final BenchOptions options;
    private final Runnable onClose;
    private final AtomicLong updateIds = new AtomicLong(1);

    /**
     * @param name    the scenario's name
     * @param url     the webhook
     * @param secret  the bot's secret token
     * @param options the options
     * @param onClose what closing the intake frees
     */
    TelegramWebhookIntake(String name, URI url, String secret, BenchOptions options, Runnable onClose) {
        this.name = name;
        this.url = url;
        this.secretHeader = "X-Telegram-Bot-Api-Secret-Token: " + secret + "\r\n";
        this.options = options;
        this.onClose = onClose;
    }

    @Override
    public String name() {
        return name;
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
        RawHttpConnection connection = new RawHttpConnection(url, secretHeader);
        return new Sender() {
            @Override
            public int send(Job job) throws IOException {
                return connection.post(null, body(updateIds.getAndIncrement(), FIRST_CHAT + job.chat(), job.nth(),
                        Ledger.text(job.seq())));
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    /** An update with a text message from a user in their private chat with the bot. */
    static byte[] body(long updateId, long chat, long messageId, String text) {
        long date = System.currentTimeMillis() / 1000;
        return ("{\"update_id\":" + updateId + ",\"message\":{\"message_id\":" + messageId
                + ",\"from\":{\"id\":" + chat + ",\"is_bot\":false,\"first_name\":\"Bench" + chat
                + "\",\"language_code\":\"en\"},\"chat\":{\"id\":" + chat + ",\"first_name\":\"Bench" + chat
                + "\",\"type\":\"private\"},\"date\":" + date + ",\"text\":\"" + text + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> storingThreads() {
        return name.equals("baseline") ? Map.of("baseline threads", "baseline-")
                : Intake.hubThreads("hub HTTP threads", "http-nio-");
    }

    @Override
    public String timing() {
        return "HTTP round trip of the webhook request (200 comes after the commit)";
    }

    @Override
    public void close() {
        onClose.run();
    }
}
