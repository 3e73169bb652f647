package org.lineshub.plugin.api;

/**
 * A quick-reply button offered with an outbound message, on channels with {@link ChannelCapability#BUTTONS}. When
 * the client presses it, the plugin delivers an inbound message with the button's text and its payload in the
 * extras under {@link #PAYLOAD_EXTRA}.
 *
 * @param text    the label the client sees
 * @param payload what comes back when it is pressed, or {@code null} for the label
 */
public record Button(String text, String payload) {

    /** The key of a pressed button's payload in {@link InboundMessage#extras()}. */
    public static final String PAYLOAD_EXTRA = "button.payload";

    /** Checks the label. */
    public Button {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a button needs a text");
        }
    }
}
