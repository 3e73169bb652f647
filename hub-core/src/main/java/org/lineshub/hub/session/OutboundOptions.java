package org.lineshub.hub.session;

import java.util.List;

import org.lineshub.plugin.api.Button;
import org.lineshub.plugin.api.MessageTemplate;

/**
 * What an outbound message carries besides text and files, stored with it as JSON.
 *
 * @param template the approved template to send instead of free text, or {@code null}
 * @param buttons  quick-reply buttons to offer; empty when none
 */
public record OutboundOptions(MessageTemplate template, List<Button> buttons) {

    /** Copies the buttons. */
    public OutboundOptions {
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
    }

    /** @return whether there is nothing to store */
    boolean isEmpty() {
        return template == null && buttons.isEmpty();
    }
}
