package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What counts as a plugin failing in a row, and what its failures say. */
class PluginFaultsTest {

    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    private final PluginFaults faults = new PluginFaults(List.of("bot-token-123456", "abc"));

    @Test
    void countsDifferentInputsInARowAndTheSameInputOnce() {
        assertThat(faults.failed("update 1", START)).isEqualTo(1);
        assertThat(faults.failed("update 2", START.plusSeconds(1))).isEqualTo(2);
        assertThat(faults.failed("update 2", START.plusSeconds(2))).as("delivered again").isEqualTo(2);
        assertThat(faults.failed("reply 7", START.plusSeconds(3))).isEqualTo(3);
    }

    @Test
    void aSuccessEndsTheStreakAndHandsBackItsProblem() {
        faults.failed("update 1", START);
        faults.reported("the plugin failed on 1 input");

        assertThat(faults.succeeded()).isEqualTo("the plugin failed on 1 input");
        assertThat(faults.succeeded()).as("nothing left to clear").isNull();
        assertThat(faults.failed("update 1", START.plusSeconds(1))).isEqualTo(1);
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        faults.failed("update 1", START);
        faults.failed("update 2", START.plusSeconds(60));

        assertThat(faults.failed("update 3", START.plus(PluginFaults.WINDOW).plusSeconds(1))).isEqualTo(2);
    }

    @Test
    void theAccountIsStoppedOnce() {
        assertThat(faults.stop()).isTrue();
        assertThat(faults.stop()).isFalse();
    }

    @Test
    void descriptionsNameTheExceptionAndBlankOutTheSecrets() {
        IllegalStateException error = new IllegalStateException("no chat for bot bot-token-123456 at abc");

        assertThat(faults.describe(error))
                .isEqualTo("IllegalStateException: no chat for bot *** at abc");
        assertThat(faults.forLog(error).getMessage()).doesNotContain("bot-token-123456")
                .startsWith("java.lang.IllegalStateException: ");
        assertThat(faults.forLog(error).getStackTrace()).isEqualTo(error.getStackTrace());
        assertThat(faults.describe(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(faults.describe(new IllegalStateException("x".repeat(1000)))).hasSizeLessThan(310);
    }
}
