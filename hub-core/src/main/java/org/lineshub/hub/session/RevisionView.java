package org.lineshub.hub.session;

import java.time.Instant;

/**
 * An earlier version of a message, as the API shows it.
 *
 * @param kind      EDITED or DELETED: the change that replaced this version
 * @param text      the text before that change
 * @param html      the HTML before that change, or {@code null}
 * @param changedAt when the client made the change
 */
public record RevisionView(String kind, String text, String html, Instant changedAt) {

    static RevisionView of(MessageRevision r) {
        return new RevisionView(r.getKind(), r.getText(), r.getHtml(), r.getChangedAt());
    }
}
