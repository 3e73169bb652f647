package org.lineshub.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;
import org.lineshub.vk.fake.FakeVkApi;

/** Received files are streamed from the address their attachment carries. */
class VkFileFetcherTest {

    private FakeVkApi vk;
    private VkTestHub hub;

    @BeforeEach
    void start() throws Exception {
        vk = FakeVkApi.start();
        vk.community(VkTestHub.GROUP_ID, VkTestHub.TOKEN);
        hub = VkTestHub.start(VkTestHub.settings(vk.baseUrl(), VkSettings.MODE, "callback",
                VkSettings.CONFIRMATION_CODE, "c0de", VkSettings.SECRET, "s3cret"));
    }

    @AfterEach
    void stop() {
        hub.close();
        vk.close();
    }

    @Test
    void streamsAReceivedFile() throws Exception {
        String url = vk.file("voice.ogg", "OggS voice".getBytes(StandardCharsets.UTF_8), "audio/ogg");

        AttachmentContent content = hub.fetch(Attachment.external(AttachmentKind.VOICE, url).build());

        try (InputStream in = content.content()) {
            assertThat(in.readAllBytes()).isEqualTo("OggS voice".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(content.mimeType()).isEqualTo("audio/ogg");
        assertThat(content.size()).isEqualTo(10L);
    }

    @Test
    void aFileThatIsGoneIsRefusedAndAnUnreachableOneIsATransportFailure() {
        assertThatThrownBy(() -> hub.fetch(Attachment.external(AttachmentKind.IMAGE,
                vk.baseUrl() + "/files/expired").build())).isInstanceOf(ChannelRejectedException.class);
        assertThatThrownBy(() -> hub.fetch(Attachment.external(AttachmentKind.IMAGE, "photo123_456").build()))
                .isInstanceOf(ChannelRejectedException.class);
        String url = vk.file("later.jpg", new byte[] {1}, "image/jpeg");
        vk.close();
        assertThatThrownBy(() -> hub.fetch(Attachment.external(AttachmentKind.IMAGE, url).build()))
                .isInstanceOf(ChannelTransportException.class);
    }
}
