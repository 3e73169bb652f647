package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ChannelAccountRequestTest {

    @Test
    void printsTheNamesOfSettingsButNoValues() {
        ChannelAccountRequest request = new ChannelAccountRequest("telegram", "Support bot", 3L,
                Map.of("botToken", "123456:AAFsecret-token", "apiBaseUrl", "https://api.example.org"), true);

        assertThat(request.toString()).contains("telegram").contains("Support bot").contains("botToken")
                .doesNotContain("123456:AAFsecret-token").doesNotContain("https://api.example.org");
    }
}
