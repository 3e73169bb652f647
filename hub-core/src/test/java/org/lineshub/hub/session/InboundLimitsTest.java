package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.SenderProfile;

class InboundLimitsTest {

    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    void cutsEveryFieldToItsColumnAndNamesWhatItCut() {
        SenderProfile sender = SenderProfile.builder("u1").displayName("n".repeat(301)).email("e".repeat(321))
                .phone("1".repeat(41)).profileUrl("p".repeat(1001)).build();
        InboundMessage m = InboundMessage.builder("m1", "c1", sender).subject("s".repeat(999))
                .attachment(Attachment.external(AttachmentKind.DOCUMENT, "r".repeat(1001)).mimeType("t".repeat(256))
                        .fileName("f".repeat(501)).build())
                .build();

        InboundLimits.Fitted fitted = InboundLimits.fit(m);

        assertThat(fitted.problem()).isNull();
        assertThat(fitted.message().sender().displayName()).hasSize(300);
        assertThat(fitted.message().sender().email()).hasSize(320);
        assertThat(fitted.message().sender().phone()).hasSize(40);
        assertThat(fitted.message().sender().profileUrl()).hasSize(1000);
        assertThat(fitted.message().subject()).hasSize(998);
        Attachment file = fitted.message().attachments().get(0);
        assertThat(file.mimeType()).hasSize(255);
        assertThat(file.fileName()).hasSize(500);
        assertThat(file.externalRef()).hasSize(1000);
        assertThat(fitted.cut()).containsExactlyInAnyOrder("sender.displayName", "sender.email", "sender.phone",
                "sender.profileUrl", "subject", "attachments[0].fileName", "attachments[0].mimeType",
                "attachments[0].externalRef");
    }

    @Test
    void leavesAMessageThatFitsAsItIs() {
        InboundMessage m = InboundMessage.builder("m1", "c1", SenderProfile.builder("u1").displayName("Ann").build())
                .text("hello").sequence(17L).extras(Map.of("button", "yes")).build();

        InboundLimits.Fitted fitted = InboundLimits.fit(m);

        assertThat(fitted.message()).isEqualTo(m);
        assertThat(fitted.message().sequence()).isEqualTo(17L);
        assertThat(fitted.cut()).isEmpty();
    }

    @Test
    void countsCharactersAsTheDatabaseDoesAndNeverSplitsAPairOfSurrogates() {
        String fits = "a".repeat(299) + EMOJI;
        String tooLong = "a".repeat(299) + EMOJI + EMOJI;
        InboundMessage m = InboundMessage.builder(EMOJI.repeat(191), "c1",
                        SenderProfile.builder("u1").displayName(fits).username(tooLong).build())
                .build();

        InboundLimits.Fitted fitted = InboundLimits.fit(m);

        assertThat(fitted.problem()).as("191 characters fit the key, however many UTF-16 units").isNull();
        assertThat(fitted.message().sender().displayName()).isEqualTo(fits);
        assertThat(fitted.message().sender().username()).isEqualTo("a".repeat(191));
    }

    @Test
    void cutsTextToTheBytesOfItsColumnAtACharacterBoundary() {
        // 4 bytes per emoji: 4,194,304 emoji do not fit 16,777,215 bytes; one fewer does
        String text = EMOJI.repeat(4_194_304);
        InboundMessage m = InboundMessage.builder("m1", "c1", SenderProfile.builder("u1").build()).text(text).build();

        InboundLimits.Fitted fitted = InboundLimits.fit(m);

        assertThat(fitted.message().text()).isEqualTo(EMOJI.repeat(4_194_303));
        assertThat(fitted.cut()).containsExactly("text");
    }

    @Test
    void keepsExtrasInTheOrderOfTheirKeysWhileTheirJsonFitsItsColumn() {
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("b", "x".repeat(40_000));
        extras.put("a", "y".repeat(20_000));
        extras.put("c", "z".repeat(20_000));
        InboundMessage m = InboundMessage.builder("m1", "c1", SenderProfile.builder("u1").build()).extras(extras)
                .build();

        InboundLimits.Fitted fitted = InboundLimits.fit(m);

        assertThat(fitted.message().extras()).containsOnlyKeys("a", "b");
        assertThat(fitted.cut()).containsExactly("extras");
    }

    @Test
    void refusesIdsLongerThanTheirKeysNamingThem() {
        InboundMessage m = InboundMessage.builder("m".repeat(192), "c1", SenderProfile.builder("u".repeat(200)).build())
                .threadKey("t".repeat(191)).build();

        InboundLimits.Fitted fitted = InboundLimits.fit(m);

        assertThat(fitted.message()).isNull();
        assertThat(fitted.problem()).isEqualTo("ids longer than 191 characters: externalMessageId, externalUserId");
    }
}
