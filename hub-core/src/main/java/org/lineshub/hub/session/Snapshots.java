package org.lineshub.hub.session;

import org.lineshub.hub.event.MessageSnapshot;
import org.lineshub.hub.event.SessionSnapshot;

/** Builds the event views of sessions and messages. */
final class Snapshots {

    private Snapshots() {
    }

    static SessionSnapshot of(Session s, String channelType, String clientName) {
        return new SessionSnapshot(s.getId(), s.getLineId(), s.getAccountId(), channelType, s.getClientId(),
                clientName, s.getStatus().name(), s.getOperatorId(), s.getCreatedAt(), s.getLastMessageAt(),
                s.getWaitingSince());
    }

    static MessageSnapshot of(Message m, int attachments) {
        return new MessageSnapshot(m.getId(), m.getSessionId(), m.getDirection().name(), m.getAuthorUserId(),
                m.getAuthorName(), m.getText(), attachments,
                m.getDeliveryStatus() == null ? null : m.getDeliveryStatus().name(), m.getDeliveryError(),
                m.getSortTime(), m.getSortSeq());
    }
}
