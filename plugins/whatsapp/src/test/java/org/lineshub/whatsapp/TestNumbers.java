package org.lineshub.whatsapp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.SharedWebhookHandler;
import org.lineshub.plugin.testkit.TestChannelContext;

/**
 * The running accounts of the channel type as the hub shows them to the shared webhook: business phone numbers with
 * their settings, found by {@code phoneNumberId}.
 */
final class TestNumbers implements SharedWebhookHandler.Accounts {

    /** The access token of every test number; the fake Graph API checks it. */
    static final String TOKEN = "EAAJB3x7ZCtest0token0value0ZDZD";

    private final Map<String, TestChannelContext> numbers = new LinkedHashMap<>();

    /**
     * @param phoneNumberId the number's id
     * @param appSecret     its app's secret
     * @param verifyToken   its app's verify token
     * @param apiBaseUrl    the Graph API the account calls
     * @return the number's context
     */
    TestChannelContext add(String phoneNumberId, String appSecret, String verifyToken, String apiBaseUrl) {
        TestChannelContext context = context(numbers.size() + 1,
                settings(phoneNumberId, appSecret, verifyToken, apiBaseUrl));
        numbers.put(phoneNumberId, context);
        return context;
    }

    /** @return what the hub would hand the plugin for the number's account */
    static TestChannelContext context(long accountId, Map<String, String> settings) {
        return TestChannelContext.builder("whatsapp").accountId(accountId).accountName("test number " + accountId)
                .settings(settings).build();
    }

    static Map<String, String> settings(String phoneNumberId, String appSecret, String verifyToken,
                                        String apiBaseUrl) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(WhatsAppSettings.PHONE_NUMBER_ID, phoneNumberId);
        settings.put(WhatsAppSettings.ACCESS_TOKEN, TOKEN);
        settings.put(WhatsAppSettings.APP_SECRET, appSecret);
        settings.put(WhatsAppSettings.VERIFY_TOKEN, verifyToken);
        settings.put(WhatsAppSettings.API_BASE_URL, apiBaseUrl);
        return settings;
    }

    void remove(String phoneNumberId) {
        numbers.remove(phoneNumberId);
    }

    @Override
    public Optional<ChannelContext> find(String routingKey) {
        return Optional.ofNullable(numbers.get(routingKey));
    }

    @Override
    public List<ChannelContext> all() {
        return List.copyOf(numbers.values());
    }
}
