package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.system.InvalidRequestException;

class SessionSortTest {

    private static final Instant CREATED = Instant.parse("2026-11-29T12:00:00.123456Z");
    private static final Instant LAST = Instant.parse("2026-11-29T13:00:00.000001Z");

    @Test
    void aCursorHoldsTheSortsTimeToTheMicrosecondAndTheId() {
        SessionView waiting = view(42, Instant.parse("2026-11-29T12:30:00.5Z"));

        assertThat(SessionSort.CREATED.parse(SessionSort.CREATED.cursor(waiting)))
                .isEqualTo(new SessionSort.Key(CREATED, 42));
        assertThat(SessionSort.LAST_ACTIVITY.parse(SessionSort.LAST_ACTIVITY.cursor(waiting)))
                .isEqualTo(new SessionSort.Key(LAST, 42));
        assertThat(SessionSort.WAITING.parse(SessionSort.WAITING.cursor(waiting)).time())
                .isEqualTo(Instant.parse("2026-11-29T12:30:00.5Z"));
        assertThat(SessionSort.WAITING.parse(SessionSort.WAITING.cursor(view(43, null))).time())
                .as("sessions nobody waits on come last, as in the column").isEqualTo(SessionSort.NOT_WAITING);
    }

    @Test
    void eachSortPagesOnItsOwnKeyInItsOwnDirection() {
        assertThat(SessionSort.of(null)).isEqualTo(SessionSort.CREATED);
        assertThat(SessionSort.of("created").orderBy()).isEqualTo(" ORDER BY s.created_at DESC, s.id DESC");
        assertThat(SessionSort.of("created").after())
                .isEqualTo("(s.created_at < :afterTime OR (s.created_at = :afterTime AND s.id < :afterId))");
        assertThat(SessionSort.of("waiting").orderBy()).isEqualTo(" ORDER BY s.waiting_order ASC, s.id ASC");
        assertThat(SessionSort.of("duration").after()).contains("s.created_at > :afterTime");
        assertThatThrownBy(() -> SessionSort.of("oldest")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aCursorOfAnotherSortOrNoCursorAtAllIsRefused() {
        String created = SessionSort.CREATED.cursor(view(42, null));

        assertThatThrownBy(() -> SessionSort.DURATION.parse(created)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SessionSort.CREATED.parse("not a cursor")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SessionSort.CREATED.parse("Y3JlYXRlZDp4OjQy"))
                .as("created:x:42").isInstanceOf(InvalidRequestException.class);
    }

    private static SessionView view(long id, Instant waitingSince) {
        return new SessionView(id, 1, 1, "loopback", 1, "Client", "QUEUED", null, null, CREATED, null, null, null,
                LAST, null, waitingSince, 0, null);
    }
}
