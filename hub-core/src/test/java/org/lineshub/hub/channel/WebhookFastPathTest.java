package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which webhook paths the fast path takes apart itself; every other one is left to the servlet container and MVC. */
class WebhookFastPathTest {

    @Test
    void plainKeysTypesAndPathsBelowThemAreTaken() {
        assertThat(plain("/webhooks/Ab3-x_Y9")).isTrue();
        assertThat(plain("/webhooks/shared/whatsapp")).isTrue();
        assertThat(plain("/webhooks/k3y/messages/v1.json")).isTrue();
        assertThat(plain("/webhooks/k3y/")).isTrue();
    }

    @Test
    void encodedCharactersParametersAndDotSegmentsAreLeftToMvc() {
        assertThat(plain("/webhooks/")).isFalse();
        assertThat(plain("/webhooks/%6Bey")).isFalse();
        assertThat(plain("/webhooks/key;jsessionid=1")).isFalse();
        assertThat(plain("/webhooks/key/../other")).isFalse();
        assertThat(plain("/webhooks/key/./x")).isFalse();
        assertThat(plain("/webhooks/.key")).isFalse();
        assertThat(plain("/webhooks//key")).isFalse();
        assertThat(plain("/webhooks/key//x")).isFalse();
        assertThat(plain("/webhooks/key x")).isFalse();
        assertThat(plain("/webhooks/ключ")).isFalse();
    }

    private static boolean plain(String path) {
        return WebhookFastPath.plain(path, WebhookFastPath.PREFIX.length());
    }
}
