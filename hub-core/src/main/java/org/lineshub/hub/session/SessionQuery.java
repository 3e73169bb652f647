package org.lineshub.hub.session;

import java.util.List;

/**
 * Which sessions to list.
 *
 * @param view       {@code queue}, {@code mine}, {@code active} (queued and assigned), {@code closed}, or
 *                   {@code null} for every session the caller may see
 * @param lineId     only this line, or {@code null}
 * @param statuses   only these statuses, or empty
 * @param channel    only this channel type, or {@code null}
 * @param operatorId only this operator's, or {@code null}
 * @param clientId   only this client's, or {@code null}
 * @param sort       {@code created} (newest first, the default), {@code lastActivity} (most recent first),
 *                   {@code duration} (longest running first) or {@code waiting} (longest waiting first)
 * @param limit      the most to return, 1 to 200
 * @param cursor     where the page starts: the cursor of the previous page's next link (same sort), or {@code null}
 *                   for the first page
 */
public record SessionQuery(String view, Long lineId, List<SessionStatus> statuses, String channel, Long operatorId,
                           Long clientId, String sort, int limit, String cursor) {
}
