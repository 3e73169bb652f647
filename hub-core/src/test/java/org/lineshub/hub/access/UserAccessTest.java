package org.lineshub.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.access.LineRole;

class UserAccessTest {

    private static final long LINE = 10;
    private static final long OTHER_LINE = 20;
    private static final long ME = 1;
    private static final long COLLEAGUE = 2;

    @Test
    void operatorsSeeTheQueueTheirOwnAndClosedSessionsOfTheirLines() {
        UserAccess operator = access(false, LineRole.OPERATOR);
        assertThat(operator.canSeeSession(LINE, "QUEUED", null)).isTrue();
        assertThat(operator.canSeeSession(LINE, "ASSIGNED", ME)).isTrue();
        assertThat(operator.canSeeSession(LINE, "CLOSED", COLLEAGUE)).isTrue();
        assertThat(operator.canSeeSession(LINE, "ASSIGNED", COLLEAGUE)).isFalse();
        assertThat(operator.canSeeSession(LINE, "SPAM", null)).isFalse();
        assertThat(operator.canSeeSession(OTHER_LINE, "QUEUED", null)).isFalse();
        assertThat(operator.canSupervise(LINE)).isFalse();
        assertThat(operator.canSeeInternal(LINE)).isTrue();
    }

    @Test
    void supervisorsAndReadersSeeEverySessionOfTheirLinesOnly() {
        for (LineRole role : new LineRole[] {LineRole.SUPERVISOR, LineRole.READER}) {
            UserAccess access = access(false, role);
            assertThat(access.canSeeSession(LINE, "ASSIGNED", COLLEAGUE)).isTrue();
            assertThat(access.canSeeSession(LINE, "SPAM", null)).isTrue();
            assertThat(access.canSeeSession(OTHER_LINE, "QUEUED", null)).isFalse();
        }
        assertThat(access(false, LineRole.SUPERVISOR).canSupervise(LINE)).isTrue();
        assertThat(access(false, LineRole.READER).canSupervise(LINE)).isFalse();
        assertThat(access(false, LineRole.READER).canSeeInternal(LINE)).as("readers never see comments").isFalse();
    }

    @Test
    void writersOfALineSeeNoSessionsOfIt() {
        UserAccess writer = access(false, LineRole.WRITER);
        assertThat(writer.canSeeLine(LINE)).isFalse();
        assertThat(writer.canSeeSession(LINE, "QUEUED", null)).isFalse();
    }

    @Test
    void adminsSeeAndSuperviseEverything() {
        UserAccess admin = new UserAccess(ME, "Admin", true, Map.of());
        assertThat(admin.canSeeSession(OTHER_LINE, "ASSIGNED", COLLEAGUE)).isTrue();
        assertThat(admin.canSupervise(OTHER_LINE)).isTrue();
        assertThat(admin.canSeeLine(OTHER_LINE)).isTrue();
    }

    private static UserAccess access(boolean admin, LineRole role) {
        return new UserAccess(ME, "Me", admin, Map.of(LINE, EnumSet.of(role)));
    }
}
