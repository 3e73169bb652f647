package org.lineshub.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.AttachmentFetcher;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.whatsapp.fake.FakeGraphApi;

/** Received media: the media id becomes a download URL, downloaded with the access token. */
@ExtendWith(SecretLeakCheck.class)
class WhatsAppMediaFetcherTest {

    private static final String NUMBER = "106540352242922";

    private FakeGraphApi graph;
    private ConnectedAccount account;

    @BeforeEach
    void connect() {
        graph = FakeGraphApi.start().phoneNumber(NUMBER, TestNumbers.TOKEN);
        account = new WhatsAppConnector().connect(TestNumbers.context(1, TestNumbers.settings(NUMBER,
                WhatsAppWebhookTest.APP_SECRET, WhatsAppWebhookTest.VERIFY_TOKEN, graph.baseUrl())));
    }

    @AfterEach
    void close() {
        account.close();
        graph.close();
    }

    @Test
    void streamsTheMediaOfAReceivedMessage() throws Exception {
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2, 3};
        graph.media("1003383421387256", "image/jpeg", jpeg);

        AttachmentContent content = fetcher().fetch(Attachment.external(AttachmentKind.IMAGE, "1003383421387256")
                .build());

        try (InputStream in = content.content()) {
            assertThat(in.readAllBytes()).isEqualTo(jpeg);
        }
        assertThat(content.mimeType()).isEqualTo("image/jpeg");
        assertThat(content.size()).isEqualTo(jpeg.length);
        assertThat(graph.downloads()).isOne();
    }

    @Test
    void keepsTheTypeTheWebhookNamed() throws Exception {
        graph.media("1578389342945214", "audio/ogg", new byte[] {'O', 'g', 'g', 'S'});

        AttachmentContent content = fetcher().fetch(Attachment.external(AttachmentKind.VOICE, "1578389342945214")
                .mimeType("audio/ogg; codecs=opus").build());

        content.content().close();
        assertThat(content.mimeType()).isEqualTo("audio/ogg; codecs=opus");
    }

    @Test
    void refusesMediaMetaNoLongerHas() {
        assertThatThrownBy(() -> fetcher().fetch(Attachment.external(AttachmentKind.DOCUMENT, "404404").build()))
                .isInstanceOf(ChannelRejectedException.class).hasMessageContaining("error 100");
    }

    private AttachmentFetcher fetcher() {
        return account.attachments().orElseThrow();
    }
}
